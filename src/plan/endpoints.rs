//! Gateway and interface endpoints: grouping intents into the fewest
//! endpoints, placing interface endpoints in at most one subnet per zone, and
//! their security groups.

mod gateways;

use std::collections::{BTreeMap, BTreeSet};

use super::aws_buckets;
use super::dns::{clients, diverted_nat_intents, no_resolver_mode, resolver_mode};
use super::keys::{route_table_ref, subnet_name, subnet_ref, vpc_name, vpc_ref};
use super::model::{Expr, GatewayEndpoint, IdRef, InterfaceEndpoint, Kind, ResourceKey};
use super::policy::{endpoint_policy, Res, Scope};
use super::security::{security_group, Clients};
use super::serves::{self, Destination};
use super::Builder;
use crate::aws::HTTPS_PORT;
use crate::check::model::{IntentInfo, Model, ServiceId, SubnetId, TargetInfo, VpcId, ZoneRef};
use crate::syntax::ast::{Access, Span, Via};

/// An endpoint of the plan and what it lets through, for resource policies.
#[derive(Debug, Clone)]
pub(crate) struct ServedEndpoint {
    /// The region of the endpoint's VPC.
    pub vpc_region: String,
    /// The endpoint.
    pub key: ResourceKey,
    /// The AWS service short name.
    pub service: String,
    /// The region of the service it reaches.
    pub service_region: String,
    /// What its policy allows.
    pub scope: Scope,
}

/// What the endpoint pass tells later passes.
#[derive(Debug, Default)]
pub(crate) struct EndpointFacts {
    /// Every endpoint to an AWS service.
    pub served: Vec<ServedEndpoint>,
    /// For each declared endpoint service, the other regions its consumers are in.
    pub consumer_regions: BTreeMap<ServiceId, BTreeSet<String>>,
    /// The gateway endpoints of each VPC and service, sorted.
    pub gateways: BTreeMap<(VpcId, String), Vec<ResourceKey>>,
}

/// What an interface endpoint connects to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum InterfaceTarget {
    Aws { service: String, region: String },
    Declared(ServiceId),
    External { name: String, region: String },
}

#[derive(Debug, Default)]
pub(super) struct RouteTableUse {
    pub scope: Option<Scope>,
    subnets: BTreeSet<String>,
    /// The subnets on this route table that reach the service.
    pub indices: BTreeSet<SubnetId>,
    /// The first gateway intent through this route table.
    pub span: Option<Span>,
}

#[derive(Debug, Default)]
pub(super) struct InterfaceUse {
    pub scope: Option<Scope>,
    pub subnets: BTreeSet<SubnetId>,
    private_dns: bool,
    /// What each subnet's own interface intents need.
    pub per_subnet: BTreeMap<SubnetId, Scope>,
    /// The first intent that wants private DNS.
    pub span: Option<Span>,
}

pub(super) type GatewayUses = BTreeMap<(VpcId, String), BTreeMap<IdRef, RouteTableUse>>;
type InterfaceUses = BTreeMap<(VpcId, InterfaceTarget), InterfaceUse>;

fn merge(slot: &mut Option<Scope>, scope: Scope) {
    match slot {
        Some(existing) => existing.merge(scope),
        None => *slot = Some(scope),
    }
}

/// Resolves a target to the endpoint target and the resource it scopes to.
fn resolve(model: &Model, target: &TargetInfo) -> Option<(InterfaceTarget, Option<Res>)> {
    Some(match target {
        TargetInfo::Service { service, region } => (
            InterfaceTarget::Aws {
                service: service.clone(),
                region: region.clone(),
            },
            None,
        ),
        TargetInfo::Bucket(b) => {
            let region = model.bucket(*b).region.clone();
            (
                InterfaceTarget::Aws {
                    service: "s3".into(),
                    region,
                },
                Some(Res::Bucket(*b)),
            )
        }
        TargetInfo::Table(t) => {
            let region = model.table(*t).region.clone();
            (
                InterfaceTarget::Aws {
                    service: "dynamodb".into(),
                    region,
                },
                Some(Res::Table(*t)),
            )
        }
        TargetInfo::DeclaredService(s) => (InterfaceTarget::Declared(*s), None),
        TargetInfo::ExternalService { service_name, region } => (
            InterfaceTarget::External {
                name: service_name.clone(),
                region: region.clone(),
            },
            None,
        ),
        TargetInfo::Internet => return None,
    })
}

fn scope_of(intent: &IntentInfo, resource: Option<Res>) -> Scope {
    match resource {
        None => Scope::Unscoped,
        Some(res) => {
            let access = intent.access.clone().unwrap_or_else(|| vec![Access::All]);
            Scope::Scoped(BTreeMap::from([(res, access.into_iter().collect())]))
        }
    }
}

