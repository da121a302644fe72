//! Instance roles: `for ec2` (E004), their subnets and resources (E002,
//! E004) and their actions (E111). Access that no subnet of the role can
//! reach (W205) depends on the endpoints the plan gives each subnet, so the
//! plan reports it.

use super::model::{RoleInfo, RoleResource};
use super::names::Kind;
use super::network::NO_VPC;
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
    let index = ctx.model.roles.len();
    if !ctx.names.declare(Kind::Role, &decl.name, index, &mut ctx.diags) {
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
    let subnets: Vec<usize> = decl
        .subnets
        .iter()
        .filter_map(|w| ctx.names.resolve(Kind::Subnet, w, &mut ctx.diags))
        .collect();
    let mut resources = Vec::new();
    for reference in &decl.on {
        let resolved = match reference.node.kind {
            ResourceKind::Bucket => ctx
                .names
                .resolve(Kind::Bucket, &reference.node.name, &mut ctx.diags)
                .map(RoleResource::Bucket),
            ResourceKind::Table => ctx
                .names
                .resolve(Kind::Table, &reference.node.name, &mut ctx.diags)
                .map(RoleResource::Table),
        };
        if let Some(resource) = resolved {
            resources.push((resource, reference.span));
        }
    }
    check_actions(ctx, decl);
    let region = role_region(ctx, decl, &subnets, &resources);
    let partition = ctx.partition(&region);
    ctx.model.roles.push(RoleInfo {
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
}

/// The region whose stack holds the role: the file's, else that of its first
/// subnet's VPC, else that of its first resource; E114 when there is none.
fn role_region(
    ctx: &mut Ctx,
    decl: &RoleDecl,
    subnets: &[usize],
    resources: &[(RoleResource, crate::syntax::ast::Span)],
) -> String {
    if let Some(home) = &ctx.model.home_region {
        return home.clone();
    }
    let from_subnet = subnets
        .iter()
        .filter_map(|s| ctx.model.subnets.get(*s))
        .filter(|s| s.vpc != NO_VPC)
        .find_map(|s| ctx.model.vpcs.get(s.vpc))
        .map(|v| v.region.clone());
    let from_resource = resources.iter().find_map(|(r, _)| match r {
        RoleResource::Bucket(b) => ctx.model.buckets.get(*b).map(|b| b.region.clone()),
        RoleResource::Table(t) => ctx.model.tables.get(*t).map(|t| t.region.clone()),
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
