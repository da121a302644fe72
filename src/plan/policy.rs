//! Policy documents: endpoint policies scoped to resources, `deny public`
//! resource policies, and role policies.

use std::collections::{BTreeMap, BTreeSet};

use super::access;
use super::model::{Condition, Effect, Expr, PolicyDocument, Principal, Statement};
use crate::aws::Partition;
use crate::check::model::{BucketId, Model, TableId};
use crate::syntax::ast::{Access, ResourceKind};

/// A bucket or table of the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Res {
    /// A bucket.
    Bucket(BucketId),
    /// A table.
    Table(TableId),
}

impl Res {
    /// Bucket or table.
    pub fn kind(self) -> ResourceKind {
        match self {
            Res::Bucket(_) => ResourceKind::Bucket,
            Res::Table(_) => ResourceKind::Table,
        }
    }
}

/// What an endpoint's policy lets through.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Scope {
    /// Everything (no endpoint policy).
    Unscoped,
    /// Only these resources, with these access words.
    Scoped(BTreeMap<Res, BTreeSet<Access>>),
}

impl Scope {
    /// Widens `self` to also allow what `other` allows.
    pub fn merge(&mut self, other: Scope) {
        match (&mut *self, other) {
            (Scope::Unscoped, _) => {}
            (_, Scope::Unscoped) => *self = Scope::Unscoped,
            (Scope::Scoped(mine), Scope::Scoped(theirs)) => {
                for (res, accesses) in theirs {
                    mine.entry(res).or_default().extend(accesses);
                }
            }
        }
    }

    /// Whether everything `other` lets through, `self` lets through too
    /// (`all` covers every access word; other words compare as written).
    pub fn covers(&self, other: &Scope) -> bool {
        match (self, other) {
            (Scope::Unscoped, _) => true,
            (Scope::Scoped(_), Scope::Unscoped) => false,
            (Scope::Scoped(mine), Scope::Scoped(theirs)) => theirs.iter().all(|(res, wanted)| {
                mine.get(res)
                    .is_some_and(|have| have.contains(&Access::All) || wanted.is_subset(have))
            }),
        }
    }

    /// Whether the scope lets requests to `res` through.
    pub fn allows(&self, res: Res) -> bool {
        match self {
            Scope::Unscoped => true,
            Scope::Scoped(map) => map.contains_key(&res),
        }
    }
}

/// `arn:PARTITION:s3:::NAME`.
pub(crate) fn bucket_arn(partition: Partition, name: &str) -> String {
    format!("arn:{}:s3:::{name}", partition.arn_segment())
}

/// The ARN of a table (`suffix` empty) or of something under it (`/index/*`),
/// with the deploying account filled in at deploy time. (A created table's
/// `GetAtt Arn` is not used: the table's own policy and the endpoint policies
/// that name it would form a dependency cycle.)
pub(crate) fn table_arn(partition: Partition, region: &str, name: &str, suffix: &str) -> Expr {
    Expr::Concat(vec![
        Expr::Lit(format!("arn:{}:dynamodb:{region}:", partition.arn_segment())),
        Expr::AccountId,
        Expr::Lit(format!(":table/{name}{suffix}")),
    ])
}

/// What follows a table's ARN in the ARN of all of its indexes. A query on an
/// index is authorised against the index ARN, so every statement that names a
/// table names its indexes too.
pub(crate) const TABLE_INDEXES: &str = "/index/*";

/// The ARNs a statement on `res` names: the bucket and its objects, or the
/// table and its indexes.
pub(crate) fn resource_arns(model: &Model, partition: Partition, res: Res) -> Vec<Expr> {
    match res {
        Res::Bucket(b) => {
            let arn = bucket_arn(partition, &model.bucket(b).name);
            vec![Expr::Lit(arn.clone()), Expr::Lit(format!("{arn}/*"))]
        }
        Res::Table(t) => {
            let table = model.table(t);
            vec![
                table_arn(partition, &table.region, &table.name, ""),
                table_arn(partition, &table.region, &table.name, TABLE_INDEXES),
            ]
        }
    }
}

/// The DSL name of a resource.
pub(crate) fn resource_name(model: &Model, res: Res) -> &str {
    match res {
        Res::Bucket(b) => &model.bucket(b).name,
        Res::Table(t) => &model.table(t).name,
    }
}

