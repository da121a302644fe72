//! Buckets AWS services own, behind scoped S3 endpoint policies: the
//! statements `allow aws-buckets` adds, and W210 where a scoped gateway
//! endpoint admits none of them.

use std::collections::BTreeSet;

use super::model::{Effect, Expr, Principal, Statement};
use super::policy::sid;
use crate::aws::{Catalog, Partition};
use crate::check::model::Model;
use crate::diagnostics::Diagnostic;
use crate::rules::Code;
use crate::syntax::ast::Span;

/// The statements that admit the file's sets of AWS-owned buckets through a
/// scoped S3 endpoint reaching S3 in `region`: one Allow statement per set
/// whose bucket names are known in `partition`, in the data file's order.
pub(crate) fn statements(catalog: &Catalog, model: &Model, partition: Partition, region: &str) -> Vec<Statement> {
    catalog
        .aws_bucket_sets()
        .iter()
        .filter(|set| model.aws_bucket_sets.contains(&set.name) && set.applies_in(partition))
        .map(|set| Statement {
            sid: sid(&["Allow", "aws", "buckets", &set.name]),
            effect: Effect::Allow,
            principal: Some(Principal::Any),
            actions: set.actions.clone(),
            resources: set.arns(partition, region).into_iter().map(Expr::Lit).collect(),
            conditions: Vec::new(),
        })
        .collect()
}

/// W210: the scoped S3 gateway endpoint `name` of `subnets` admits no
/// AWS-owned bucket. `span` is the first gateway intent through it.
pub(crate) fn blocked(
    catalog: &Catalog,
    model: &Model,
    partition: Partition,
    name: &str,
    subnets: &BTreeSet<String>,
    span: Span,
) -> Diagnostic {
    let listed: Vec<String> = subnets.iter().map(|s| format!("`{s}`")).collect();
    let help = if model.aws_bucket_sets.is_empty() {
        let known: Vec<String> = catalog
            .aws_bucket_sets()
            .iter()
            .map(|set| format!("`{}` ({})", set.name, set.what))
            .collect();
        format!(
            "admit the ones the instances use with `allow aws-buckets SET, ...;`, from {}; or silence W210 with a reason",
            known.join(", ")
        )
    } else {
        format!(
            "the names of AWS's buckets in partition `{}` are not confirmed, so `allow aws-buckets` adds nothing here: declare the buckets the instances use (`bucket NAME existing;`) and reach them, or silence W210 with a reason",
            partition.arn_segment()
        )
    };
    Diagnostic::new(
        Code::W210,
        span,
        format!(
            "the s3 gateway endpoint `{name}` only lets this file's buckets through, not the buckets AWS services use"
        ),
    )
    .with_label(format!(
        "other S3 requests of {} are refused: SSM Agent, package repositories, ECR layers",
        listed.join(", ")
    ))
    .with_help(help)
}
