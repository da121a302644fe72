//! Plan values as CloudFormation values: literals, `Ref`, `Fn::GetAtt`,
//! `Fn::Join`, pseudo parameters and imported parameters.

use std::collections::{BTreeMap, HashMap};

use foldhash::fast::FixedState;

use serde_json::{json, Map, Value};

use super::ids::{raw_key, Ident};
use crate::internal::InternalError;
use crate::plan::model::{Expr, IdRef, RegionPlan, ResourceKey, Stage};

/// The logical ids of keyed resources, by key.
pub type KeyIds<'a> = HashMap<&'a ResourceKey, &'a str, FixedState>;

/// [`KeyIds`] of a template's ids.
pub fn key_ids(ids: &BTreeMap<Ident, String>) -> KeyIds<'_> {
    ids.iter()
        .filter_map(|(ident, id)| match ident {
            Ident::Key(key) => Some((key, id.as_str())),
            _ => None,
        })
        .collect()
}

/// What resource builders read: the region's plan and the names chosen for it.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    /// The region being emitted.
    pub region: &'a RegionPlan,
    /// The stage of the region being emitted: only its resources are written.
    pub stage: Stage,
    /// The logical id of every resource of the template.
    pub ids: &'a BTreeMap<Ident, String>,
    /// The same ids of the plan's keyed resources, by key: looked up once per
    /// reference, without building an [`Ident`] (a copy of the key) each time.
    pub key_ids: &'a KeyIds<'a>,
    /// The parameter of every import, by `(region, key)`.
    pub params: &'a BTreeMap<(String, ResourceKey), String>,
    /// A key whose ARN is written out instead of `Fn::GetAtt`, because it is
    /// used inside the resource itself (a table's own resource policy).
    pub own_arn: Option<(&'a ResourceKey, &'a Value)>,
}

impl<'a> Ctx<'a> {
    /// The logical id of `ident`.
    pub fn id(&self, ident: &Ident) -> Result<&'a str, InternalError> {
        self.ids.get(ident).map(String::as_str).ok_or_else(|| {
            InternalError::new(format!(
                "the plan refers to `{}` that region `{}` does not create",
                describe(ident),
                self.region.region
            ))
        })
    }

    /// The logical id of the resource `key` names.
    pub fn key_id(&self, key: &ResourceKey) -> Result<&'a str, InternalError> {
        match self.key_ids.get(key) {
            Some(id) => Ok(id),
            None => self.id(&Ident::Key(key.clone())),
        }
    }

    /// `{Ref: id}` of the resource `key` names.
    pub fn key_ref(&self, key: &ResourceKey) -> Result<Value, InternalError> {
        Ok(reference(self.key_id(key)?))
    }

    /// The id a reference stands for: a `Ref` or the literal id.
    pub fn id_ref(&self, id: &IdRef) -> Result<Value, InternalError> {
        match id {
            IdRef::Created(key) => self.key_ref(key),
            IdRef::Existing(literal) => Ok(Value::String(literal.clone())),
        }
    }

    /// A list of id references.
    pub fn id_refs(&self, ids: &[IdRef]) -> Result<Value, InternalError> {
        Ok(Value::Array(
            ids.iter().map(|id| self.id_ref(id)).collect::<Result<_, _>>()?,
        ))
    }

    /// The value of an expression; concatenations are flattened, adjacent
    /// literals merged, and a single piece is written without `Fn::Join`.
    pub fn expr(&self, expr: &Expr) -> Result<Value, InternalError> {
        let mut pieces: Vec<Value> = Vec::new();
        self.pieces(expr, &mut pieces)?;
        Ok(match pieces.len() {
            0 => Value::String(String::new()),
            1 => pieces.pop().unwrap_or_default(),
            _ => json!({ "Fn::Join": ["", pieces] }),
        })
    }

    /// Appends the pieces of `expr` to `out`, merging adjacent literals.
    fn pieces(&self, expr: &Expr, out: &mut Vec<Value>) -> Result<(), InternalError> {
        let value = match expr {
            Expr::Concat(parts) => {
                for part in parts {
                    self.pieces(part, out)?;
                }
                return Ok(());
            }
            Expr::Lit(text) => {
                if let Some(Value::String(previous)) = out.last_mut() {
                    previous.push_str(text);
                    return Ok(());
                }
                if text.is_empty() {
                    return Ok(());
                }
                Value::String(text.clone())
            }
            Expr::Id(key) => self.key_ref(key)?,
            Expr::Arn(key) => match self.own_arn {
                Some((own, arn)) if own == key => arn.clone(),
                _ => get_att(self.key_id(key)?, "Arn"),
            },
            Expr::AccountId => reference("AWS::AccountId"),
            Expr::ImportedId { region, key } => {
                let param = self.params.get(&(region.clone(), key.clone())).ok_or_else(|| {
                    InternalError::new(format!(
                        "region `{}` uses the id of `{}` from region `{region}` without importing it",
                        self.region.region,
                        raw_key(key).replace('\u{1f}', "/")
                    ))
                })?;
                reference(param)
            }
        };
        out.push(value);
        Ok(())
    }

    /// The values of expressions: a scalar when there is one, else a list.
    pub fn scalar_or_list(&self, exprs: &[Expr]) -> Result<Value, InternalError> {
        let mut values: Vec<Value> = exprs.iter().map(|e| self.expr(e)).collect::<Result<_, _>>()?;
        Ok(if values.len() == 1 {
            values.pop().unwrap_or_default()
        } else {
            Value::Array(values)
        })
    }
}

/// `{Ref: name}`.
pub fn reference(name: &str) -> Value {
    json!({ "Ref": name })
}

/// `{Fn::GetAtt: [id, attribute]}`.
pub fn get_att(id: &str, attribute: &str) -> Value {
    json!({ "Fn::GetAtt": [id, attribute] })
}

/// The `Tags` list with the `Name` tag.
pub fn name_tags(name: &str) -> Value {
    json!([{ "Key": "Name", "Value": name }])
}

/// An object from pairs, in the order given.
pub fn object<const N: usize>(pairs: [(&str, Value); N]) -> Map<String, Value> {
    pairs.into_iter().map(|(key, value)| (key.to_string(), value)).collect()
}

/// A readable text of an identity, for messages.
fn describe(ident: &Ident) -> String {
    match ident {
        Ident::Key(key)
        | Ident::Association(key)
        | Ident::Attachment(key)
        | Ident::BucketPolicy(key)
        | Ident::Permissions(key) => raw_key(key).replace('\u{1f}', "/"),
        Ident::Route { name, destination, .. } => format!("route {name} to {destination}"),
    }
}
