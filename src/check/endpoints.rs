//! Rules that look at several intents through the same endpoint: E118
//! (conflicting private DNS), W202 (incomplete Session Manager), W203 (NAT
//! where a free gateway endpoint would do) and W204 (a scoped intent shadowed
//! by an unscoped one).

use super::model::{IntentInfo, Model, TargetInfo, TargetUse};
use super::{reach, Ctx};
use crate::aws::Catalog;
use crate::diagnostics::Diagnostic;
use crate::rules::Code;
use crate::syntax::ast::{Span, Via};

/// Runs the cross-intent rules.
pub fn check(ctx: &mut Ctx) {
    let mut found = Vec::new();
    conflicting_private_dns(ctx.catalog, &ctx.model, &mut found);
    incomplete_ssm(&ctx.model, &mut found);
    nat_for_gateway_service(&ctx.model, &mut found);
    shadowed(&ctx.model, &mut found);
    super::gateways::shared_route_tables(&ctx.model, &mut found);
    ctx.diags.extend(found);
}

/// The VPCs of an intent's subnets, sorted and deduplicated.
fn vpcs_of(model: &Model, intent: &IntentInfo) -> Vec<usize> {
    let mut vpcs: Vec<usize> = intent
        .subnets
        .iter()
        .filter_map(|s| model.subnets.get(*s))
        .map(|s| s.vpc)
        .collect();
    vpcs.sort_unstable();
    vpcs.dedup();
    vpcs
}

/// Every (vpc, target, service, service region, intent) of interface intents to AWS services.
fn interface_uses(model: &Model) -> Vec<(usize, &TargetUse, String, String, &IntentInfo)> {
    let mut uses = Vec::new();
    for intent in model.intents.iter().filter(|i| i.via == Via::Interface) {
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

fn vpc_name(model: &Model, vpc: usize) -> String {
    model.vpcs.get(vpc).map(|v| v.name.clone()).unwrap_or_default()
}

/// E118: one interface endpoint per VPC and service, so one private DNS
/// setting (for services whose endpoints can have private DNS at all).
fn conflicting_private_dns(catalog: &Catalog, model: &Model, found: &mut Vec<Diagnostic>) {
    let uses = interface_uses(model);
    let mut reported: Vec<(usize, &str, &str)> = Vec::new();
    for (i, (vpc, target, service, region, intent)) in uses.iter().enumerate() {
        if catalog.service(service).is_some_and(|s| !s.private_dns) {
            continue;
        }
        let off = intent.private_dns_span.is_some();
        let earlier = uses.iter().take(i).find(|(v, _, s, r, other)| {
            v == vpc && s == service && r == region && other.private_dns_span.is_some() != off
        });
        let Some((_, first_target, _, _, first_intent)) = earlier else {
            continue;
        };
        let key = (*vpc, service.as_str(), region.as_str());
        if reported.contains(&key) {
            continue;
        }
        reported.push(key);
        let here = intent.private_dns_span.unwrap_or(target.span);
        let there = first_intent.private_dns_span.unwrap_or(first_target.span);
        let (here_setting, there_setting) = if off { ("off", "on") } else { ("on", "off") };
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
    let mut reported: Vec<(usize, &str)> = Vec::new();
    for (vpc, target, service, region, _) in &uses {
        if service != "ssm" || reported.contains(&(*vpc, region.as_str())) {
            continue;
        }
        reported.push((*vpc, region.as_str()));
        let missing: Vec<&str> = ["ssmmessages", "ec2messages"]
            .into_iter()
            .filter(|needed| {
                !uses
                    .iter()
                    .any(|(v, _, s, r, _)| v == vpc && s == needed && r == region)
            })
            .collect();
        if missing.is_empty() {
            continue;
        }
        let listed: Vec<String> = missing.iter().map(|m| format!("`{m}`")).collect();
        found.push(
            Diagnostic::new(
                Code::W202,
                target.span,
                format!(
                    "vpc `{}` reaches `ssm` via interface but not {}",
                    vpc_name(model, *vpc),
                    listed.join(" and ")
                ),
            )
            .with_label("Session Manager will not connect")
            .with_help(format!("add {} to the targets of this intent", listed.join(", "))),
        );
    }
}

/// W203: `s3` or `dynamodb` reached only through NAT.
fn nat_for_gateway_service(model: &Model, found: &mut Vec<Diagnostic>) {
    for (index, subnet) in model.subnets.iter().enumerate() {
        let Some(vpc) = model.vpcs.get(subnet.vpc) else {
            continue;
        };
        for service in ["s3", "dynamodb"] {
            let uses: Vec<(&IntentInfo, &TargetUse)> = model
                .intents
                .iter()
                .filter(|i| i.subnets.contains(&index))
                .flat_map(|i| i.targets.iter().map(move |t| (i, t)))
                .filter(|(_, t)| {
                    reach::service_of(model, &t.target).is_some_and(|(s, r)| s == service && r == vpc.region)
                })
                .collect();
            let Some((_, first)) = uses.first() else {
                continue;
            };
            if uses.iter().any(|(i, _)| i.via != Via::Nat) {
                continue;
            }
            found.push(
                Diagnostic::new(Code::W203, first.span, format!("subnet `{}` reaches `{service}` only through nat", subnet.name))
                    .with_label("through the nat gateway")
                    .with_help(format!(
                        "reach it `via gateway` instead (e.g. `subnet {} reaches {} via gateway;`): gateway endpoints are free, nat gateways charge per GB",
                        subnet.name, first.written
                    )),
            );
        }
    }
}

/// The route table a subnet uses: its own (created subnets) or an existing id.
#[derive(PartialEq, Eq)]
enum RouteTable<'a> {
    Own(usize),
    Existing(&'a str),
}

fn route_table(model: &Model, subnet: usize) -> Option<RouteTable<'_>> {
    let info = model.subnets.get(subnet)?;
    Some(match &info.existing {
        Some(existing) => RouteTable::Existing(&existing.route_table),
        None => RouteTable::Own(subnet),
    })
}

/// Whether two intents of the same transport share an endpoint for a service.
fn share_endpoint(model: &Model, a: &IntentInfo, b: &IntentInfo) -> bool {
    match a.via {
        Via::Interface => vpcs_of(model, a).iter().any(|v| vpcs_of(model, b).contains(v)),
        Via::Gateway => a.subnets.iter().filter_map(|s| route_table(model, *s)).any(|rt| {
            b.subnets
                .iter()
                .filter_map(|s| route_table(model, *s))
                .any(|other| other == rt)
        }),
        Via::Nat => false,
    }
}

/// W204: a bucket or table intent whose endpoint also carries an unrestricted intent.
fn shadowed(model: &Model, found: &mut Vec<Diagnostic>) {
    for scoped in model.intents.iter().filter(|i| i.via != Via::Nat) {
        for target in scoped
            .targets
            .iter()
            .filter(|t| matches!(t.target, TargetInfo::Bucket(_) | TargetInfo::Table(_)))
        {
            let Some(key) = reach::service_of(model, &target.target) else {
                continue;
            };
            let unscoped = model
                .intents
                .iter()
                .filter(|i| i.via == scoped.via && share_endpoint(model, scoped, i))
                .find_map(|i| {
                    i.targets.iter().find(|t| {
                        matches!(&t.target, TargetInfo::Service { .. })
                            && reach::service_of(model, &t.target).as_ref() == Some(&key)
                    })
                });
            let Some(unscoped) = unscoped else { continue };
            found.push(shadow_diagnostic(target, unscoped.span, &key.0, scoped.via));
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
