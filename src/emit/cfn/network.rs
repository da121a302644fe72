//! The network resources: VPCs, subnets, route tables, gateways, routes and
//! security groups, each as a [`Declares`] impl.

use serde_json::{json, Value};

use super::ids::Ident;
use super::intrinsics::{get_att, name_tags, object, reference, Ctx};
use super::resources::{resource, Declares, Entry, Rank};
use crate::internal::InternalError;
use crate::plan::model::{
    IdRef, InternetGateway, NatGateway, Route, RouteTable, RouteTarget, SecurityGroup, Subnet, Vpc, Zone,
};

/// The identity of a route: its plan name, route table and destination.
pub fn route_ident(route: &Route) -> Ident {
    Ident::Route {
        name: route.key.parts.join("-"),
        route_table: route.route_table.clone(),
        destination: route.destination.clone(),
    }
}

impl Declares for Vpc {
    fn idents(&self, out: &mut Vec<Ident>) {
        out.push(Ident::Key(self.key.clone()));
    }

    fn entries(&self, ctx: &Ctx<'_>, out: &mut Vec<Entry>) -> Result<(), InternalError> {
        let properties = object([
            ("CidrBlock", json!(self.cidr)),
            ("EnableDnsSupport", json!(true)),
            ("EnableDnsHostnames", json!(true)),
            ("Tags", name_tags(&self.name)),
        ]);
        out.push(Entry::new(
            Rank::Vpc,
            ctx.key_id(&self.key)?,
            resource("AWS::EC2::VPC", &[], properties),
        ));
        Ok(())
    }
}

impl Declares for Subnet {
    fn idents(&self, out: &mut Vec<Ident>) {
        out.push(Ident::Key(self.key.clone()));
        out.push(Ident::Association(self.key.clone()));
    }

    fn entries(&self, ctx: &Ctx<'_>, out: &mut Vec<Entry>) -> Result<(), InternalError> {
        let subnet = self;
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
        Ok(())
    }
}

impl Declares for RouteTable {
    fn idents(&self, out: &mut Vec<Ident>) {
        out.push(Ident::Key(self.key.clone()));
    }

    fn entries(&self, ctx: &Ctx<'_>, out: &mut Vec<Entry>) -> Result<(), InternalError> {
        let properties = object([("VpcId", ctx.id_ref(&self.vpc)?), ("Tags", name_tags(&self.name))]);
        let body = resource("AWS::EC2::RouteTable", &[], properties);
        out.push(Entry::new(Rank::RouteTable, ctx.key_id(&self.key)?, body));
        Ok(())
    }
}

impl Declares for InternetGateway {
    fn idents(&self, out: &mut Vec<Ident>) {
        out.push(Ident::Key(self.key.clone()));
        out.push(Ident::Attachment(self.key.clone()));
    }

    fn entries(&self, ctx: &Ctx<'_>, out: &mut Vec<Entry>) -> Result<(), InternalError> {
        let gateway = self;
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
        Ok(())
    }
}

impl Declares for NatGateway {
    fn idents(&self, out: &mut Vec<Ident>) {
        out.push(Ident::Key(self.key.clone()));
        out.push(Ident::Key(self.eip.clone()));
    }

    fn entries(&self, ctx: &Ctx<'_>, out: &mut Vec<Entry>) -> Result<(), InternalError> {
        let nat = self;
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
        Ok(())
    }
}

impl Declares for Route {
    fn idents(&self, out: &mut Vec<Ident>) {
        out.push(route_ident(self));
    }

    fn entries(&self, ctx: &Ctx<'_>, out: &mut Vec<Entry>) -> Result<(), InternalError> {
        out.push(route_entry(ctx, self)?);
        Ok(())
    }
}

impl Declares for SecurityGroup {
    fn idents(&self, out: &mut Vec<Ident>) {
        out.push(Ident::Key(self.key.clone()));
    }

    fn entries(&self, ctx: &Ctx<'_>, out: &mut Vec<Entry>) -> Result<(), InternalError> {
        let group = self;
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
        Ok(())
    }
}

/// A route; one through an internet gateway of this template waits for the
/// gateway's attachment, without which AWS rejects it.
fn route_entry(ctx: &Ctx<'_>, route: &Route) -> Result<Entry, InternalError> {
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
