//! Warnings about where a subnet's requests go, decided from the plan's own
//! record of what each endpoint serves ([`Serves`]), as `vpcec reach` reads
//! it: W203 (`s3` or `dynamodb` only through NAT), W205 (role access no
//! subnet of the role can use) and W206 (NAT to a resource whose `deny
//! public` admits endpoints only).
//!
//! They belong to the plan because the intents alone do not say where a
//! request goes: private DNS of an interface endpoint answers in every subnet
//! of its VPC, and a gateway endpoint on a shared route table takes the
//! requests of every subnet on it. A `via nat` intent of such a subnet sends
//! its requests to the endpoint, not to the NAT gateway.

use super::serves::{Destination, Serves};
use super::Builder;
use crate::check::model::{IntentInfo, Model, RoleResource, SubnetId, TargetInfo};
use crate::check::reach::{self, Resource};
use crate::diagnostics::Diagnostic;
use crate::rules::Code;
use crate::syntax::ast::{ResourceKind, Via};

/// Adds W203, W205 and W206 to the builder's findings. Runs after the
/// endpoints are planned.
pub(super) fn check(b: &mut Builder) {
    let mut found = Vec::new();
    let paths = Paths { b };
    nat_for_gateway_service(&paths, &mut found);
    nat_blocked(&paths, &mut found);
    unreachable_access(&paths, &mut found);
    // An intent over VPCs of several regions is one `IntentInfo` per region
    // with the same spans: report each finding once.
    crate::diagnostics::sort(&mut found);
    found.dedup();
    b.diagnostics.extend(found);
}

/// The plan's endpoints, seen from the subnets.
struct Paths<'p, 'a> {
    b: &'p Builder<'a>,
}

impl Paths<'_, '_> {
    fn model(&self) -> &Model {
        self.b.model
    }

    /// The endpoints of `subnet`'s VPC that lead to `service` in `region`
    /// and serve `subnet` (by an intent, a shared route table or private DNS).
    fn serving(&self, subnet: SubnetId, service: &str, region: &str) -> Vec<&Serves> {
        let model = self.model();
        let info = model.subnet(subnet);
        let vpc = model.vpc(info.vpc);
        let Some(local) = self.b.regions.get(&vpc.region) else {
            return Vec::new();
        };
        let leads_there = |serves: &&Serves| matches!(&serves.destination, Destination::Aws { service: s, region: r } if s == service && r == region);
        // Gateway endpoints first, then interface endpoints: the plan's order.
        local
            .resources()
            .iter()
            .filter_map(super::model::Resource::serves)
            .filter(|serves| serves.vpc == vpc.name)
            .filter(leads_there)
            .filter(|serves| serves.serves(&info.name).is_some())
            .collect()
    }

    /// Whether an endpoint takes every request of `subnet` to `service` in
    /// `region`: then none of them leaves through the NAT gateway.
    fn taken(&self, subnet: SubnetId, service: &str, region: &str) -> bool {
        self.serving(subnet, service, region)
            .iter()
            .any(|s| s.takes_all_traffic)
    }

    /// Whether an endpoint serving `subnet` lets requests to `resource` through.
    fn admitted(&self, subnet: SubnetId, resource: Resource) -> bool {
        let model = self.model();
        let (kind, name) = match resource {
            Resource::Bucket(b) => (ResourceKind::Bucket, model.bucket(b).name.as_str()),
            Resource::Table(t) => (ResourceKind::Table, model.table(t).name.as_str()),
        };
        let (service, region) = resource.service_and_region(model);
        self.serving(subnet, service, region)
            .iter()
            .any(|s| s.admits.admits(kind, name))
    }

    /// Whether `subnet`'s requests to `resource` go out through a NAT
    /// gateway that `deny public` does not shut: a `via nat` intent of the
    /// subnet reaches it, and no endpoint takes the service's requests.
    fn through_nat(&self, subnet: SubnetId, resource: Resource) -> bool {
        let model = self.model();
        let (service, region) = resource.service_and_region(model);
        !self.taken(subnet, service, region)
            && model
                .intents()
                .iter()
                .filter(|i| i.via == Via::Nat && i.subnets.contains(&subnet))
                .any(|i| reach::reaches(model, i, resource))
    }

