//! Rules that look at several intents through the same endpoint: E118
//! (conflicting private DNS), W202 (incomplete Session Manager) and W204 (a
//! scoped intent shadowed by an unscoped one); and, through
//! [`super::routes`], E125 (a NAT route into a public route table). W203
//! (NAT where a free gateway endpoint would do) depends on where the plan's
//! endpoints send each subnet's requests, so the plan reports it.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::model::{IntentInfo, Model, SubnetId, TargetInfo, TargetUse, VpcId};
use super::{reach, Ctx};
use crate::aws::Catalog;
use crate::diagnostics::{Applicability, Diagnostic, Suggestion};
use crate::rules::Code;
use crate::syntax::ast::{Span, Via};

/// Runs the cross-intent rules.
pub fn check(ctx: &mut Ctx) {
    let mut found = Vec::new();
    conflicting_private_dns(ctx.catalog, &ctx.model, &mut found);
    incomplete_ssm(&ctx.model, &mut found);
    shadowed(&ctx.model, &mut found);
    super::gateways::shared_route_tables(&ctx.model, &mut found);
    super::routes::nat_route_conflicts(&ctx.model, &mut found);
    ctx.diags.extend(found);
    super::zones::check(ctx);
}

/// The VPCs of an intent's subnets, sorted and deduplicated.
fn vpcs_of(model: &Model, intent: &IntentInfo) -> Vec<VpcId> {
    let mut vpcs: Vec<VpcId> = intent.subnets.iter().map(|s| model.subnet(*s).vpc).collect();
    vpcs.sort_unstable();
    vpcs.dedup();
    vpcs
}

/// Every (vpc, target, service, service region, intent) of interface intents to AWS services.
fn interface_uses(model: &Model) -> Vec<(VpcId, &TargetUse, String, String, &IntentInfo)> {
    let mut uses = Vec::new();
    for intent in model.intents().iter().filter(|i| i.via == Via::Interface) {
        for vpc in vpcs_of(model, intent) {
            for target in &intent.targets {
                if let Some((service, region)) = reach::service_of(model, &target.target) {
                    uses.push((vpc, target, service, region, intent));
                }
            }
        }
    }
    uses
}

fn vpc_name(model: &Model, vpc: VpcId) -> &str {
    &model.vpc(vpc).name
}

/// An interface endpoint: VPC, service and service region.
type EndpointKey = (VpcId, String, String);

/// E118: one interface endpoint per VPC and service, so one private DNS
/// setting (for services whose endpoints can have private DNS at all).
fn conflicting_private_dns(catalog: &Catalog, model: &Model, found: &mut Vec<Diagnostic>) {
    let mut groups: BTreeMap<EndpointKey, Vec<(&TargetUse, &IntentInfo)>> = BTreeMap::new();
    for (vpc, target, service, region, intent) in interface_uses(model) {
        groups.entry((vpc, service, region)).or_default().push((target, intent));
    }
    for ((vpc, service, region), members) in &groups {
        if catalog.service(service).is_some_and(|s| !s.private_dns) {
            continue;
        }
        // Across regions private DNS is always off, whatever the intents say.
        if model.vpc(*vpc).region != *region {
            continue;
        }
        let Some((first_target, first_intent)) = members.first() else {
            continue;
        };
        let first_off = first_intent.private_dns_span.is_some();
        let Some((target, intent)) = members.iter().find(|(_, i)| i.private_dns_span.is_some() != first_off) else {
            continue;
        };
        let here = intent.private_dns_span.unwrap_or(target.span);
        let there = first_intent.private_dns_span.unwrap_or(first_target.span);
        let (here_setting, there_setting) = if first_off { ("on", "off") } else { ("off", "on") };
        found.push(
            Diagnostic::new(
                Code::E118,
                here,
                format!(
                    "the `{service}` interface endpoint of vpc `{}` gets private DNS {here_setting} here, but {there_setting} elsewhere",
                    vpc_name(model, *vpc)
                ),
            )
            .with_label(format!("private DNS {here_setting}"))
            .with_related(there, format!("private DNS {there_setting} here"))
            .with_help("a vpc has one interface endpoint per service: write `private-dns off` on all of its intents or on none"),
        );
    }
}

