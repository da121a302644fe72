//! `vpcec reach`: for every subnet and every target the file mentions,
//! whether the subnet can reach it, how, and why.
//!
//! Every answer comes from the plan's own record of what each endpoint serves
//! ([`Serves`]): which subnets use it and why, where it leads, and what its
//! policy admits. AWS picks the path of a request in this order, and so does
//! this report:
//!
//! 1. an interface endpoint whose private DNS answers for the service in the
//!    subnet's VPC (DNS sends every request there, whatever the route table);
//! 2. a gateway endpoint on the subnet's route table (its prefix-list route
//!    takes every request to the service in the VPC's region);
//! 3. an interface endpoint the subnet reaches through the endpoint's own
//!    DNS names (private DNS off);
//! 4. the subnet's default route: an internet gateway (public subnets) or a
//!    NAT gateway the plan routes the subnet's route table to (the planner's
//!    record on the NAT gateway: a `via nat` intent of the subnet, or a route
//!    table shared with such a subnet), where `deny public` refuses what
//!    arrives.
//!
//! An endpoint of the first two kinds whose policy keeps the target out
//! leaves the target unreachable: the request has no other way to go.

use serde::Serialize;

use crate::check::model::{Model, SubnetId, SubnetInfo, TargetInfo};
use crate::check::reach::Resource;
use crate::plan::model::{NatGateway, Plan, Resource as PlanResource};
use crate::plan::serves::{Admits, Destination, ServedBecause, Serves};
use crate::syntax::ast::{ResourceKind, Via};

/// One subnet-target pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reach {
    /// The subnet's name.
    pub subnet: String,
    /// The target as written in the source (`bucket NAME`, `s3`, `service NAME`).
    pub target: String,
    /// Whether traffic gets there.
    pub reachable: bool,
    /// `gateway`, `interface`, `nat`, `internet`, or null.
    pub via: Option<&'static str>,
    /// Why, in words.
    pub reason: String,
}

/// A target and what it is.
#[derive(Debug, Clone)]
struct Candidate {
    written: String,
    target: TargetInfo,
}

fn candidates(model: &Model) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    let mut push = |written: String, target: TargetInfo| {
        if !out.iter().any(|c| c.written == written && c.target == target) {
            out.push(Candidate { written, target });
        }
    };
    for intent in model.intents() {
        for target in &intent.targets {
            push(target.written.clone(), target.target.clone());
        }
    }
    for (id, bucket) in model.buckets_with_ids() {
        push(format!("bucket {}", bucket.name), TargetInfo::Bucket(id));
    }
    for (id, table) in model.tables_with_ids() {
        push(format!("table {}", table.name), TargetInfo::Table(id));
    }
    out
}

/// Computes the reach table: every subnet against every target, in
/// declaration order.
pub fn analyse(model: &Model, plan: &Plan) -> Vec<Reach> {
    let targets = candidates(model);
    let mut rows = Vec::new();
    for (id, subnet) in model.subnets_with_ids() {
        for candidate in &targets {
            rows.push(one(model, plan, id, subnet, candidate));
        }
    }
    rows
}

/// What a target needs from an endpoint.
enum Wanted {
    /// An AWS service in a region; for a bucket or table, that resource.
    Aws {
        service: String,
        region: String,
        resource: Option<(ResourceKind, String)>,
    },
    /// An endpoint service, by the name written after `service`.
    EndpointService(String),
    /// The internet.
    Internet,
}

impl Wanted {
    fn of(model: &Model, target: &TargetInfo) -> Wanted {
        match target {
            TargetInfo::Service { service, region } => Wanted::Aws {
                service: service.clone(),
                region: region.clone(),
                resource: None,
            },
            TargetInfo::Bucket(b) => {
                let bucket = model.bucket(*b);
                Wanted::Aws {
                    service: "s3".into(),
                    region: bucket.region.clone(),
                    resource: Some((ResourceKind::Bucket, bucket.name.clone())),
                }
            }
            TargetInfo::Table(t) => {
                let table = model.table(*t);
                Wanted::Aws {
                    service: "dynamodb".into(),
                    region: table.region.clone(),
                    resource: Some((ResourceKind::Table, table.name.clone())),
                }
            }
            TargetInfo::DeclaredService(s) => Wanted::EndpointService(model.service(*s).name.clone()),
            TargetInfo::ExternalService { service_name, .. } => Wanted::EndpointService(service_name.clone()),
            TargetInfo::Internet => Wanted::Internet,
        }
    }

