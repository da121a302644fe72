//! E125: a NAT default route into a route table that already has one.
//!
//! A route table holds one route per destination. A subnet marked `public`
//! is taken as already routing `0.0.0.0/0` to an internet gateway, so an
//! existing private subnet that shares its route table cannot be given a
//! default route to a NAT gateway: AWS refuses the second route
//! (`RouteAlreadyExists`), and the deploy fails half-way.

use std::collections::BTreeMap;

use super::model::{Model, SubnetInfo};
use crate::diagnostics::Diagnostic;
use crate::rules::Code;
use crate::syntax::ast::Via;

/// The subnets of the model on an existing route table, by table id.
fn subnets_by_route_table(model: &Model) -> BTreeMap<&str, Vec<&SubnetInfo>> {
    let mut tables: BTreeMap<&str, Vec<&SubnetInfo>> = BTreeMap::new();
    for subnet in model.subnets() {
        if let Some(existing) = &subnet.existing {
            tables.entry(existing.route_table.as_str()).or_default().push(subnet);
        }
    }
    tables
}

/// Reports every `via nat` intent whose private subnets would get a NAT
/// default route in a route table that a public subnet already uses: one
/// diagnostic per intent and route table, naming the subnets and the table.
pub fn nat_route_conflicts(model: &Model, found: &mut Vec<Diagnostic>) {
    let tables = subnets_by_route_table(model);
    for intent in model.intents().iter().filter(|i| i.via == Via::Nat) {
        // The private subnets of this intent on each shared table, in the order written.
        let mut wanting: BTreeMap<&str, Vec<&SubnetInfo>> = BTreeMap::new();
        for subnet in intent.subnets.iter().map(|s| model.subnet(*s)) {
            let Some(existing) = subnet.existing.as_ref().filter(|_| !subnet.public) else {
                continue;
            };
            wanting.entry(existing.route_table.as_str()).or_default().push(subnet);
        }
        for (table, private) in wanting {
            let public = tables.get(table).and_then(|subnets| subnets.iter().find(|s| s.public));
            let Some(public) = public else {
                continue;
            };
            found.push(conflict(table, &private, public, intent.span));
        }
    }
}

fn conflict(table: &str, private: &[&SubnetInfo], public: &SubnetInfo, intent: crate::syntax::ast::Span) -> Diagnostic {
    let names: Vec<String> = private.iter().map(|s| format!("`{}`", s.name)).collect();
    let (subject, verb, owner) = match names.as_slice() {
        [one] => (format!("subnet {one}"), "needs", "its"),
        _ => (format!("subnets {}", names.join(", ")), "need", "their"),
    };
    let first = private.first().map(|s| s.name.as_str()).unwrap_or_default();
    Diagnostic::new(
        Code::E125,
        intent,
        format!(
            "{subject} {verb} a nat route, but {owner} route table `{table}` is shared with public subnet `{}`",
            public.name
        ),
    )
    .with_label(format!("would add a second `0.0.0.0/0` route to `{table}`"))
    .with_related(
        public.span,
        format!(
            "public subnet `{}`: `{table}` already routes `0.0.0.0/0` to an internet gateway",
            public.name
        ),
    )
    .with_help(format!(
        "a route table has one default route: associate `{first}` with a route table of its own and write that \
         `route-table`, or reach its targets through endpoints instead of nat"
    ))
}