fn collect(model: &Model) -> (GatewayUses, InterfaceUses) {
    let mut gateways = GatewayUses::new();
    let mut interfaces = InterfaceUses::new();
    for intent in model.intents() {
        for target in &intent.targets {
            let Some((resolved, resource)) = resolve(model, &target.target) else {
                continue;
            };
            for &subnet in &intent.subnets {
                let vpc = model.subnet(subnet).vpc;
                let scope = scope_of(intent, resource);
                match (intent.via, &resolved) {
                    (Via::Gateway, InterfaceTarget::Aws { service, .. }) => {
                        let table = route_table_ref(model, subnet);
                        let entry = gateways
                            .entry((vpc, service.clone()))
                            .or_default()
                            .entry(table)
                            .or_default();
                        merge(&mut entry.scope, scope);
                        entry.subnets.insert(subnet_name(model, subnet).to_string());
                        entry.indices.insert(subnet);
                        entry.span.get_or_insert(intent.span);
                    }
                    (Via::Interface, _) => {
                        let entry = interfaces.entry((vpc, resolved.clone())).or_default();
                        merge(&mut entry.scope, scope.clone());
                        entry.subnets.insert(subnet);
                        entry.private_dns |= intent.private_dns;
                        match entry.per_subnet.get_mut(&subnet) {
                            Some(existing) => existing.merge(scope),
                            None => {
                                entry.per_subnet.insert(subnet, scope);
                            }
                        }
                        if intent.private_dns {
                            entry.span.get_or_insert(intent.span);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    (gateways, interfaces)
}

/// Adds every endpoint and security group; returns what they serve.
pub(super) fn build(b: &mut Builder) -> EndpointFacts {
    let (gateways, interfaces) = collect(b.model);
    let mut facts = EndpointFacts::default();
    gateways::build_gateways(b, &gateways, &mut facts);
    for ((vpc, target), usage) in &interfaces {
        build_interface(b, *vpc, target, usage, &gateways, &mut facts);
    }
    facts
}

fn build_interface(
    b: &mut Builder,
    vpc: VpcId,
    target: &InterfaceTarget,
    usage: &InterfaceUse,
    gateways: &GatewayUses,
    facts: &mut EndpointFacts,
) {
    let model = b.model;
    let vpc_region = model.vpc(vpc).region.clone();
    let vname = vpc_name(model, vpc).to_string();
    let scope = usage.scope.clone().unwrap_or(Scope::Unscoped);
    let (parts, label, service_name, target_region, ports, private_dns, policy_supported) = match target {
        InterfaceTarget::Aws { service, region } => {
            let info = b.catalog.service(service);
            let name = info
                .zip(b.catalog.region(region))
                .map(|(s, r)| b.catalog.service_name(s, r))
                .unwrap_or_else(|| format!("com.amazonaws.{region}.{service}"));
            let cross = region != &vpc_region;
            let parts = if cross {
                vec![vname.clone(), service.clone(), region.clone()]
            } else {
                vec![vname.clone(), service.clone()]
            };
            let label = if cross {
                format!("{service}-{region}")
            } else {
                service.clone()
            };
            (
                parts,
                label,
                Expr::Lit(name),
                region.clone(),
                info.map_or_else(|| vec![HTTPS_PORT], |s| s.ports.clone()),
                // Across regions private DNS stays off: AWS does not say that it can
                // be on there (docs/aws-behaviour.md), so clients use the endpoint's names.
                usage.private_dns && !cross && info.is_none_or(|s| s.private_dns),
                info.is_none_or(|s| s.endpoint_policy),
            )
        }
        InterfaceTarget::Declared(service_id) => {
            let svc = model.service(*service_id);
            let svc_key = ResourceKey::new(Kind::EndpointService, [svc.name.as_str()]);
            let id = if svc.region == vpc_region {
                Expr::Id(svc_key)
            } else {
                facts
                    .consumer_regions
                    .entry(*service_id)
                    .or_default()
                    .insert(vpc_region.clone());
                Expr::ImportedId {
                    region: svc.region.clone(),
                    key: svc_key,
                }
            };
            let prefix = b.partition(&svc.region).endpoint_service_prefix();
            let name = Expr::Concat(vec![Expr::Lit(format!("{prefix}.{}.", svc.region)), id]);
            let parts = vec![vname.clone(), "service".to_string(), svc.name.clone()];
            (
                parts,
                format!("service-{}", svc.name),
                name,
                svc.region.clone(),
                svc.ports.clone(),
                false,
                false,
            )
        }
        InterfaceTarget::External { name, region } => {
            let id = name.rsplit('.').next().unwrap_or(name).to_string();
            let parts = vec![vname.clone(), "service".to_string(), id.clone()];
            (
                parts,
                format!("service-{id}"),
                Expr::Lit(name.clone()),
                region.clone(),
                vec![HTTPS_PORT],
                false,
                false,
            )
        }
    };
    let key = ResourceKey {
        kind: Kind::InterfaceEndpoint,
        parts: parts.clone(),
    };
    let name = format!("{vname}-{label}-interface");
    let sg_key = ResourceKey {
        kind: Kind::SecurityGroup,
        parts,
    };
    let cross = target_region != vpc_region;
    let private_dns_off_across_regions = cross
        && usage.private_dns
        && matches!(target, InterfaceTarget::Aws { service, .. }
            if b.catalog.service(service).is_none_or(|s| s.private_dns));
    let dns_only_inbound = match target {
        InterfaceTarget::Aws { service, .. } if private_dns && !cross => {
            let has_gateway = b.catalog.service(service).is_some_and(|s| s.gateway);
            if has_gateway {
                let tables = gateways.get(&(vpc, service.clone()));
                let mode = resolver_mode(tables, usage);
                if mode.is_none() {
                    b.diagnostics.push(no_resolver_mode(model, vpc, service, tables, usage));
                }
                Some(mode.unwrap_or(false))
            } else {
                None
            }
        }
        _ => None,
    };
    // AWS refuses `OnlyInboundResolver` unless the VPC already has a gateway
    // endpoint for the service, so the interface endpoint waits for it.
    let depends_on = match target {
        InterfaceTarget::Aws { service, .. } if dns_only_inbound == Some(true) => {
            facts.gateways.get(&(vpc, service.clone())).cloned().unwrap_or_default()
        }
        _ => Vec::new(),
    };
    let partition = b.partition(&vpc_region);
    let policy = if policy_supported {
        let aws_buckets = match target {
            InterfaceTarget::Aws { service, region } if service == "s3" => {
                aws_buckets::statements(b.catalog, model, partition, region)
            }
            _ => Vec::new(),
        };
        endpoint_policy(model, partition, &scope, aws_buckets)
    } else {
        None
    };
    let destination = match target {
        InterfaceTarget::Aws { service, region } => Destination::Aws {
            service: service.clone(),
            region: region.clone(),
        },
        InterfaceTarget::Declared(id) => Destination::EndpointService {
            name: model.service(*id).name.clone(),
        },
        InterfaceTarget::External { name, .. } => Destination::EndpointService { name: name.clone() },
    };
    // Private DNS answers inside the VPC unless it is kept for the inbound
    // Resolver only (then in-VPC traffic keeps the gateway endpoint).
    let dns_answers = private_dns && dns_only_inbound != Some(true);
    let serves = serves::interface(
        model,
        vpc,
        b.index.subnets_of(vpc),
        destination,
        &usage.subnets,
        dns_answers,
        serves::admits(model, &scope, policy_supported),
    );
    if let InterfaceTarget::Aws { service, region } = target {
        facts.served.push(ServedEndpoint {
            vpc_region: vpc_region.clone(),
            key: key.clone(),
            service: service.clone(),
            service_region: region.clone(),
            scope,
        });
    }
    if dns_answers {
        b.diagnostics.extend(diverted_nat_intents(
            model,
            b.index.nat_intents_of(vpc),
            &name,
            &serves,
            usage,
        ));
    }
    let clients = clients(model, vpc, &label, dns_answers, usage).unwrap_or_else(|missing| {
        b.diagnostics.push(missing);
        Clients::Subnets(&usage.subnets)
    });
    let security_group = security_group(model, sg_key.clone(), &name, vpc, &label, &ports, clients);
    let endpoint = InterfaceEndpoint {
        key,
        name,
        vpc: vpc_ref(model, vpc),
        service_name,
        service_region: cross.then(|| target_region.clone()),
        subnets: place(model, &usage.subnets),
        security_group: sg_key,
        private_dns,
        private_dns_only_for_inbound_resolver: dns_only_inbound,
        private_dns_off_across_regions,
        depends_on,
        policy,
        serves,
    };
    let region = b.region(&vpc_region);
    region.push(security_group);
    region.push(endpoint);
}

/// Where a subnet is, for placement: a known zone, or unknown (then each such
/// subnet counts as its own zone; the checker warns with W207).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Placement {
    Zone(ZoneRef),
    Unknown(String),
}

/// Chooses at most one subnet per zone: the one whose name sorts first.
pub(crate) fn place(model: &Model, subnets: &BTreeSet<SubnetId>) -> Vec<IdRef> {
    let mut chosen: BTreeMap<Placement, (&str, SubnetId)> = BTreeMap::new();
    for &s in subnets {
        let info = model.subnet(s);
        let zone = match &info.zone {
            Some(z) => Placement::Zone(z.clone()),
            None => Placement::Unknown(info.name.clone()),
        };
        let candidate = (info.name.as_str(), s);
        chosen
            .entry(zone)
            .and_modify(|c| *c = (*c).min(candidate))
            .or_insert(candidate);
    }
    let mut refs: Vec<IdRef> = chosen.values().map(|&(_, s)| subnet_ref(model, s)).collect();
    refs.sort();
    refs
}
