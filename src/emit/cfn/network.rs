//! The network resources: VPCs, subnets, route tables, gateways, routes and
//! security groups.

use serde_json::{json, Value};

use super::ids::Ident;
use super::intrinsics::{get_att, name_tags, object, reference, Ctx, Inconsistency};
use super::resources::{resource, Entry, Rank};
use crate::plan::model::{IdRef, Route, RouteTarget, Zone};

/// The identity of a route: its plan name, route table and destination.
pub fn route_ident(route: &Route) -> Ident {
    Ident::Route {
        name: route.key.parts.join("-"),
        route_table: route.route_table.clone(),
        destination: route.destination.clone(),
    }
}

/// Appends the network resources of the region to `out`.
pub fn entries(ctx: &Ctx<'_>, out: &mut Vec<Entry>) -> Result<(), Inconsistency> {
    let region = ctx.region;
    for vpc in &region.vpcs {
        let properties = object([
            ("CidrBlock", json!(vpc.cidr)),
            ("EnableDnsSupport", json!(true)),
            ("EnableDnsHostnames", json!(true)),
            ("Tags", name_tags(&vpc.name)),
        ]);
        out.push(Entry::new(
            Rank::Vpc,
            ctx.key_id(&vpc.key)?,
            resource("AWS::EC2::VPC", &[], properties),
        ));
    }
    for subnet in &region.subnets {
        let id = ctx.key_id(&subnet.key)?;
        let mut properties = object([("VpcId", ctx.id_ref(&subnet.vpc)?), ("CidrBlock", json!(subnet.cidr))]);
        match &subnet.zone {
            Zone::Name(name) => properties.insert("AvailabilityZone".into(), json!(name)),
            Zone::Id(zone_id) => properties.insert("AvailabilityZoneId".into(), json!(zone_id)),
        };
        if subnet.public {
            properties.insert("MapPublicIpOnLaunch".into(), json!(true));
        }
        properties.insert("Tags".into(), name_tags(&subnet.name));
        out.push(Entry::new(
            Rank::Subnet,
            id,
            resource("AWS::EC2::Subnet", &[], properties),
        ));

        let association = object([
            ("SubnetId", reference(id)),
            ("RouteTableId", ctx.key_ref(&subnet.route_table)?),
        ]);
        out.push(Entry::new(
            Rank::Association,
            ctx.id(&Ident::Association(subnet.key.clone()))?,
            resource("AWS::EC2::SubnetRouteTableAssociation", &[], association),
        ));
    }
    for table in &region.route_tables {
        let properties = object([("VpcId", ctx.id_ref(&table.vpc)?), ("Tags", name_tags(&table.name))]);
        let body = resource("AWS::EC2::RouteTable", &[], properties);
        out.push(Entry::new(Rank::RouteTable, ctx.key_id(&table.key)?, body));
    }
    for gateway in &region.internet_gateways {
        let id = ctx.key_id(&gateway.key)?;
        let body = resource(
            "AWS::EC2::InternetGateway",
            &[],
            object([("Tags", name_tags(&gateway.name))]),
        );
        out.push(Entry::new(Rank::InternetGateway, id, body));
        let attachment = object([
            ("VpcId", ctx.id_ref(&gateway.vpc)?),
            ("InternetGatewayId", reference(id)),
        ]);
        out.push(Entry::after(
            Rank::InternetGateway,
            id,
            ctx.id(&Ident::Attachment(gateway.key.clone()))?,
            resource("AWS::EC2::VPCGatewayAttachment", &[], attachment),
        ));
    }
    for nat in &region.nat_gateways {
        let eip = ctx.key_id(&nat.eip)?;
        let attachment = match &nat.internet_gateway {
            Some(gateway) => Some(ctx.id(&Ident::Attachment(gateway.clone()))?),
            None => None,
        };
        let depends: Vec<&str> = attachment.into_iter().collect();
        let eip_properties = object([("Domain", json!("vpc")), ("Tags", name_tags(&nat.name))]);
        out.push(Entry::new(
            Rank::Eip,
            eip,
            resource("AWS::EC2::EIP", &depends, eip_properties),
        ));
        let properties = object([
            ("AllocationId", get_att(eip, "AllocationId")),
            ("SubnetId", ctx.id_ref(&nat.subnet)?),
            ("Tags", name_tags(&nat.name)),
        ]);
        let body = resource("AWS::EC2::NatGateway", &depends, properties);
        out.push(Entry::new(Rank::NatGateway, ctx.key_id(&nat.key)?, body));
    }
    for route in &region.routes {
        out.push(route_entry(ctx, route)?);
    }
    for group in &region.security_groups {
        let ingress: Vec<Value> = group
            .ingress
            .iter()
            .map(|rule| {
                json!({
                    "IpProtocol": "tcp",
                    "FromPort": rule.port,
                    "ToPort": rule.port,
                    "CidrIp": rule.cidr,
                    "Description": rule.description,
                })
            })
            .collect();
        let mut properties = object([
            ("GroupDescription", json!(group.description)),
            ("VpcId", ctx.id_ref(&group.vpc)?),
        ]);
        if !ingress.is_empty() {
            properties.insert("SecurityGroupIngress".into(), Value::Array(ingress));
        }
        properties.insert("Tags".into(), name_tags(&group.name));
        let body = resource("AWS::EC2::SecurityGroup", &[], properties);
        out.push(Entry::new(Rank::SecurityGroup, ctx.key_id(&group.key)?, body));
    }
    Ok(())
}

/// A route; one through an internet gateway of this template waits for the
/// gateway's attachment, without which AWS rejects it.
fn route_entry(ctx: &Ctx<'_>, route: &Route) -> Result<Entry, Inconsistency> {
    let mut properties = object([
        ("RouteTableId", ctx.id_ref(&route.route_table)?),
        ("DestinationCidrBlock", json!(route.destination)),
    ]);
    let mut depends = Vec::new();
    match &route.target {
        RouteTarget::InternetGateway(gateway) => {
            properties.insert("GatewayId".into(), ctx.key_ref(gateway)?);
            depends.push(ctx.id(&Ident::Attachment(gateway.clone()))?);
        }
        RouteTarget::NatGateway(nat) => {
            properties.insert("NatGatewayId".into(), ctx.id_ref(&IdRef::Created(nat.clone()))?);
        }
    }
    let body = resource("AWS::EC2::Route", &depends, properties);
    Ok(Entry::new(Rank::Route, ctx.id(&route_ident(route))?, body))
}
