//! Instance roles: `for ec2` (E004), their subnets and resources (E002,
//! E004) and their actions (E111). Access that no subnet of the role can
//! reach (W205) depends on the endpoints the plan gives each subnet, so the
//! plan reports it.

use super::model::{RoleInfo, RoleResource, SubnetId};
use super::names::{Entry, Kind};
use super::Ctx;
use crate::diagnostics::Diagnostic;
use crate::rules::Code;
use crate::syntax::ast::{Access, Program, ResourceKind, RoleDecl, StatementKind};

/// Resolves and checks every role.
pub fn resolve(ctx: &mut Ctx, program: &Program) {
    for statement in &program.statements {
        if let StatementKind::Role(decl) = &statement.kind {
            role(ctx, decl);
        }
    }
}

fn role(ctx: &mut Ctx, decl: &RoleDecl) {
    if !ctx.names.declare(Kind::Role, &decl.name, &mut ctx.diags) {
        return;
    }
    if decl.assumed_by.node != "ec2" {
        ctx.report(
            Diagnostic::new(
                Code::E004,
                decl.assumed_by.span,
                format!("a role cannot be declared `for {}`", decl.assumed_by.node),
            )
            .with_label("only `ec2` is supported")
            .with_help("write `for ec2`: roles are instance roles with an instance profile"),
        );
    }
    let subnets: Vec<SubnetId> = decl
        .subnets
        .iter()
        .filter_map(|w| ctx.names.resolve(w, &mut ctx.diags))
        .collect();
    let mut resources = Vec::new();
    for reference in &decl.on {
        let resolved = match reference.node.kind {
            ResourceKind::Bucket => ctx
                .names
                .resolve(&reference.node.name, &mut ctx.diags)
                .map(RoleResource::Bucket),
            ResourceKind::Table => ctx
                .names
                .resolve(&reference.node.name, &mut ctx.diags)
                .map(RoleResource::Table),
        };
        if let Some(resource) = resolved {
            resources.push((resource, reference.span));
        }
    }
    check_actions(ctx, decl);
    let region = role_region(ctx, decl, &subnets, &resources);
    let partition = ctx.partition(&region);
    let pushed = ctx.model.push_role(RoleInfo {
        name: decl.name.node.clone(),
        span: decl.name.span,
        region,
        partition,
        subnets,
        managed: decl.managed.iter().map(|w| w.node.clone()).collect(),
        access: decl.allow.iter().map(|a| a.node.clone()).collect(),
        resource_spans: resources.iter().map(|(_, span)| *span).collect(),
        resources: resources.into_iter().map(|(r, _)| r).collect(),
    });
    if let Some(id) = ctx.placed(pushed) {
        ctx.names.place(&decl.name.node, Entry::Role(id));
    }
}

/// The region whose stack holds the role: the file's, else that of its first
/// subnet's VPC, else that of its first resource; E114 when there is none.
fn role_region(
    ctx: &mut Ctx,
    decl: &RoleDecl,
    subnets: &[SubnetId],
    resources: &[(RoleResource, crate::syntax::ast::Span)],
) -> String {
    if let Some(home) = &ctx.model.home_region {
        return home.clone();
    }
    let from_subnet = subnets
        .first()
        .map(|s| ctx.model.vpc(ctx.model.subnet(*s).vpc).region.clone());
    let from_resource = resources.first().map(|(r, _)| match r {
        RoleResource::Bucket(b) => ctx.model.bucket(*b).region.clone(),
        RoleResource::Table(t) => ctx.model.table(*t).region.clone(),
    });
    match from_subnet.or(from_resource) {
        Some(region) => region,
        None => ctx.resource_region(None, Kind::Role, &decl.name),
    }
}

/// E111 for roles: actions must belong to the services of the `on` resources.
fn check_actions(ctx: &mut Ctx, decl: &RoleDecl) {
    let services: Vec<&str> = [(ResourceKind::Bucket, "s3"), (ResourceKind::Table, "dynamodb")]
        .iter()
        .filter(|(kind, _)| decl.on.iter().any(|r| r.node.kind == *kind))
        .map(|(_, s)| *s)
        .collect();
    if services.is_empty() {
        if let Some(first) = decl.allow.first() {
            ctx.report(
                Diagnostic::new(
                    Code::E111,
                    first.span,
                    format!("role `{}` is granted access on nothing", decl.name.node),
                )
                .with_label("no `on` resources")
                .with_help("name the resources: `allow read on bucket NAME`"),
            );
        }
        return;
    }
    for access in &decl.allow {
        let Access::Action(action) = &access.node else {
            continue;
        };
        if action
            .split_once(':')
            .is_some_and(|(prefix, _)| services.contains(&prefix))
        {
            continue;
        }
        ctx.report(
            Diagnostic::new(
                Code::E111,
                access.span,
                format!(
                    "`{action}` is not an action of `{}`, the service of this role's resources",
                    services.join("` or `")
                ),
            )
            .with_label("wrong service")
            .with_help("use an action of the resources' service, or `read`, `write`, `list`, `all`"),
        );
    }
}
