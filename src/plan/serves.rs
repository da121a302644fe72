//! What each endpoint of the plan serves, as the planner decided it: where it
//! leads, which subnets use it and why, and which targets its policy admits.
//! Reports (`reach`, `graph`, `cost`) read this record instead of
//! re-deriving it from service names or policy text.

use serde::Serialize;

use crate::syntax::ast::ResourceKind;

/// What an endpoint leads to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Destination {
    /// An AWS service in a region.
    Aws {
        /// The service's short name (`s3`, `ssm`).
        service: String,
        /// The region of the service.
        region: String,
    },
    /// A PrivateLink endpoint service: a declared one by its name, or one
    /// written in full (`com.amazonaws.vpce.REGION.vpce-svc-...`).
    EndpointService {
        /// The name written after `service` in the intents.
        name: String,
    },
}

/// Why an endpoint serves a subnet.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum ServedBecause {
    /// An intent of the subnet reaches the destination this way.
    Intent,
    /// The subnet's route table carries the gateway endpoint (or the NAT
    /// gateway's default route) because another subnet on the same table
    /// reaches the destination through it.
    SharedRouteTable {
        /// The route table, as written (`rtb-...`).
        route_table: String,
        /// The subnet whose intent put the endpoint (or route) on the table (the first by name).
        with: String,
    },
    /// Private DNS of the interface endpoint answers for the service's name in
    /// every subnet of the VPC.
    PrivateDns {
        /// The VPC's name.
        vpc: String,
    },
}

/// One subnet an endpoint serves.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ServedSubnet {
    /// The subnet's name.
    pub subnet: String,
    /// Why.
    pub because: ServedBecause,
}

/// A bucket or table an endpoint's policy lets requests to through.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct AdmittedResource {
    /// Bucket or table.
    pub kind: ResourceKind,
    /// Its name.
    pub name: String,
}

impl AdmittedResource {
    /// As targets are written: `bucket NAME`, `table NAME`.
    pub fn written(&self) -> String {
        format!("{} {}", self.kind.keyword(), self.name)
    }
}

/// What an endpoint lets through to its destination.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Admits {
    /// Everything: no endpoint policy (the AWS default is full access), or a
    /// service that ignores endpoint policies.
    Everything,
    /// Only requests to these buckets and tables, sorted.
    Only(Vec<AdmittedResource>),
}

impl Admits {
    /// Whether requests to `kind NAME` pass. A bare service target (`s3`)
    /// passes only an endpoint that admits everything.
    pub fn admits(&self, kind: ResourceKind, name: &str) -> bool {
        match self {
            Admits::Everything => true,
            Admits::Only(list) => list.iter().any(|r| r.kind == kind && r.name == name),
        }
    }

    /// What it admits, after "it admits": `only `bucket a`, `table t``,
    /// `everything`, or no data at all.
    pub fn phrase(&self) -> String {
        match self {
            Admits::Only(list) if list.is_empty() => {
                "no data: its actions read, write or list no object or item".to_string()
            }
            Admits::Everything => "everything".to_string(),
            Admits::Only(_) => format!("only {}", self.describe()),
        }
    }