/// A statement id from words: CamelCase, alphanumeric only.
pub(crate) fn sid(words: &[&str]) -> String {
    words
        .iter()
        .flat_map(|w| w.split(|c: char| !c.is_ascii_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// Makes statement ids unique within a document by numbering repeats.
fn unique_sids(statements: &mut [Statement]) {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for statement in statements {
        let count = seen.entry(statement.sid.clone()).or_insert(0);
        *count += 1;
        if *count > 1 {
            statement.sid = format!("{}{}", statement.sid, count);
        }
    }
}

/// The endpoint policy of a scope: `None` when unscoped (the AWS default,
/// full access), else one Allow statement per resource, `Principal: "*"`,
/// followed by `extra` (the AWS-owned buckets of an S3 endpoint).
pub(crate) fn endpoint_policy(
    model: &Model,
    partition: Partition,
    scope: &Scope,
    extra: Vec<Statement>,
) -> Option<PolicyDocument> {
    let Scope::Scoped(map) = scope else {
        return None;
    };
    let mut statements: Vec<Statement> = map
        .iter()
        .filter_map(|(&res, accesses)| {
            let words: Vec<Access> = accesses.iter().cloned().collect();
            let actions = access::expand(res.kind(), &words);
            if actions.is_empty() {
                return None;
            }
            Some(Statement {
                sid: sid(&["Allow", res.kind().keyword(), resource_name(model, res)]),
                effect: Effect::Allow,
                principal: Some(Principal::Any),
                actions,
                resources: resource_arns(model, partition, res),
                conditions: Vec::new(),
            })
        })
        .collect();
    statements.extend(extra);
    unique_sids(&mut statements);
    Some(PolicyDocument { statements })
}

/// A string from the source as IAM must read it in a policy document: `${`
/// starts a policy variable there, so a literal `${` is written `${$}{`
/// (IAM's escape for a literal `$`).
pub(crate) fn policy_literal(text: &str) -> String {
    text.replace("${", "${$}{")
}

/// The `deny public` policy of a resource: deny every request on the data
/// (objects, listings, items) that does not come through one of `endpoints`,
/// except from `admins`; deny every request without TLS. Management actions
/// are not denied outside the endpoints: they stay with IAM, so that the
/// principal that deploys the stack can still update or delete the policy,
/// the bucket and the table (AWS lets only the root user past a deny on
/// them).
pub(crate) fn deny_public(
    model: &Model,
    partition: Partition,
    res: Res,
    endpoints: Vec<Expr>,
    admins: &[String],
) -> PolicyDocument {
    let all_actions = format!("{}:*", access::service_prefix(res.kind()));
    let data_actions = access::data_actions(res.kind());
    let resources = resource_arns(model, partition, res);
    let mut conditions = Vec::new();
    if !endpoints.is_empty() {
        conditions.push(Condition {
            operator: "StringNotEquals".into(),
            key: "aws:SourceVpce".into(),
            values: endpoints,
        });
    }
    if !admins.is_empty() {
        conditions.push(Condition {
            operator: "ArnNotLike".into(),
            key: "aws:PrincipalArn".into(),
            values: admins.iter().map(|a| Expr::Lit(policy_literal(a))).collect(),
        });
    }
    PolicyDocument {
        statements: vec![
            Statement {
                sid: "DenyDataOutsideVpcEndpoints".into(),
                effect: Effect::Deny,
                principal: Some(Principal::Any),
                actions: data_actions,
                resources: resources.clone(),
                conditions,
            },
            Statement {
                sid: "DenyInsecureTransport".into(),
                effect: Effect::Deny,
                principal: Some(Principal::Any),
                actions: vec![all_actions],
                resources,
                conditions: vec![Condition {
                    operator: "Bool".into(),
                    key: "aws:SecureTransport".into(),
                    values: vec![Expr::Lit("false".into())],
                }],
            },
        ],
    }
}

/// The trust policy that lets a service (e.g. `ec2`) assume a role.
pub(crate) fn trust_policy(partition: Partition, service: &str) -> PolicyDocument {
    PolicyDocument {
        statements: vec![Statement {
            sid: sid(&["Allow", service, "AssumeRole"]),
            effect: Effect::Allow,
            principal: Some(Principal::Service(vec![format!(
                "{service}.{}",
                partition.service_principal_suffix()
            )])),
            actions: vec!["sts:AssumeRole".into()],
            resources: Vec::new(),
            conditions: Vec::new(),
        }],
    }
}

/// A role's inline policy: the access words on each resource.
pub(crate) fn role_policy(
    model: &Model,
    partition: Partition,
    accesses: &[Access],
    resources: &[Res],
) -> Option<PolicyDocument> {
    let mut statements: Vec<Statement> = resources
        .iter()
        .filter_map(|&res| {
            let actions = access::expand(res.kind(), accesses);
            (!actions.is_empty()).then(|| Statement {
                sid: sid(&["Allow", res.kind().keyword(), resource_name(model, res)]),
                effect: Effect::Allow,
                principal: None,
                actions,
                resources: resource_arns(model, partition, res),
                conditions: Vec::new(),
            })
        })
        .collect();
    unique_sids(&mut statements);
    (!statements.is_empty()).then_some(PolicyDocument { statements })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sids_are_alphanumeric_camel_case() {
        assert_eq!(
            sid(&["Allow", "bucket", "net-107-s3.bucket"]),
            "AllowBucketNet107S3Bucket"
        );
    }

    /// Two buckets and four tables, by id.
    fn resources() -> (Vec<Res>, Vec<Res>) {
        let model = Model::with_data_resources(2, 4);
        let buckets = model.buckets_with_ids().map(|(id, _)| Res::Bucket(id)).collect();
        let tables = model.tables_with_ids().map(|(id, _)| Res::Table(id)).collect();
        (buckets, tables)
    }

    #[test]
    fn unscoped_absorbs_scoped() {
        let (buckets, tables) = resources();
        let mut scope = Scope::Scoped(BTreeMap::from([(buckets[0], BTreeSet::from([Access::Read]))]));
        scope.merge(Scope::Unscoped);
        assert_eq!(scope, Scope::Unscoped);
        assert!(scope.allows(tables[3]));
    }

    #[test]
    fn scoped_merge_unions_access() {
        let (buckets, _) = resources();
        let mut scope = Scope::Scoped(BTreeMap::from([(buckets[0], BTreeSet::from([Access::Read]))]));
        scope.merge(Scope::Scoped(BTreeMap::from([(
            buckets[0],
            BTreeSet::from([Access::Write]),
        )])));
        let Scope::Scoped(map) = &scope else { panic!("scoped") };
        assert_eq!(map.get(&buckets[0]).map(|s| s.len()), Some(2));
        assert!(!scope.allows(buckets[1]));
    }
}
