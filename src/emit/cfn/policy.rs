//! Policy documents as template values.

use serde_json::{Map, Value};

use super::intrinsics::Ctx;
use crate::internal::InternalError;
use crate::plan::model::{Effect, PolicyDocument, Principal, Statement};

/// The IAM policy language version every document declares.
pub const POLICY_VERSION: &str = "2012-10-17";

/// A policy document: `Version` and the `Statement` list, in plan order.
pub fn document(ctx: &Ctx<'_>, policy: &PolicyDocument) -> Result<Value, InternalError> {
    let statements: Vec<Value> = policy
        .statements
        .iter()
        .map(|s| statement(ctx, s))
        .collect::<Result<_, _>>()?;
    let mut doc = Map::new();
    doc.insert("Version".into(), Value::String(POLICY_VERSION.into()));
    doc.insert("Statement".into(), Value::Array(statements));
    Ok(Value::Object(doc))
}

/// One statement. `Principal` is left out only when the plan has none
/// (identity policies); `Action` and `Resource` are scalars when single.
fn statement(ctx: &Ctx<'_>, statement: &Statement) -> Result<Value, InternalError> {
    let mut out = Map::new();
    out.insert("Sid".into(), Value::String(statement.sid.clone()));
    let effect = match statement.effect {
        Effect::Allow => "Allow",
        Effect::Deny => "Deny",
    };
    out.insert("Effect".into(), Value::String(effect.into()));
    if let Some(principal) = &statement.principal {
        out.insert("Principal".into(), principal_value(principal));
    }
    if !statement.actions.is_empty() {
        let actions: Vec<Value> = statement.actions.iter().cloned().map(Value::String).collect();
        out.insert("Action".into(), single_or_list(actions));
    }
    if !statement.resources.is_empty() {
        out.insert("Resource".into(), ctx.scalar_or_list(&statement.resources)?);
    }
    if !statement.conditions.is_empty() {
        out.insert("Condition".into(), conditions(ctx, statement)?);
    }
    Ok(Value::Object(out))
}

/// `"*"` or `{Service: ...}`, the services a scalar when single (like the Terraform side).
fn principal_value(principal: &Principal) -> Value {
    match principal {
        Principal::Any => Value::String("*".into()),
        Principal::Service(services) => {
            let mut map = Map::new();
            let services: Vec<Value> = services.iter().cloned().map(Value::String).collect();
            map.insert("Service".into(), single_or_list(services));
            Value::Object(map)
        }
    }
}

/// `{operator: {key: values}}`, operators and keys in plan order. A repeated
/// (operator, key) pair cannot be written as one JSON object without changing
/// its meaning, so it is reported.
fn conditions(ctx: &Ctx<'_>, statement: &Statement) -> Result<Value, InternalError> {
    let mut out: Map<String, Value> = Map::new();
    for condition in &statement.conditions {
        let entry = out
            .entry(condition.operator.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(keys) = entry {
            if keys.contains_key(&condition.key) {
                return Err(InternalError::new(format!(
                    "statement `{}` tests `{}` with `{}` twice",
                    statement.sid, condition.key, condition.operator
                )));
            }
            keys.insert(condition.key.clone(), ctx.scalar_or_list(&condition.values)?);
        }
    }
    Ok(Value::Object(out))
}

/// A scalar when there is one value, else the list.
fn single_or_list(mut values: Vec<Value>) -> Value {
    if values.len() == 1 {
        values.pop().unwrap_or_default()
    } else {
        Value::Array(values)
    }
}
