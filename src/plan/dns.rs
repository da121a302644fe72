//! Private DNS of an S3 interface endpoint in a VPC that also has an S3
//! gateway endpoint. Private DNS is VPC-wide: with `AllResolvers`, every
//! subnet of the VPC resolves the service to the interface endpoint; with
//! `OnlyInboundResolver`, in-VPC traffic keeps going through the gateway
//! endpoint of its route table and only on-premises traffic uses the
//! interface. The planner picks the mode that serves every intent; when
//! neither does, that is E124.

use std::collections::BTreeMap;

use super::endpoints::{InterfaceUse, RouteTableUse};
use super::model::IdRef;
use super::policy::Scope;
use crate::check::model::{Model, VpcIdx};
use crate::diagnostics::Diagnostic;
use crate::rules::Code;

/// `Some(true)` for `OnlyInboundResolver`, `Some(false)` for `AllResolvers`,
/// `None` when neither serves every intent of the VPC.
///
/// - `OnlyInboundResolver` works when every subnet reaching the interface
///   endpoint is on a gateway endpoint whose policy covers what the subnet
///   wants through the interface.
/// - `AllResolvers` works when every subnet on a gateway endpoint also
///   reaches the interface endpoint (its security group admits only those),
///   and the interface endpoint's policy covers what the gateway gave it.
///
/// Both working, the free gateway path is kept (`OnlyInboundResolver`).
pub(super) fn resolver_mode(tables: Option<&BTreeMap<IdRef, RouteTableUse>>, usage: &InterfaceUse) -> Option<bool> {
    let Some(tables) = tables else {
        // No gateway endpoint for the service in the VPC: AWS only accepts AllResolvers.
        return Some(false);
    };
    let gateway_scope = |subnet: usize| -> Option<&Scope> {
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
    let all_resolvers = tables.values().all(|table| {
        table.indices.iter().all(|s| usage.subnets.contains(s))
            && table.scope.as_ref().is_none_or(|given| interface_scope.covers(given))
    });
    all_resolvers.then_some(false)
}

/// E124: neither private DNS mode serves every intent of the VPC.
pub(super) fn no_resolver_mode(
    model: &Model,
    vpc: VpcIdx,
    service: &str,
    tables: Option<&BTreeMap<IdRef, RouteTableUse>>,
    usage: &InterfaceUse,
) -> Diagnostic {
    let vpc_name = model.vpcs.get(vpc).map(|v| v.name.as_str()).unwrap_or_default();
    let mut diagnostic = Diagnostic::new(
        Code::E124,
        usage.span.unwrap_or_default(),
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