    /// Whether some subnet of a `via nat` intent sends its requests to
    /// `target` to the NAT gateway (no endpoint takes them).
    fn reaches_nat(&self, intent: &IntentInfo, target: &TargetInfo) -> bool {
        match reach::service_of(self.model(), target) {
            Some((service, region)) => intent.subnets.iter().any(|&s| !self.taken(s, &service, &region)),
            None => !intent.subnets.is_empty(),
        }
    }
}

/// W203: `s3` or `dynamodb` in the subnet's own region reached only through
/// NAT: every intent of the subnet to the service is `via nat`, and no
/// endpoint takes the subnet's requests to it.
fn nat_for_gateway_service(paths: &Paths, found: &mut Vec<Diagnostic>) {
    let model = paths.model();
    // Per (subnet, service): whether some use is not through NAT, and the first use.
    let mut uses = std::collections::BTreeMap::new();
    for intent in model.intents() {
        for target in &intent.targets {
            let Some((service, region)) = reach::service_of(model, &target.target) else {
                continue;
            };
            if service != "s3" && service != "dynamodb" {
                continue;
            }
            for &subnet in &intent.subnets {
                if model.vpc(model.subnet(subnet).vpc).region != region {
                    continue;
                }
                let entry = uses.entry((subnet, service.clone())).or_insert((false, target));
                entry.0 |= intent.via != Via::Nat || paths.taken(subnet, &service, &region);
            }
        }
    }
    for ((subnet, service), (endpoint, first)) in uses {
        if endpoint {
            continue;
        }
        let subnet = model.subnet(subnet);
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

/// W206: a `via nat` intent to a resource whose `deny public` admits its
/// endpoints only, from a subnet whose requests do reach the NAT gateway.
fn nat_blocked(paths: &Paths, found: &mut Vec<Diagnostic>) {
    let model = paths.model();
    for intent in model.intents().iter().filter(|i| i.via == Via::Nat) {
        for target in &intent.targets {
            let deny = match target.target {
                TargetInfo::Bucket(b) => model.bucket(b).deny_public_span,
                TargetInfo::Table(t) => model.table(t).deny_public_span,
                _ => None,
            };
            let Some(deny) = deny else {
                continue;
            };
            if !paths.reaches_nat(intent, &target.target) {
                continue;
            }
            found.push(
                Diagnostic::new(
                    Code::W206,
                    target.span,
                    format!(
                        "`{}` is reached through nat, but `deny public` only admits its vpc endpoints",
                        target.written
                    ),
                )
                .with_label("requests through nat will be denied")
                .with_related(deny, "`deny public` covers it here")
                .with_help("reach it `via gateway` or `via interface` instead"),
            );
        }
    }
}

/// W205: access on a resource that none of the role's subnets can use: no
/// endpoint serving one of them admits it, and no NAT path of theirs gets
/// there.
fn unreachable_access(paths: &Paths, found: &mut Vec<Diagnostic>) {
    let model = paths.model();
    for role in model.roles().iter().filter(|r| !r.subnets.is_empty()) {
        for (resource, span) in role.resources.iter().zip(&role.resource_spans) {
            let resource = match *resource {
                RoleResource::Bucket(b) => Resource::Bucket(b),
                RoleResource::Table(t) => Resource::Table(t),
            };
            let reached = role
                .subnets
                .iter()
                .any(|&s| paths.admitted(s, resource) || paths.through_nat(s, resource));
            if reached {
                continue;
            }
            let names: Vec<String> = role
                .subnets
                .iter()
                .map(|s| format!("`{}`", model.subnet(*s).name))
                .collect();
            found.push(
                Diagnostic::new(
                    Code::W205,
                    *span,
                    format!(
                        "role `{}` is granted access that none of its subnets ({}) can reach",
                        role.name,
                        names.join(", ")
                    ),
                )
                .with_label("unreachable from the role's subnets")
                .with_help("add an intent from one of the role's subnets to this resource, or remove the grant"),
            );
        }
    }
}
