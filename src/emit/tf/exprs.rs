//! Plan values in Terraform terms: resource types and labels of keys,
//! references, expressions and policy documents as [`HclValue`]s.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use super::hcl::{HclValue, TemplatePart};
use super::labels::{mangle_parts, LabelTable};
use crate::internal::InternalError;
use crate::plan::model::{
    Condition, Effect, Expr, IdRef, Kind, Plan, PolicyDocument, Principal, ResourceKey, Statement,
};

/// The Terraform resource type that a plan kind becomes.
pub fn resource_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Vpc => "aws_vpc",
        Kind::Subnet => "aws_subnet",
        Kind::RouteTable => "aws_route_table",
        Kind::InternetGateway => "aws_internet_gateway",
        Kind::ElasticIp => "aws_eip",
        Kind::NatGateway => "aws_nat_gateway",
        Kind::Route => "aws_route",
        Kind::GatewayEndpoint | Kind::InterfaceEndpoint => "aws_vpc_endpoint",
        Kind::SecurityGroup => "aws_security_group",
        Kind::Bucket => "aws_s3_bucket",
        Kind::Table => "aws_dynamodb_table",
        Kind::EndpointService => "aws_vpc_endpoint_service",
        Kind::Role => "aws_iam_role",
        Kind::InstanceProfile => "aws_iam_instance_profile",
    }
}

/// What names a keyed resource in the label table: its region, kind and parts.
pub fn identity(region: &str, key: &ResourceKey) -> String {
    let parts: usize = key.parts.iter().map(|part| part.len() + 1).sum();
    let mut out = String::with_capacity(region.len() + 24 + parts);
    out.push_str(region);
    out.push('\u{0}');
    out.push_str(key.kind.name());
    for part in &key.parts {
        out.push('\u{0}');
        out.push_str(part);
    }
    out
}

/// The label a key would get before collisions are resolved.
pub fn proposed_label(key: &ResourceKey) -> String {
    match key.kind {
        // Both endpoint kinds are `aws_vpc_endpoint`: the suffix keeps an S3
        // gateway endpoint and an S3 interface endpoint of one VPC apart.
        Kind::GatewayEndpoint => mangle_parts(key.parts.iter().map(String::as_str).chain(["gateway"])),
        Kind::InterfaceEndpoint => mangle_parts(key.parts.iter().map(String::as_str).chain(["interface"])),
        _ => mangle_parts(&key.parts),
    }
}

/// Buckets and tables that exist already: referenced by name, never created.
#[derive(Debug, Clone)]
pub(super) enum Existing {
    /// A bucket, by name.
    Bucket(String),
    /// A table, by name.
    Table(String),
}

/// Converts plan values for one file; tracks which regions need the account id.
pub struct Ctx<'a> {
    plan: &'a Plan,
    /// Labels of keyed resources, providers and data sources.
    pub labels: &'a LabelTable,
    existing: BTreeMap<String, Existing>,
    account_regions: RefCell<BTreeSet<String>>,
}

impl<'a> Ctx<'a> {
    /// A context over `plan` with resolved `labels`.
    pub fn new(plan: &'a Plan, labels: &'a LabelTable) -> Self {
        let mut existing = BTreeMap::new();
        for (region, part) in &plan.regions {
            for resource in part.resources() {
                if let Some(found) = super::view::blocks(resource).existing() {
                    existing.insert(identity(region, resource.key()), found);
                }
            }
        }
        Ctx {
            plan,
            labels,
            existing,
            account_regions: RefCell::new(BTreeSet::new()),
        }
    }

    /// Regions whose expressions used the account id, so far.
    pub fn account_regions(&self) -> BTreeSet<String> {
        self.account_regions.borrow().clone()
    }

    /// The label of a created resource.
    pub fn label(&self, region: &str, key: &ResourceKey) -> Result<String, InternalError> {
        self.labels.get(resource_type(key.kind), &identity(region, key))
    }

    /// `aws.REGION` for the `provider` argument.
    pub fn provider(&self, region: &str) -> Result<HclValue, InternalError> {
        Ok(HclValue::reference([
            "aws".to_string(),
            self.labels.get("provider", region)?,
        ]))
    }

    /// `TYPE.LABEL.ATTRIBUTE` of a created resource.
    pub fn attr(&self, region: &str, key: &ResourceKey, attribute: &str) -> Result<HclValue, InternalError> {
        let label = self.label(region, key)?;
        Ok(HclValue::reference([
            resource_type(key.kind).to_string(),
            label,
            attribute.to_string(),
        ]))
    }

    /// An id reference: a created resource's `.id`, or an existing literal id.
    pub fn id_ref(&self, region: &str, reference: &IdRef) -> Result<HclValue, InternalError> {
        match reference {
            IdRef::Created(key) => self.attr(region, key, "id"),
            IdRef::Existing(id) => Ok(HclValue::Str(id.clone())),
        }
    }

    fn account_id(&self, region: &str) -> Result<TemplatePart, InternalError> {
        let label = self.labels.get("data.aws_caller_identity", region)?;
        self.account_regions.borrow_mut().insert(region.to_string());
        Ok(TemplatePart::Ref(vec![
            "data".into(),
            "aws_caller_identity".into(),
            label,
            "account_id".into(),
        ]))
    }