/// W202: Session Manager needs `ssm`, `ssmmessages` and `ec2messages`.
fn incomplete_ssm(model: &Model, found: &mut Vec<Diagnostic>) {
    let uses = interface_uses(model);
    let reached: BTreeSet<(VpcId, &str, &str)> = uses
        .iter()
        .map(|(vpc, _, service, region, _)| (*vpc, service.as_str(), region.as_str()))
        .collect();
    let mut reported: BTreeSet<(VpcId, &str)> = BTreeSet::new();
    for (vpc, target, service, region, _) in &uses {
        if service != "ssm" || !reported.insert((*vpc, region.as_str())) {
            continue;
        }
        let missing_names: Vec<&str> = ["ssmmessages", "ec2messages"]
            .into_iter()
            .filter(|needed| !reached.contains(&(*vpc, *needed, region.as_str())))
            .collect();
        if missing_names.is_empty() {
            continue;
        }
        let missing: Vec<String> = missing_names.iter().map(|m| format!("`{m}`")).collect();
        // The missing services join the targets right after `ssm`, so that
        // they share the intent's subnets, region and private DNS setting.
        let fix = Suggestion::insert(
            target.span.end,
            format!(", {}", missing_names.join(", ")),
            format!("add {} to the targets", missing.join(" and ")),
            Applicability::MachineApplicable,
        );
        found.push(
            Diagnostic::new(
                Code::W202,
                target.span,
                format!(
                    "vpc `{}` reaches `ssm` via interface but not {}",
                    vpc_name(model, *vpc),
                    missing.join(" and ")
                ),
            )
            .with_label("Session Manager will not connect")
            .with_help(format!("add {} to the targets of this intent", missing.join(", ")))
            .with_suggestion(fix),
        );
    }
}

/// The route table a subnet uses: its own (created subnets) or an existing id.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum RouteTable<'a> {
    Own(SubnetId),
    Existing(&'a str),
}

fn route_table(model: &Model, subnet: SubnetId) -> RouteTable<'_> {
    match &model.subnet(subnet).existing {
        Some(existing) => RouteTable::Existing(&existing.route_table),
        None => RouteTable::Own(subnet),
    }
}

/// What decides whether two intents of one transport share an endpoint for a
/// service: a VPC for interface endpoints, a route table for gateway ones.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum EndpointHolder<'a> {
    Vpc(VpcId),
    RouteTable(RouteTable<'a>),
}

/// Where an intent's endpoints are: two intents of one transport share an
/// endpoint for a service when these lists meet.
fn holders<'a>(model: &'a Model, intent: &IntentInfo) -> Vec<EndpointHolder<'a>> {
    match intent.via {
        Via::Interface => vpcs_of(model, intent).into_iter().map(EndpointHolder::Vpc).collect(),
        Via::Gateway => intent
            .subnets
            .iter()
            .map(|s| EndpointHolder::RouteTable(route_table(model, *s)))
            .collect(),
        Via::Nat => Vec::new(),
    }
}

/// W204: a bucket or table intent whose endpoint also carries an unrestricted intent.
fn shadowed(model: &Model, found: &mut Vec<Diagnostic>) {
    // The bare `s3` / `dynamodb` targets through endpoints, with their service and region.
    let unscoped: Vec<(&IntentInfo, &TargetUse, (String, String))> = model
        .intents()
        .iter()
        .filter(|i| i.via != Via::Nat)
        .flat_map(|i| i.targets.iter().map(move |t| (i, t)))
        .filter(|(_, t)| matches!(&t.target, TargetInfo::Service { .. }))
        .filter_map(|(i, t)| reach::service_of(model, &t.target).map(|key| (i, t, key)))
        .filter(|(_, _, (service, _))| service == "s3" || service == "dynamodb")
        .collect();
    if unscoped.is_empty() {
        return;
    }
    // The first unscoped target (by position above) for each service, transport and holder.
    let mut first: HashMap<(&(String, String), Via, EndpointHolder), usize> = HashMap::new();
    for (position, (intent, _, key)) in unscoped.iter().enumerate() {
        for holder in holders(model, intent) {
            first.entry((key, intent.via, holder)).or_insert(position);
        }
    }
    for scoped in model.intents().iter().filter(|i| i.via != Via::Nat) {
        let scoped_holders = holders(model, scoped);
        for target in scoped
            .targets
            .iter()
            .filter(|t| matches!(t.target, TargetInfo::Bucket(_) | TargetInfo::Table(_)))
        {
            let Some(key) = reach::service_of(model, &target.target) else {
                continue;
            };
            let position = scoped_holders
                .iter()
                .filter_map(|&holder| first.get(&(&key, scoped.via, holder)).copied())
                .min();
            if let Some((_, unscoped_target, _)) = position.and_then(|p| unscoped.get(p)) {
                found.push(shadow_diagnostic(target, unscoped_target.span, &key.0, scoped.via));
            }
        }
    }
}

fn shadow_diagnostic(target: &TargetUse, unscoped: Span, service: &str, via: Via) -> Diagnostic {
    Diagnostic::new(
        Code::W204,
        target.span,
        format!("`{}` shares the `{service}` {} endpoint with an unrestricted `{service}` intent", target.written, via.keyword()),
    )
    .with_label("its endpoint policy cannot be scoped")
    .with_related(unscoped, format!("unrestricted `{service}` reached here"))
    .with_help(format!(
        "the shared endpoint must allow all of `{service}`; scope the other intent to buckets or tables too, or drop this one"
    ))
}
