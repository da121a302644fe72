//! E118 for gateway endpoints: a route table holds one gateway endpoint per
//! service, so existing subnets that share a route table cannot be given
//! different endpoint policies.

use std::collections::{BTreeMap, BTreeSet};

use super::model::{IntentId, Model, SubnetId, TargetInfo, TargetUse};
use super::reach::{self, Resource};
use crate::diagnostics::Diagnostic;
use crate::rules::Code;
use crate::syntax::ast::{Access, Via};

/// What a subnet's gateway intents to one service allow through the endpoint.
type Scope = BTreeMap<Resource, BTreeSet<Access>>;

/// A subnet's scope for a service and the first target that asked for it;
/// `None` as scope when some intent is unscoped (W204 covers mixing those).
struct Wanted<'a> {
    subnet: SubnetId,
    scope: Option<Scope>,
    first: &'a TargetUse,
}

/// What the gateway intents naming `subnet` (`gateway_intents`, by index, in order)
/// want through its `service` endpoint.
fn wanted<'a>(model: &'a Model, gateway_intents: &[IntentId], subnet: SubnetId, service: &str) -> Option<Wanted<'a>> {
    let region = model.vpc(model.subnet(subnet).vpc).region.as_str();
    let mut scope = Some(Scope::new());
    let mut first = None;
    for intent in gateway_intents.iter().map(|&i| model.intent(i)) {
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
    let mut tables: BTreeMap<&str, Vec<SubnetId>> = BTreeMap::new();
    for (id, subnet) in model.subnets_with_ids() {
        if let Some(existing) = &subnet.existing {
            tables.entry(existing.route_table.as_str()).or_default().push(id);
        }
    }
    let shared: BTreeSet<SubnetId> = tables
        .values()
        .filter(|subnets| subnets.len() > 1)
        .flatten()
        .copied()
        .collect();
    if shared.is_empty() {
        return;
    }
    // The gateway intents naming each of those subnets, in order: one pass over the intents.
    let mut intents_of: BTreeMap<SubnetId, Vec<IntentId>> = BTreeMap::new();
    for (id, intent) in model.intents_with_ids().filter(|(_, i)| i.via == Via::Gateway) {
        for subnet in intent.subnets.iter().filter(|s| shared.contains(s)) {
            let list = intents_of.entry(*subnet).or_default();
            if list.last() != Some(&id) {
                list.push(id);
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
            let name = |subnet: SubnetId| model.subnet(subnet).name.as_str();
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
