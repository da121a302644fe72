//! Private DNS is VPC-wide: the private hosted zone of an interface endpoint
//! is associated with the VPC, so every subnet of the VPC resolves the
//! service's name to the endpoint. This module draws the consequences:
//!
//! - the endpoint's security group admits the VPC's CIDR block (E127 when an
//!   existing VPC does not state it);
//! - an intent that sends the service's traffic another way (`via nat`) goes
//!   to the endpoint instead, which is E124 when its policy keeps the target
//!   out;
//! - for S3 next to an S3 gateway endpoint, the planner picks the private DNS
//!   mode: with `AllResolvers` every subnet uses the interface endpoint; with
//!   `OnlyInboundResolver` in-VPC traffic keeps the gateway endpoint of its
//!   route table and only on-premises traffic uses the interface. When
//!   neither serves every intent, that is E124.

use std::collections::BTreeMap;

use super::endpoints::{InterfaceUse, RouteTableUse};
use super::model::IdRef;
use super::policy::Scope;
use super::security::Clients;
use super::serves::{Admits, Destination, Serves};
use crate::check::model::{IntentId, Model, SubnetId, TargetInfo, VpcId};
use crate::check::reach::service_of;
use crate::diagnostics::Diagnostic;
use crate::rules::Code;
use crate::syntax::ast::ResourceKind;

/// `Some(true)` for `OnlyInboundResolver`, `Some(false)` for `AllResolvers`,
/// `None` when neither serves every intent of the VPC.
///
/// - `OnlyInboundResolver` works when every subnet reaching the interface
///   endpoint is on a gateway endpoint whose policy covers what the subnet
///   wants through the interface.
/// - `AllResolvers` works when the interface endpoint's policy covers what
///   each gateway endpoint gave its subnets: every subnet of the VPC then
///   uses the interface endpoint, whose security group admits the whole VPC.
///
/// Both working, the free gateway path is kept (`OnlyInboundResolver`).
pub(super) fn resolver_mode(tables: Option<&BTreeMap<IdRef, RouteTableUse>>, usage: &InterfaceUse) -> Option<bool> {
    let Some(tables) = tables else {
        // No gateway endpoint for the service in the VPC: AWS only accepts AllResolvers.
        return Some(false);
    };
    let gateway_scope = |subnet: SubnetId| -> Option<&Scope> {
        tables
            .values()
            .find(|t| t.indices.contains(&subnet))
            .and_then(|t| t.scope.as_ref())
    };
    let only_inbound = usage.subnets.iter().all(|&subnet| {
        let wanted = usage.per_subnet.get(&subnet).unwrap_or(&Scope::Unscoped);
        gateway_scope(subnet).is_some_and(|given| given.covers(wanted))
    });
    if only_inbound {
        return Some(true);
    }
    let interface_scope = usage.scope.clone().unwrap_or(Scope::Unscoped);
    let all_resolvers = tables
        .values()
        .all(|table| table.scope.as_ref().is_none_or(|given| interface_scope.covers(given)));
    all_resolvers.then_some(false)
}

/// E124: neither private DNS mode serves every intent of the VPC.
pub(super) fn no_resolver_mode(
    model: &Model,
    vpc: VpcId,
    service: &str,
    tables: Option<&BTreeMap<IdRef, RouteTableUse>>,
    usage: &InterfaceUse,
) -> Diagnostic {
    let vpc_name = &model.vpc(vpc).name;
    let mut diagnostic = Diagnostic::at(
        Code::E124,
        usage.span,
        format!("the `{service}` interface endpoint of vpc `{vpc_name}` cannot have private DNS"),
    )
    .with_label("private DNS would send the whole vpc's traffic one way")
    .with_help(format!(
        "private DNS decides for every subnet of the vpc whether `{service}` traffic takes the interface or the \
         gateway endpoint, and either way some intent here is not served; write `private-dns off` on the \
         interface intent (its clients then use the endpoint's own DNS names), or reach `{service}` the same \
         way from these subnets"
    ));
    if let Some(span) = tables.and_then(|t| t.values().find_map(|table| table.span)) {
        diagnostic = diagnostic.with_related(span, "the gateway endpoint's intent");
    }
    diagnostic
}

/// Who the security group of an interface endpoint admits: the whole VPC when
/// private DNS answers in it (`dns_answers`), else the named subnets. E127
/// when the VPC's block is needed but not stated.
pub(super) fn clients<'a>(
    model: &Model,
    vpc: VpcId,
    service: &str,
    dns_answers: bool,
    usage: &'a InterfaceUse,
) -> Result<Clients<'a>, Diagnostic> {
    if !dns_answers {
        return Ok(Clients::Subnets(&usage.subnets));
    }
    let vpc_info = model.vpc(vpc);
    match vpc_info.cidr {
        Some(cidr) => Ok(Clients::Vpc(cidr)),
        None => Err(Diagnostic::new(
            Code::E127,
            usage.span.unwrap_or(vpc_info.span),
            format!(
                "vpc `{}` states no `cidr`, but private DNS of its `{service}` interface endpoint answers in every subnet of it",
                vpc_info.name
            ),
        )
        .with_label("private DNS on: the endpoint serves the whole vpc")
        .with_related(vpc_info.span, "declared here without `cidr`")
        .with_help(format!(
            "add `cidr BLOCK` (the vpc's IPv4 block) to vpc `{}`, so that the endpoint's security group admits \
             every subnet that private DNS sends to it; or write `private-dns off` on the intent to serve only \
             the subnets it names",
            vpc_info.name
        ))),
    }
}

/// E124: `via nat` intents of the VPC (`nat_intents`, by index) whose requests
/// private DNS sends to the interface endpoint `endpoint` instead, where its
/// policy keeps them out.
pub(super) fn diverted_nat_intents(
    model: &Model,
    nat_intents: &[IntentId],
    endpoint: &str,
    serves: &Serves,
    usage: &InterfaceUse,
) -> Vec<Diagnostic> {
    let Destination::Aws { service, region } = &serves.destination else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for intent in nat_intents.iter().map(|&i| model.intent(i)) {
        for target in &intent.targets {
            if service_of(model, &target.target).as_ref() != Some(&(service.clone(), region.clone())) {
                continue;
            }
            let admitted = match &target.target {
                TargetInfo::Bucket(b) => serves.admits.admits(ResourceKind::Bucket, &model.bucket(*b).name),
                TargetInfo::Table(t) => serves.admits.admits(ResourceKind::Table, &model.table(*t).name),
                _ => matches!(serves.admits, Admits::Everything),
            };
            if admitted {
                continue;
            }
            let mut diagnostic = Diagnostic::new(
                Code::E124,
                target.span,
                format!(
                    "`{}` is reached `via nat`, but private DNS sends every `{service}` request of vpc `{}` to interface endpoint `{endpoint}`, whose policy keeps it out",
                    target.written, serves.vpc
                ),
            )
            .with_label(format!("its policy admits {}", serves.admits.phrase()))
            .with_help(format!(
                "reach `{}` through the interface endpoint too (`via interface`), which adds it to the endpoint's \
                 policy; or write `private-dns off` on the interface intent, so that only the subnets it names use \
                 the endpoint",
                target.written
            ));
            if let Some(span) = usage.span {
                diagnostic = diagnostic.with_related(span, "private DNS on here");
            }
            found.push(diagnostic);
        }
    }
    found
}
