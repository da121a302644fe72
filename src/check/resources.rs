//! Buckets (E108), tables and endpoint services (E116, and the region of
//! their load balancers).

use super::model::{BucketInfo, EndpointServiceInfo, TableInfo};
use super::names::{Entry, Kind};
use super::{values, Ctx};
use crate::diagnostics::Diagnostic;
use crate::rules::Code;
use crate::syntax::ast::{BucketDecl, Program, ServiceDecl, StatementKind, TableDecl, TableSource};

/// Declares every bucket, table and endpoint service.
pub fn declare(ctx: &mut Ctx, program: &Program) {
    for statement in &program.statements {
        match &statement.kind {
            StatementKind::Bucket(decl) => bucket(ctx, decl),
            StatementKind::Table(decl) => table(ctx, decl),
            StatementKind::Service(decl) => service(ctx, decl),
            _ => {}
        }
    }
}

fn bucket(ctx: &mut Ctx, decl: &BucketDecl) {
    if !ctx.names.declare(Kind::Bucket, &decl.name, &mut ctx.diags) {
        return;
    }
    if let Some(diagnostic) = values::bucket_name(&decl.name) {
        ctx.report(diagnostic);
    }
    let region = ctx.resource_region(decl.region.as_ref(), Kind::Bucket, &decl.name);
    let partition = ctx.partition(&region);
    let pushed = ctx.model.push_bucket(BucketInfo {
        name: decl.name.node.clone(),
        span: decl.name.span,
        region,
        partition,
        existing: decl.existing.is_some(),
        deny_public: false,
        deny_public_span: None,
    });
    if let Some(id) = ctx.placed(pushed) {
        ctx.names.place(&decl.name.node, Entry::Bucket(id));
    }
}

fn table(ctx: &mut Ctx, decl: &TableDecl) {
    if !ctx.names.declare(Kind::Table, &decl.name, &mut ctx.diags) {
        return;
    }
    let region = ctx.resource_region(decl.region.as_ref(), Kind::Table, &decl.name);
    let partition = ctx.partition(&region);
    let key = match &decl.source {
        TableSource::Created { key } => Some(key.node.clone()),
        TableSource::Existing(_) => None,
    };
    let pushed = ctx.model.push_table(TableInfo {
        name: decl.name.node.clone(),
        span: decl.name.span,
        region,
        partition,
        key,
        deny_public: false,
        deny_public_span: None,
    });
    if let Some(id) = ctx.placed(pushed) {
        ctx.names.place(&decl.name.node, Entry::Table(id));
    }
}

/// An endpoint service: its region is the one of its load balancers (which
/// must agree), else the file's.
fn service(ctx: &mut Ctx, decl: &ServiceDecl) {
    if !ctx.names.declare(Kind::Service, &decl.name, &mut ctx.diags) {
        return;
    }
    let mut nlb_region: Option<(String, &crate::syntax::ast::Word)> = None;
    for arn in &decl.nlbs {
        let region = match values::nlb_arn(arn) {
            Ok(region) => region,
            Err(diagnostic) => {
                ctx.report(diagnostic);
                continue;
            }
        };
        match &nlb_region {
            None => {
                let region_word = crate::syntax::ast::Node::new(region.clone(), arn.span);
                ctx.region_word(&region_word);
                nlb_region = Some((region, arn));
            }
            Some((first, first_arn)) if *first != region => {
                ctx.report(
                    Diagnostic::new(
                        Code::E114,
                        arn.span,
                        format!(
                            "service `{}` has load balancers in two regions, `{first}` and `{region}`",
                            decl.name.node
                        ),
                    )
                    .with_label(format!("load balancer in `{region}`"))
                    .with_related(first_arn.span, format!("load balancer in `{first}`"))
                    .with_help("an endpoint service lives in one region: declare one service per region"),
                );
            }
            Some(_) => {}
        }
    }
    for principal in &decl.allow {
        if let Some(diagnostic) = values::principal_arn(principal) {
            ctx.report(diagnostic);
        }
    }
    let region = match nlb_region {
        Some((region, _)) => region,
        None => ctx.resource_region(None, Kind::Service, &decl.name),
    };
    let ports = ports(decl);
    if let (true, Some(extra)) = (ports.len() > MAX_PORTS, decl.ports.get(MAX_PORTS)) {
        ctx.report(
            Diagnostic::new(
                Code::E001,
                extra.span,
                format!(
                    "service `{}` lists {} ports, more than the {MAX_PORTS} a security group admits",
                    decl.name.node,
                    ports.len()
                ),
            )
            .with_label("one port too many")
            .with_help(format!(
                "the consumers' endpoint security group has one inbound rule per port and holds at most \
                 {MAX_PORTS}: list at most {MAX_PORTS} ports"
            )),
        );
    }
    let pushed = ctx.model.push_service(EndpointServiceInfo {
        name: decl.name.node.clone(),
        span: decl.name.span,
        region,
        nlb_arns: decl.nlbs.iter().map(|w| w.node.clone()).collect(),
        ports,
        acceptance_required: decl.acceptance_required.is_some(),
        allowed_principals: decl.allow.iter().map(|w| w.node.clone()).collect(),
    });
    if let Some(id) = ctx.placed(pushed) {
        ctx.names.place(&decl.name.node, Entry::Service(id));
    }
}

/// The most ports an endpoint service may list: the default quota of inbound
/// rules of a security group, each port taking at least one rule.
const MAX_PORTS: usize = 60;

/// The ports of an endpoint service: as written, sorted and deduplicated, or
/// 443 when the statement has no `port` clause.
fn ports(decl: &ServiceDecl) -> Vec<u16> {
    let written: std::collections::BTreeSet<u16> = decl.ports.iter().map(|p| p.node).collect();
    if written.is_empty() {
        vec![crate::aws::HTTPS_PORT]
    } else {
        written.into_iter().collect()
    }
}