    fn leads_there(&self, destination: &Destination) -> bool {
        match (self, destination) {
            (Wanted::Aws { service, region, .. }, Destination::Aws { service: s, region: r }) => {
                service == s && region == r
            }
            (Wanted::EndpointService(name), Destination::EndpointService { name: n }) => name == n,
            _ => false,
        }
    }

    /// Whether an endpoint admitting `admits` lets this target through. A
    /// bare service target needs an endpoint that admits everything.
    fn admitted(&self, admits: &Admits) -> bool {
        match self {
            Wanted::Aws {
                resource: Some((kind, name)),
                ..
            } => admits.admits(*kind, name),
            Wanted::Aws { resource: None, .. } => matches!(admits, Admits::Everything),
            Wanted::EndpointService(_) | Wanted::Internet => true,
        }
    }

    fn service(&self) -> &str {
        match self {
            Wanted::Aws { service, .. } => service,
            Wanted::EndpointService(name) => name,
            Wanted::Internet => "internet",
        }
    }
}

/// An endpoint of the subnet's VPC region, with the planner's record.
struct Endpoint<'a> {
    name: &'a str,
    kind: &'static str,
    serves: &'a Serves,
    /// A cross-region interface endpoint whose private DNS the plan turned off.
    dns_off_across_regions: bool,
}

impl Endpoint<'_> {
    /// The order AWS sends requests in (see the module doc): lower first.
    fn rank(&self) -> u8 {
        match (self.kind, self.serves.takes_all_traffic) {
            ("interface", true) => 0,
            ("gateway", _) => 1,
            _ => 2,
        }
    }
}

/// What the plan gives vpc `vpc` (in `region`): its endpoints, and its NAT
/// gateways (one at most).
fn paths_of<'a>(plan: &'a Plan, region: &str, vpc: &str) -> (Vec<Endpoint<'a>>, Vec<&'a NatGateway>) {
    let Some(local) = plan.regions.get(region) else {
        return (Vec::new(), Vec::new());
    };
    // Gateway endpoints before interface endpoints: the plan's order.
    let mut found = Vec::new();
    let mut nats = Vec::new();
    for resource in local.resources() {
        let endpoint = match resource {
            PlanResource::GatewayEndpoint(e) => Endpoint {
                name: &e.name,
                kind: "gateway",
                serves: &e.serves,
                dns_off_across_regions: false,
            },
            PlanResource::InterfaceEndpoint(e) => Endpoint {
                name: &e.name,
                kind: "interface",
                serves: &e.serves,
                dns_off_across_regions: e.private_dns_off_across_regions,
            },
            // The default route of the subnets it serves (see `default_route`).
            PlanResource::NatGateway(nat) => {
                if nat.serves.vpc == vpc {
                    nats.push(nat);
                }
                continue;
            }
            // Not endpoints: what they do for reach is a public subnet's
            // default route or the endpoints' records.
            PlanResource::Vpc(_)
            | PlanResource::Subnet(_)
            | PlanResource::RouteTable(_)
            | PlanResource::InternetGateway(_)
            | PlanResource::Route(_)
            | PlanResource::SecurityGroup(_)
            | PlanResource::Bucket(_)
            | PlanResource::Table(_)
            | PlanResource::EndpointService(_)
            | PlanResource::Role(_) => continue,
        };
        if endpoint.serves.vpc == vpc {
            found.push(endpoint);
        }
    }
    (found, nats)
}