    fn partition(&self, region: &str) -> &'static str {
        self.plan
            .regions
            .get(region)
            .map_or("aws", |part| part.partition.arn_segment())
    }

    /// The id or ARN of a keyed resource, existing buckets and tables included.
    fn keyed(&self, region: &str, key: &ResourceKey, arn: bool) -> Result<Vec<TemplatePart>, InternalError> {
        match self.existing.get(&identity(region, key)) {
            Some(Existing::Bucket(name)) if arn => Ok(vec![TemplatePart::Lit(format!(
                "arn:{}:s3:::{name}",
                self.partition(region)
            ))]),
            Some(Existing::Table(name)) if arn => Ok(vec![
                TemplatePart::Lit(format!("arn:{}:dynamodb:{region}:", self.partition(region))),
                self.account_id(region)?,
                TemplatePart::Lit(format!(":table/{name}")),
            ]),
            Some(Existing::Bucket(name) | Existing::Table(name)) => Ok(vec![TemplatePart::Lit(name.clone())]),
            None => match self.attr(region, key, if arn { "arn" } else { "id" })? {
                HclValue::Ref(parts) => Ok(vec![TemplatePart::Ref(parts)]),
                _ => Err(InternalError::new("a reference is not a traversal")),
            },
        }
    }

    fn parts(&self, region: &str, expr: &Expr) -> Result<Vec<TemplatePart>, InternalError> {
        match expr {
            Expr::Lit(text) => Ok(vec![TemplatePart::Lit(text.clone())]),
            Expr::Id(key) => self.keyed(region, key, false),
            Expr::Arn(key) => self.keyed(region, key, true),
            Expr::ImportedId { region: home, key } => self.keyed(home, key, false),
            Expr::AccountId => Ok(vec![self.account_id(region)?]),
            Expr::Concat(items) => {
                let mut parts = Vec::new();
                for item in items {
                    parts.extend(self.parts(region, item)?);
                }
                Ok(parts)
            }
        }
    }

    /// An expression evaluated in `region`.
    pub fn expr(&self, region: &str, expr: &Expr) -> Result<HclValue, InternalError> {
        Ok(HclValue::template(self.parts(region, expr)?))
    }

    fn exprs(&self, region: &str, exprs: &[Expr]) -> Result<Vec<HclValue>, InternalError> {
        exprs.iter().map(|expr| self.expr(region, expr)).collect()
    }

    /// A policy document as the object inside `jsonencode(...)`; single values are scalars.
    pub fn policy(&self, region: &str, document: &PolicyDocument) -> Result<HclValue, InternalError> {
        let statements: Result<Vec<HclValue>, InternalError> = document
            .statements
            .iter()
            .map(|statement| self.statement(region, statement))
            .collect();
        Ok(HclValue::Object(vec![
            ("Version".into(), HclValue::Str("2012-10-17".into())),
            ("Statement".into(), HclValue::List(statements?)),
        ]))
    }

    fn statement(&self, region: &str, statement: &Statement) -> Result<HclValue, InternalError> {
        let strings = |values: &[String]| values.iter().cloned().map(HclValue::Str).collect::<Vec<_>>();
        let mut entries = vec![
            ("Sid".to_string(), HclValue::Str(statement.sid.clone())),
            (
                "Effect".to_string(),
                HclValue::Str(match statement.effect {
                    Effect::Allow => "Allow".into(),
                    Effect::Deny => "Deny".into(),
                }),
            ),
        ];
        match &statement.principal {
            Some(Principal::Any) => entries.push(("Principal".into(), HclValue::Str("*".into()))),
            Some(Principal::Service(services)) => entries.push((
                "Principal".into(),
                HclValue::Object(vec![("Service".into(), HclValue::scalar_or_list(strings(services)))]),
            )),
            None => {}
        }
        if !statement.actions.is_empty() {
            entries.push(("Action".into(), HclValue::scalar_or_list(strings(&statement.actions))));
        }
        if !statement.resources.is_empty() {
            entries.push((
                "Resource".into(),
                HclValue::scalar_or_list(self.exprs(region, &statement.resources)?),
            ));
        }
        if !statement.conditions.is_empty() {
            entries.push(("Condition".into(), self.conditions(region, &statement.conditions)?));
        }
        Ok(HclValue::Object(entries))
    }

    /// Conditions grouped by operator, in first-use order; a key may appear
    /// once per operator (a JSON object cannot hold it twice).
    fn conditions(&self, region: &str, conditions: &[Condition]) -> Result<HclValue, InternalError> {
        let mut operators: Vec<(String, HclValue)> = Vec::new();
        for condition in conditions {
            let values = HclValue::scalar_or_list(self.exprs(region, &condition.values)?);
            let position = operators
                .iter()
                .position(|(operator, _)| *operator == condition.operator);
            let index = match position {
                Some(index) => index,
                None => {
                    operators.push((condition.operator.clone(), HclValue::Object(Vec::new())));
                    operators.len() - 1
                }
            };
            if let Some((_, HclValue::Object(keys))) = operators.get_mut(index) {
                if keys.iter().any(|(key, _)| *key == condition.key) {
                    return Err(InternalError::new(format!(
                        "condition `{}` on `{}` appears twice in statement",
                        condition.operator, condition.key
                    )));
                }
                keys.push((condition.key.clone(), values));
            }
        }
        Ok(HclValue::Object(operators))
    }
}