    /// `bucket a, table t` (or `everything`), for reasons.
    pub fn describe(&self) -> String {
        match self {
            Admits::Everything => "everything".to_string(),
            Admits::Only(list) => list
                .iter()
                .map(|r| format!("`{}`", r.written()))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

/// The planner's record of what one endpoint serves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Serves {
    /// The name of the endpoint's VPC.
    pub vpc: String,
    /// Where it leads.
    pub destination: Destination,
    /// The subnets that use it, sorted by name.
    pub subnets: Vec<ServedSubnet>,
    /// What its policy lets through.
    pub admits: Admits,
    /// Every request of the served subnets to the destination arrives at this
    /// endpoint, whatever name the client uses: true for a gateway endpoint
    /// (its route takes the service's prefix list) and for an interface
    /// endpoint whose private DNS answers in every subnet of the VPC; false
    /// for an interface endpoint reached only through its own DNS names.
    pub takes_all_traffic: bool,
}

impl Serves {
    /// Why the endpoint serves `subnet`, if it does.
    pub fn serves(&self, subnet: &str) -> Option<&ServedBecause> {
        self.subnets.iter().find(|s| s.subnet == subnet).map(|s| &s.because)
    }

    /// The names of the served subnets, `, `-separated (for descriptions).
    pub fn subnet_list(&self) -> String {
        self.subnets
            .iter()
            .map(|s| s.subnet.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Whether it leads to `service` (in any region).
    pub fn is_for_service(&self, service: &str) -> bool {
        matches!(&self.destination, Destination::Aws { service: s, .. } if s == service)
    }

    /// The destination's region, for AWS services.
    pub fn region(&self) -> Option<&str> {
        match &self.destination {
            Destination::Aws { region, .. } => Some(region),
            Destination::EndpointService { .. } => None,
        }
    }
}

/// The planner's record of what one NAT gateway serves: every subnet of its
/// VPC whose route table gets the gateway's default route (`0.0.0.0/0`),
/// named by a `via nat` intent or sharing the table with such a subnet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NatServes {
    /// The name of the NAT gateway's VPC.
    pub vpc: String,
    /// The subnets whose default route goes to it, sorted by name.
    pub subnets: Vec<ServedSubnet>,
}

impl NatServes {
    /// Why the NAT gateway serves `subnet`, if it does.
    pub fn serves(&self, subnet: &str) -> Option<&ServedBecause> {
        self.subnets.iter().find(|s| s.subnet == subnet).map(|s| &s.because)
    }
}

// ---- The planner's side: building the record ----------------------------

use std::collections::{BTreeMap, BTreeSet};

use super::endpoints::RouteTableUse;
use super::keys::{route_table_ref, subnet_name};
use super::model::IdRef;
use super::policy::{resource_name, Scope};
use crate::check::model::{Model, SubnetId, VpcId};

/// What `scope` lets through, by name; everything for a service that ignores
/// endpoint policies.
pub(super) fn admits(model: &Model, scope: &Scope, policy_supported: bool) -> Admits {
    match scope {
        // A resource counts only when some of its data gets through: an
        // endpoint that allows `s3:GetBucketLocation` alone reaches no data.
        Scope::Scoped(map) if policy_supported => Admits::Only(
            map.iter()
                .filter(|(res, accesses)| {
                    let accesses: Vec<_> = accesses.iter().cloned().collect();
                    crate::plan::access::grants_data(res.kind(), &accesses)
                })
                .map(|(&res, _)| AdmittedResource {
                    kind: res.kind(),
                    name: resource_name(model, res).to_string(),
                })
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect(),
        ),
        _ => Admits::Everything,
    }
}

/// Served subnets sorted by name, one record per subnet.
fn sorted(mut subnets: Vec<ServedSubnet>) -> Vec<ServedSubnet> {
    subnets.sort();
    subnets.dedup_by(|a, b| a.subnet == b.subnet);
    subnets
}

/// The record of a gateway endpoint of `vpc` (whose subnets are `vpc_subnets`)
/// on `route_tables` (sorted): every subnet of the VPC on one of those tables,
/// named by an intent or sharing the table.
pub(super) fn gateway(
    model: &Model,
    vpc: VpcId,
    vpc_subnets: &[SubnetId],
    destination: Destination,
    route_tables: &[IdRef],
    uses: &BTreeMap<IdRef, RouteTableUse>,
    admits: Admits,
) -> Serves {
    let mut subnets = Vec::new();
    for &subnet in vpc_subnets {
        let table = route_table_ref(model, subnet);
        if route_tables.binary_search(&table).is_err() {
            continue;
        }
        let Some(usage) = uses.get(&table) else { continue };
        subnets.push(on_table(model, subnet, &table, &usage.indices));
    }
    Serves {
        vpc: model.vpc(vpc).name.clone(),
        destination,
        subnets: sorted(subnets),
        admits,
        takes_all_traffic: true,
    }
}

/// Why `subnet` on `table` is served, when `named` (the subnets on the table
/// that an intent names) put the endpoint or route there: its own intent, or
/// the table it shares with the first of them by name.
fn on_table(model: &Model, subnet: SubnetId, table: &IdRef, named: &BTreeSet<SubnetId>) -> ServedSubnet {
    let because = if named.contains(&subnet) {
        ServedBecause::Intent
    } else {
        let with = named
            .iter()
            .map(|&s| subnet_name(model, s))
            .min()
            .unwrap_or_default()
            .to_string();
        let route_table = match table {
            IdRef::Existing(id) => id.clone(),
            IdRef::Created(key) => key.parts.join("/"),
        };
        ServedBecause::SharedRouteTable { route_table, with }
    };
    ServedSubnet {
        subnet: subnet_name(model, subnet).to_string(),
        because,
    }
}

/// The record of the NAT gateway of `vpc` (whose subnets are `vpc_subnets`),
/// whose default route the planner put in the route tables of `users` (the
/// private subnets of its `via nat` intents): every subnet of the VPC on one
/// of those tables.
pub(super) fn nat(model: &Model, vpc: VpcId, vpc_subnets: &[SubnetId], users: &BTreeSet<SubnetId>) -> NatServes {
    let mut named: BTreeMap<IdRef, BTreeSet<SubnetId>> = BTreeMap::new();
    for &subnet in users {
        named.entry(route_table_ref(model, subnet)).or_default().insert(subnet);
    }
    let subnets = vpc_subnets
        .iter()
        .filter_map(|&subnet| {
            let table = route_table_ref(model, subnet);
            named.get(&table).map(|on| on_table(model, subnet, &table, on))
        })
        .collect();
    NatServes {
        vpc: model.vpc(vpc).name.clone(),
        subnets: sorted(subnets),
    }
}

/// The record of an interface endpoint of `vpc` (whose subnets are
/// `vpc_subnets`) whose intents name `named`.
/// With `dns_answers` (private DNS answering inside the VPC), every subnet of
/// the VPC is served, the unnamed ones because of private DNS, and every
/// request of theirs to the service arrives at the endpoint.
pub(super) fn interface(
    model: &Model,
    vpc: VpcId,
    vpc_subnets: &[SubnetId],
    destination: Destination,
    named: &BTreeSet<SubnetId>,
    dns_answers: bool,
    admits: Admits,
) -> Serves {
    let vpc_name = model.vpc(vpc).name.clone();
    let mut subnets: Vec<ServedSubnet> = named
        .iter()
        .map(|&s| ServedSubnet {
            subnet: subnet_name(model, s).to_string(),
            because: ServedBecause::Intent,
        })
        .collect();
    if dns_answers {
        subnets.extend(
            vpc_subnets
                .iter()
                .filter(|s| !named.contains(s))
                .map(|&s| ServedSubnet {
                    subnet: subnet_name(model, s).to_string(),
                    because: ServedBecause::PrivateDns { vpc: vpc_name.clone() },
                }),
        );
    }
    Serves {
        vpc: vpc_name,
        destination,
        subnets: sorted(subnets),
        admits,
        takes_all_traffic: dns_answers,
    }
}