fn one(model: &Model, plan: &Plan, index: SubnetId, subnet: &SubnetInfo, candidate: &Candidate) -> Reach {
    let row = |reachable: bool, via: Option<&'static str>, reason: String| Reach {
        subnet: subnet.name.clone(),
        target: candidate.written.clone(),
        reachable,
        via,
        reason,
    };
    let vpc = model.vpc(subnet.vpc);
    let vpc_region = vpc.region.as_str();
    let wanted = Wanted::of(model, &candidate.target);
    let vpc_name = vpc.name.as_str();
    let (all, nats) = paths_of(plan, vpc_region, vpc_name);
    let mut serving: Vec<(&Endpoint, &ServedBecause)> = all
        .iter()
        .filter(|e| wanted.leads_there(&e.serves.destination))
        .filter_map(|e| e.serves.serves(&subnet.name).map(|because| (e, because)))
        .collect();
    serving.sort_by_key(|(e, _)| e.rank());
    let nat_intent = model
        .intents()
        .iter()
        .filter(|i| i.via == Via::Nat && i.subnets.contains(&index))
        .any(|i| i.targets.iter().any(|t| t.target == candidate.target));
    if let Some((endpoint, because)) = serving.iter().find(|(e, _)| wanted.admitted(&e.serves.admits)) {
        if let Some(service) = pending_acceptance(model, &candidate.target) {
            return row(
                false,
                Some(endpoint.kind),
                format!(
                    "pending acceptance: endpoint service `{service}` requires acceptance, so interface endpoint `{}` waits for the provider",
                    endpoint.name
                ),
            );
        }
        let mut reason = served_reason(endpoint, because, &subnet.name);
        if endpoint.dns_off_across_regions {
            reason.push_str("; private DNS is off across regions, so clients use the endpoint's own DNS name");
        }
        if nat_intent && endpoint.serves.takes_all_traffic {
            reason.push_str(&format!(
                "; the `via nat` intent of `{}` to it goes through this endpoint too",
                subnet.name
            ));
        }
        return row(true, Some(endpoint.kind), reason);
    }
    if let Some((endpoint, _)) = serving.iter().find(|(e, _)| e.serves.takes_all_traffic) {
        let how = if endpoint.kind == "gateway" {
            "its route takes"
        } else {
            "its private DNS takes"
        };
        return row(
            false,
            Some(endpoint.kind),
            format!(
                "the policy of {} endpoint `{}` does not allow it (it admits {}), and {how} all `{}` traffic of `{}`",
                endpoint.kind,
                endpoint.name,
                endpoint.serves.admits.phrase(),
                wanted.service(),
                subnet.name
            ),
        );
    }
    if let Wanted::EndpointService(_) = wanted {
        let note = notes(&all, &wanted, &subnet.name, candidate);
        let why = format!("no interface endpoint of `{}` leads to it", subnet.name);
        return row(false, None, join(note, why));
    }
    let (reachable, via, reason) = default_route(
        model,
        &nats,
        subnet,
        &candidate.target,
        notes(&all, &wanted, &subnet.name, candidate),
    );
    row(reachable, via, reason)
}

/// The name of a declared endpoint service that requires acceptance: its
/// endpoints stay `pendingAcceptance` until the provider accepts them (W212).
fn pending_acceptance<'m>(model: &'m Model, target: &TargetInfo) -> Option<&'m str> {
    match target {
        TargetInfo::DeclaredService(id) => Some(model.service(*id))
            .filter(|s| s.acceptance_required)
            .map(|s| s.name.as_str()),
        _ => None,
    }
}

/// Why a serving endpoint serves the subnet, in the program's terms.
fn served_reason(endpoint: &Endpoint, because: &ServedBecause, subnet: &str) -> String {
    match because {
        ServedBecause::Intent => format!(
            "{} endpoint `{}`, which an intent of `{subnet}` asks for",
            endpoint.kind, endpoint.name
        ),
        ServedBecause::SharedRouteTable { route_table, with } => format!(
            "gateway endpoint `{}`: `{subnet}` shares route table `{route_table}` with `{with}`, whose intent put the endpoint on it",
            endpoint.name
        ),
        ServedBecause::PrivateDns { vpc } => {
            let service = match &endpoint.serves.destination {
                Destination::Aws { service, .. } => service.as_str(),
                Destination::EndpointService { name } => name.as_str(),
            };
            format!(
                "private DNS of interface endpoint `{}` answers for `{service}` in every subnet of `{vpc}`",
                endpoint.name
            )
        }
    }
}

