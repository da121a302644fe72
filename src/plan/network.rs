//! VPCs, subnets, route tables, internet and NAT gateways, and their routes.

use std::collections::BTreeSet;

use super::keys::{created_route_table, route_table_ref, subnet_ref, vpc_ref};
use super::model::{
    IdRef, InternetGateway, Kind, NatGateway, ResourceKey, Route, RouteTable, RouteTarget, Subnet, Vpc, Zone,
};
use super::{serves, Builder};
use crate::check::model::{SubnetId, SubnetInfo, VpcId, ZoneFormOrd};

const DEFAULT_ROUTE: &str = "0.0.0.0/0";

/// Adds the network resources of every VPC.
pub(super) fn build(b: &mut Builder) {
    let model = b.model;
    for (vpc_id_in_model, vpc) in model.vpcs_with_ids() {
        let vpc_id = vpc_ref(model, vpc_id_in_model);
        if vpc.existing_id.is_none() {
            let cidr = vpc.cidr.map(|c| c.to_string()).unwrap_or_default();
            let key = ResourceKey::new(Kind::Vpc, [vpc.name.as_str()]);
            b.region(&vpc.region).push(Vpc {
                key,
                name: vpc.name.clone(),
                cidr,
            });
        }
        let subnets: Vec<(SubnetId, &SubnetInfo)> = b
            .index
            .subnets_of(vpc_id_in_model)
            .iter()
            .map(|&s| (s, model.subnet(s)))
            .collect();
        let mut created_public: Vec<&str> = Vec::new();
        for &(_, subnet) in &subnets {
            if subnet.existing.is_some() {
                continue;
            }
            let zone = match &subnet.zone {
                Some(z) if z.form == ZoneFormOrd::Id => Zone::Id(z.value.clone()),
                Some(z) => Zone::Name(z.value.clone()),
                None => Zone::Name(String::new()),
            };
            let route_table = created_route_table(&subnet.name);
            let region = b.region(&vpc.region);
            region.push(RouteTable {
                key: route_table.clone(),
                name: format!("{}-rtb", subnet.name),
                vpc: vpc_id.clone(),
            });
            region.push(Subnet {
                key: ResourceKey::new(Kind::Subnet, [subnet.name.as_str()]),
                name: subnet.name.clone(),
                vpc: vpc_id.clone(),
                cidr: subnet.cidr.map(|c| c.to_string()).unwrap_or_default(),
                zone,
                public: subnet.public,
                route_table,
            });
            if subnet.public {
                created_public.push(subnet.name.as_str());
            }
        }
        let igw = (!created_public.is_empty()).then(|| ResourceKey::new(Kind::InternetGateway, [vpc.name.as_str()]));
        if let Some(igw) = &igw {
            let region = b.region(&vpc.region);
            region.push(InternetGateway {
                key: igw.clone(),
                name: format!("{}-igw", vpc.name),
                vpc: vpc_id.clone(),
            });
            for &name in &created_public {
                region.push(Route {
                    key: ResourceKey::new(Kind::Route, [name]),
                    name: format!("{name} default route to the internet gateway"),
                    route_table: IdRef::Created(created_route_table(name)),
                    destination: DEFAULT_ROUTE.to_string(),
                    target: RouteTarget::InternetGateway(igw.clone()),
                });
            }
        }
        build_nat(b, vpc_id_in_model, &subnets, igw);
    }
}

/// Adds one NAT gateway per VPC whose private subnets reach anything `via nat`,
/// in the public subnet whose name sorts first, and their default routes.
fn build_nat(b: &mut Builder, vpc_id: VpcId, subnets: &[(SubnetId, &SubnetInfo)], igw: Option<ResourceKey>) {
    let model = b.model;
    let vpc = model.vpc(vpc_id);
    let users: BTreeSet<SubnetId> = b
        .index
        .nat_intents_of(vpc_id)
        .iter()
        .map(|&i| model.intent(i))
        .flat_map(|i| i.subnets.iter().copied())
        .filter(|&s| {
            let info = model.subnet(s);
            info.vpc == vpc_id && !info.public
        })
        .collect();
    let holder = subnets
        .iter()
        .filter(|(_, info)| info.public)
        .min_by(|(_, x), (_, y)| x.name.cmp(&y.name))
        .map(|&(index, _)| index);
    let (Some(holder), false) = (holder, users.is_empty()) else {
        return;
    };
    let nat = ResourceKey::new(Kind::NatGateway, [vpc.name.as_str()]);
    let eip = ResourceKey::new(Kind::ElasticIp, [vpc.name.as_str()]);
    let mut seen = BTreeSet::new();
    let mut routes = Vec::new();
    for &s in &users {
        let table = route_table_ref(model, s);
        if !seen.insert(table.clone()) {
            continue;
        }
        let subnet = model.subnet(s);
        let part = match &table {
            IdRef::Existing(id) => id.clone(),
            IdRef::Created(_) => subnet.name.clone(),
        };
        routes.push(Route {
            key: ResourceKey::new(Kind::Route, [part.as_str()]),
            name: format!("{} default route to the NAT gateway", subnet.name),
            route_table: table,
            destination: DEFAULT_ROUTE.to_string(),
            target: RouteTarget::NatGateway(nat.clone()),
        });
    }
    // Every subnet on a table that gets the default route uses the NAT
    // gateway, named by an intent or not: reports read this record.
    let vpc_subnets: Vec<SubnetId> = subnets.iter().map(|&(index, _)| index).collect();
    let nat_gateway = NatGateway {
        key: nat,
        name: format!("{}-nat", vpc.name),
        subnet: subnet_ref(model, holder),
        eip,
        internet_gateway: igw,
        serves: serves::nat(model, vpc_id, &vpc_subnets, &users),
    };
    let region = b.region(&vpc.region);
    region.push(nat_gateway);
    region.extend(routes);
}
