//! `allow admin` (E116) and `deny public` (E002, E004, E109, W201).

use std::collections::BTreeMap;

use super::reach::{self, Resource};
use super::{values, Ctx};
use crate::diagnostics::{Applicability, Diagnostic, Suggestion};
use crate::rules::Code;
use crate::syntax::ast::{Program, ResourceKind, Span, StatementKind};

/// Collects the admin principals, in source order, deduplicated.
pub fn admins(ctx: &mut Ctx, program: &Program) {
    for statement in &program.statements {
        let StatementKind::AllowAdmin(decl) = &statement.kind else {
            continue;
        };
        for principal in &decl.principals {
            if let Some(diagnostic) = values::principal_arn(principal) {
                ctx.report(diagnostic);
            }
            if !ctx.model.admins.contains(&principal.node) {
                ctx.model.admins.push(principal.node.clone());
            }
        }
    }
}

fn describe(ctx: &Ctx, resource: Resource) -> (String, Span) {
    match resource {
        Resource::Bucket(b) => {
            let b = ctx.model.bucket(b);
            (format!("bucket `{}`", b.name), b.span)
        }
        Resource::Table(t) => {
            let t = ctx.model.table(t);
            (format!("table `{}`", t.name), t.span)
        }
    }
}

/// Marks the resources covered by `deny public`, then checks that each is
/// still usable (E109) and warns about the missing admin escape (W201). NAT
/// paths the policy will refuse (W206) depend on where the plan's endpoints
/// send each subnet's requests, so the plan reports them.
pub fn deny_public(ctx: &mut Ctx, program: &Program) {
    let has_admin_statement = program
        .statements
        .iter()
        .any(|s| matches!(s.kind, StatementKind::AllowAdmin(_)));
    // Each covered resource, with the place that covers it first.
    let mut covered: BTreeMap<Resource, Span> = BTreeMap::new();
    for statement in &program.statements {
        let StatementKind::DenyPublic(deny) = &statement.kind else {
            continue;
        };
        if !has_admin_statement {
            let fix = Suggestion::insert(
                statement.span.start,
                format!("allow admin {};\n", admin_placeholder(ctx)),
                "add `allow admin` (then fill in the account and role)",
                Applicability::HasPlaceholders,
            );
            ctx.report(
                Diagnostic::new(Code::W201, statement.span, "`deny public` without any `allow admin`")
                    .with_label("administrators and the console cannot use the data from outside the endpoints")
                    .with_help(
                        "the deploying principal keeps management access (policies, deletion) through IAM; add `allow admin arn:aws:iam::ACCOUNT:role/ROLE;` for the principals that must also read or write the data from outside",
                    )
                    .with_suggestion(fix),
            );
        }
        let mut resources: Vec<(Resource, Span)> = Vec::new();
        if deny.on.is_empty() {
            resources.extend(
                ctx.model
                    .buckets_with_ids()
                    .map(|(b, _)| (Resource::Bucket(b), statement.span)),
            );
            resources.extend(
                ctx.model
                    .tables_with_ids()
                    .map(|(t, _)| (Resource::Table(t), statement.span)),
            );
        }
        for reference in &deny.on {
            let resolved = match reference.node.kind {
                ResourceKind::Bucket => ctx
                    .names
                    .resolve(&reference.node.name, &mut ctx.diags)
                    .map(Resource::Bucket),
                ResourceKind::Table => ctx
                    .names
                    .resolve(&reference.node.name, &mut ctx.diags)
                    .map(Resource::Table),
            };
            resources.extend(resolved.map(|r| (r, reference.span)));
        }
        for (resource, span) in resources {
            covered.entry(resource).or_insert(span);
        }
    }
    for (resource, span) in &covered {
        match *resource {
            Resource::Bucket(b) => {
                let bucket = ctx.model.bucket_mut(b);
                bucket.deny_public = true;
                bucket.deny_public_span = Some(*span);
            }
            Resource::Table(t) => {
                let table = ctx.model.table_mut(t);
                table.deny_public = true;
                table.deny_public_span = Some(*span);
            }
        }
    }
    for (resource, span) in &covered {
        unreachable(ctx, *resource, *span);
    }
}

/// The ARN the W201 fix inserts: `arn:PARTITION:iam::ACCOUNT:role/ROLE`
/// with the home region's partition. `ACCOUNT` is no account id, so the
/// statement fails E116 until a person fills in the principal.
fn admin_placeholder(ctx: &Ctx) -> String {
    let partition = ctx
        .model
        .home_region
        .as_deref()
        .map_or("aws", |region| ctx.partition(region).arn_segment());
    format!("arn:{partition}:iam::ACCOUNT:role/ROLE")
}

/// E109: a denied resource that no endpoint reaches and no admin may use.
fn unreachable(ctx: &mut Ctx, resource: Resource, span: Span) {
    if !ctx.model.admins.is_empty() {
        return;
    }
    if ctx
        .model
        .intents()
        .iter()
        .any(|intent| reach::through_endpoint(&ctx.model, intent, resource))
    {
        return;
    }
    let (name, declared) = describe(ctx, resource);
    let (service, _) = resource.service_and_region(&ctx.model);
    ctx.report(
        Diagnostic::new(Code::E109, span, format!("`deny public` on {name}, which no intent reaches through an endpoint"))
            .with_label("nobody could use it")
            .with_related(declared, format!("{name} declared here"))
            .with_help(format!(
                "reach it through an endpoint (`subnet NAME reaches {} via gateway;`, or the bare `{service}` service), or add `allow admin ARN;`",
                name.replace('`', "")
            )),
    );
}