/// Why no endpoint of the subnet's VPC carries the target: one that leads to
/// the same service in another region, or one that serves other subnets only.
fn notes(all: &[Endpoint], wanted: &Wanted, subnet: &str, candidate: &Candidate) -> Option<String> {
    let mut found = Vec::new();
    if let Wanted::Aws { service, region, .. } = wanted {
        // The first endpoint, in AWS's order, that takes the subnet's requests
        // to the service but in another region.
        let mut elsewhere: Vec<&Endpoint> = all
            .iter()
            .filter(|e| e.serves.is_for_service(service) && e.serves.serves(subnet).is_some())
            .filter(|e| e.serves.region().is_some_and(|own| own != region))
            .collect();
        elsewhere.sort_by_key(|e| e.rank());
        if let Some(endpoint) = elsewhere.first() {
            found.push(format!(
                "{} endpoint `{}` serves {} only; {} is in {region}",
                endpoint.kind,
                endpoint.name,
                endpoint.serves.region().unwrap_or_default(),
                phrase(candidate)
            ));
        }
    }
    for endpoint in all.iter().filter(|e| wanted.leads_there(&e.serves.destination)) {
        if endpoint.serves.serves(subnet).is_none() {
            found.push(format!(
                "{} endpoint `{}` serves only {}",
                endpoint.kind,
                endpoint.name,
                endpoint
                    .serves
                    .subnets
                    .iter()
                    .map(|s| format!("`{}`", s.subnet))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    (!found.is_empty()).then(|| found.join("; "))
}

/// `bucket `b``, `table `t``, `` `kms` ``: the target in a sentence.
fn phrase(candidate: &Candidate) -> String {
    match candidate.written.split_once(' ') {
        Some((kind, name)) => format!("{kind} `{name}`"),
        None => format!("`{}`", candidate.written),
    }
}

fn join(note: Option<String>, rest: String) -> String {
    match note {
        Some(note) => format!("{note}; {rest}"),
        None => rest,
    }
}

/// No endpoint carries the target: the subnet's default route decides, as
/// the plan sets it (`nats`: the NAT gateways of the subnet's VPC).
/// Returns whether it reaches, how, and why.
fn default_route(
    model: &Model,
    nats: &[&NatGateway],
    subnet: &SubnetInfo,
    target: &TargetInfo,
    note: Option<String>,
) -> (bool, Option<&'static str>, String) {
    let nat = nats
        .iter()
        .find_map(|nat| nat.serves.serves(&subnet.name).map(|because| (nat, because)));
    let (path, path_reason) = if subnet.public {
        (
            "internet",
            "the subnet is public and routes to an internet gateway".to_string(),
        )
    } else if let Some((nat, because)) = nat {
        let reason = match because {
            ServedBecause::SharedRouteTable { route_table, with } => format!(
                "`{}` shares route table `{route_table}` with `{with}`, whose `via nat` intent routes it to NAT gateway `{}`",
                subnet.name, nat.name
            ),
            // (The planner records no private DNS for a NAT gateway.)
            ServedBecause::Intent | ServedBecause::PrivateDns { .. } => {
                "the subnet's default route goes to a NAT gateway".to_string()
            }
        };
        ("nat", reason)
    } else {
        let why = format!("no endpoint, NAT or internet route of `{}` reaches it", subnet.name);
        return (false, None, join(note, why));
    };
    let guarded = match target {
        TargetInfo::Bucket(b) => Resource::Bucket(*b).deny_public(model),
        TargetInfo::Table(t) => Resource::Table(*t).deny_public(model),
        _ => false,
    };
    if guarded {
        let why = format!(
            "`deny public` admits only this file's VPC endpoints (and `allow admin` principals), not traffic through {path}"
        );
        return (false, Some(path), join(note, why));
    }
    (true, Some(path), join(note, path_reason))
}
