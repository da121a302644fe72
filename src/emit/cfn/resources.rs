//! The resources of one template: which exist, in what order, and their bodies.

use serde_json::{Map, Value};

use super::intrinsics::{Ctx, Inconsistency};
use super::{endpoints, iam, ids::Ident, network, storage};
use crate::plan::model::{RegionPlan, Stage};

/// Resource groups in template order, chosen for readable diffs: the network
/// first, then endpoints, then what they protect, then identities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rank {
    /// `AWS::EC2::VPC`
    Vpc,
    /// `AWS::EC2::Subnet`
    Subnet,
    /// `AWS::EC2::RouteTable`
    RouteTable,
    /// `AWS::EC2::SubnetRouteTableAssociation`
    Association,
    /// `AWS::EC2::InternetGateway`, each followed by its attachment.
    InternetGateway,
    /// `AWS::EC2::EIP`
    Eip,
    /// `AWS::EC2::NatGateway`
    NatGateway,
    /// `AWS::EC2::Route`
    Route,
    /// `AWS::EC2::SecurityGroup`
    SecurityGroup,
    /// `AWS::EC2::VPCEndpoint` of type Gateway.
    GatewayEndpoint,
    /// `AWS::EC2::VPCEndpoint` of type Interface.
    InterfaceEndpoint,
    /// `AWS::S3::Bucket`
    Bucket,
    /// `AWS::S3::BucketPolicy`
    BucketPolicy,
    /// `AWS::DynamoDB::Table`
    Table,
    /// `AWS::EC2::VPCEndpointService`
    EndpointService,
    /// `AWS::EC2::VPCEndpointServicePermissions`
    Permissions,
    /// `AWS::IAM::Role`
    Role,
    /// `AWS::IAM::InstanceProfile`
    InstanceProfile,
}

/// One resource of the template and where it sorts.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Its group.
    pub rank: Rank,
    /// The logical id it sorts next to (its own, or its owner's).
    pub group: String,
    /// Whether it follows its owner (an owner sorts before what follows it).
    pub follows: bool,
    /// Its logical id.
    pub id: String,
    /// `{Type, DependsOn?, Properties}`.
    pub body: Value,
}

impl Entry {
    /// A resource sorted by its own id within `rank`.
    pub fn new(rank: Rank, id: &str, body: Value) -> Self {
        Entry {
            rank,
            group: id.to_string(),
            follows: false,
            id: id.to_string(),
            body,
        }
    }

    /// A resource sorted right after its owner `group`.
    pub fn after(rank: Rank, group: &str, id: &str, body: Value) -> Self {
        Entry {
            rank,
            group: group.to_string(),
            follows: true,
            id: id.to_string(),
            body,
        }
    }
}

/// A resource body: `Type`, `DependsOn` (when given) and `Properties`.
pub fn resource(kind: &str, depends_on: &[&str], properties: Map<String, Value>) -> Value {
    let mut body = Map::new();
    body.insert("Type".into(), Value::String(kind.into()));
    match depends_on {
        [] => {}
        [one] => {
            body.insert("DependsOn".into(), Value::String((*one).into()));
        }
        many => {
            body.insert(
                "DependsOn".into(),
                Value::Array(many.iter().map(|d| Value::String((*d).into())).collect()),
            );
        }
    }
    body.insert("Properties".into(), Value::Object(properties));
    Value::Object(body)
}

/// Every resource the template of `region` declares, by identity. The
/// builders below look their own ids up here, so the two lists agree.
pub fn idents(region: &RegionPlan) -> Vec<Ident> {
    let mut out = Vec::new();
    out.extend(region.vpcs.iter().map(|v| Ident::Key(v.key.clone())));
    for subnet in &region.subnets {
        out.push(Ident::Key(subnet.key.clone()));
        out.push(Ident::Association(subnet.key.clone()));
    }
    out.extend(region.route_tables.iter().map(|t| Ident::Key(t.key.clone())));
    for gateway in &region.internet_gateways {
        out.push(Ident::Key(gateway.key.clone()));
        out.push(Ident::Attachment(gateway.key.clone()));
    }
    for nat in &region.nat_gateways {
        out.push(Ident::Key(nat.key.clone()));
        out.push(Ident::Key(nat.eip.clone()));
    }
    out.extend(region.routes.iter().map(network::route_ident));
    out.extend(region.security_groups.iter().map(|g| Ident::Key(g.key.clone())));
    out.extend(region.gateway_endpoints.iter().map(|e| Ident::Key(e.key.clone())));
    out.extend(region.interface_endpoints.iter().map(|e| Ident::Key(e.key.clone())));
    for bucket in &region.buckets {
        if bucket.created {
            out.push(Ident::Key(bucket.key.clone()));
        }
        if bucket.policy.is_some() {
            out.push(Ident::BucketPolicy(bucket.key.clone()));
        }
    }
    for table in &region.tables {
        if table.partition_key.is_some() {
            out.push(Ident::Key(table.key.clone()));
        }
    }
    for service in &region.endpoint_services {
        out.push(Ident::Key(service.key.clone()));
        if !service.allowed_principals.is_empty() {
            out.push(Ident::Permissions(service.key.clone()));
        }
    }
    for role in &region.roles {
        out.push(Ident::Key(role.key.clone()));
        out.push(Ident::Key(role.instance_profile.clone()));
    }
    out
}

/// The `Resources` section of the template: every resource, in [`Rank`]
/// order, then by the id it groups with (owners first), then by its own id.
/// The late stage holds only bucket and table policies (see [`storage`]).
pub fn section(ctx: &Ctx<'_>) -> Result<Map<String, Value>, Inconsistency> {
    let mut entries = Vec::new();
    if ctx.stage == Stage::Main {
        network::entries(ctx, &mut entries)?;
        endpoints::entries(ctx, &mut entries)?;
        iam::entries(ctx, &mut entries)?;
    }
    storage::entries(ctx, &mut entries)?;
    entries.sort_by(|a, b| (a.rank, &a.group, a.follows, &a.id).cmp(&(b.rank, &b.group, b.follows, &b.id)));
    let mut section = Map::new();
    for entry in entries {
        if section.insert(entry.id.clone(), entry.body).is_some() {
            return Err(Inconsistency(format!(
                "region `{}` holds the resource `{}` twice",
                ctx.region.region, entry.id
            )));
        }
    }
    Ok(section)
}
