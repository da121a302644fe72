//! E118 for gateway endpoints: a route table holds one gateway endpoint per
//! service, so existing subnets that share a route table cannot be given
//! different endpoint policies.

use std::collections::{BTreeMap, BTreeSet};

use super::model::{Model, TargetInfo, TargetUse};
use super::reach::{self, Resource};
use crate::diagnostics::Diagnostic;
use crate::rules::Code;
use crate::syntax::ast::{Access, Via};

/// What a subnet's gateway intents to one service allow through the endpoint.
type Scope = BTreeMap<Resource, BTreeSet<Access>>;

/// A subnet's scope for a service and the first target that asked for it;
/// `None` as scope when some intent is unscoped (W204 covers mixing those).
struct Wanted<'a> {
    subnet: usize,
    scope: Option<Scope>,
    first: &'a TargetUse,
}

/// What the gateway intents naming `subnet` (`gateway_intents`, by index, in order)
/// want through its `service` endpoint.
fn wanted<'a>(model: &'a Model, gateway_intents: &[usize], subnet: usize, service: &str) -> Option<Wanted<'a>> {
    let region = model
        .subnets
        .get(subnet)
        .and_then(|s| model.vpcs.get(s.vpc))
        .map(|v| v.region.as_str())?;
    let mut scope = Some(Scope::new());
    let mut first = None;
    for intent in gateway_intents.iter().filter_map(|&i| model.intents.get(i)) {
        for target in &intent.targets {
            if !reach::service_of(model, &target.target).is_some_and(|(s, r)| s == service && r == region) {
                continue;
            }
            first.get_or_insert(target);
            let resource = match target.target {
                TargetInfo::Bucket(b) => Resource::Bucket(b),
                TargetInfo::Table(t) => Resource::Table(t),
                _ => {
                    scope = None;
                    continue;
                }
            };
            let access = intent.access.clone().unwrap_or_else(|| vec![Access::All]);
            if let Some(scope) = scope.as_mut() {
                scope.entry(resource).or_default().extend(access);
            }
        }
    }
    first.map(|first| Wanted { subnet, scope, first })
}

/// Reports existing subnets on one route table whose gateway intents to a
/// service ask for different endpoint policies.
pub fn shared_route_tables(model: &Model, found: &mut Vec<Diagnostic>) {
    let mut tables: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (index, subnet) in model.subnets.iter().enumerate() {
        if let Some(existing) = &subnet.existing {
            tables.entry(existing.route_table.as_str()).or_default().push(index);
        }
    }
    let shared: BTreeSet<usize> = tables
        .values()
        .filter(|subnets| subnets.len() > 1)
        .flatten()
        .copied()
        .collect();
    if shared.is_empty() {
        return;
    }
    // The gateway intents naming each of those subnets, in order: one pass over the intents.
    let mut intents_of: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (index, intent) in model.intents.iter().enumerate().filter(|(_, i)| i.via == Via::Gateway) {
        for subnet in intent.subnets.iter().filter(|s| shared.contains(s)) {
            let list = intents_of.entry(*subnet).or_default();
            if list.last() != Some(&index) {
                list.push(index);
            }
        }
    }
    for (table, subnets) in tables.iter().filter(|(_, subnets)| subnets.len() > 1) {
        for service in ["s3", "dynamodb"] {
            let wants: Vec<Wanted> = subnets
                .iter()
                .filter_map(|s| wanted(model, intents_of.get(s).map_or(&[], Vec::as_slice), *s, service))
                .collect();
            let Some(base) = wants.iter().find(|w| w.scope.is_some()) else {
                continue;
            };
            let Some(other) = wants.iter().find(|w| w.scope.is_some() && w.scope != base.scope) else {
                continue;
            };
            let name = |subnet: usize| model.subnets.get(subnet).map(|s| s.name.clone()).unwrap_or_default();
            found.push(
                Diagnostic::new(
                    Code::E118,
                    other.first.span,
                    format!(
                        "subnets `{}` and `{}` share route table `{table}` but want different `{service}` endpoint policies",
                        name(base.subnet),
                        name(other.subnet)
                    ),
                )
                .with_label(format!("policy wanted by `{}`", name(other.subnet)))
                .with_related(base.first.span, format!("another policy wanted by `{}`", name(base.subnet)))
                .with_help("a route table holds one gateway endpoint per service: give both subnets the same targets and access, or separate route tables"),
            );
        }
    }
}
