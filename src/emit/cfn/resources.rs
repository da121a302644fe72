//! The resources of one template: which exist, in what order, and their bodies.

use serde_json::{Map, Value};

use super::ids::Ident;
use super::intrinsics::Ctx;
use crate::internal::InternalError;
use crate::plan::model::{RegionPlan, Resource, Stage};

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

/// What one resource of the plan declares in a template. Every kind of
/// resource implements it, in the file of its family ([`super::network`],
/// [`super::endpoints`], [`super::storage`], [`super::iam`]).
pub trait Declares {
    /// Its identities, whose logical ids the emitter allocates before
    /// building any body: the builders look their own ids up by them.
    fn idents(&self, out: &mut Vec<Ident>);

    /// Whether it has entries in the late stage too (resource policies the
    /// plan moved there); [`Declares::entries`] then picks those of the stage.
    fn in_every_stage(&self) -> bool {
        false
    }

    /// Appends its entries in the template of `ctx`.
    fn entries(&self, ctx: &Ctx<'_>, out: &mut Vec<Entry>) -> Result<(), InternalError>;
}

/// The one place that lists every kind of resource: a new variant of
/// [`Resource`] makes the compiler point here, and its [`Declares`] impl
/// says what it becomes.
fn declares(resource: &Resource) -> &dyn Declares {
    match resource {
        Resource::Vpc(x) => x,
        Resource::Subnet(x) => x,
        Resource::RouteTable(x) => x,
        Resource::InternetGateway(x) => x,
        Resource::NatGateway(x) => x,
        Resource::Route(x) => x,
        Resource::SecurityGroup(x) => x,
        Resource::GatewayEndpoint(x) => x,
        Resource::InterfaceEndpoint(x) => x,
        Resource::Bucket(x) => x,
        Resource::Table(x) => x,
        Resource::EndpointService(x) => x,
        Resource::Role(x) => x,
    }
}

/// Every resource the template of `region` declares, by identity. The
/// builders look their own ids up here, so the two lists agree.
pub fn idents(region: &RegionPlan) -> Vec<Ident> {
    let mut out = Vec::new();
    for resource in region.resources() {
        declares(resource).idents(&mut out);
    }
    out
}

/// The `Resources` section of the template: every resource, in [`Rank`]
/// order, then by the id it groups with (owners first), then by its own id.
/// The late stage holds only bucket and table policies (see [`super::storage`]).
pub fn section(ctx: &Ctx<'_>) -> Result<Map<String, Value>, InternalError> {
    let mut entries = Vec::new();
    for resource in ctx.region.resources() {
        let declared = declares(resource);
        if ctx.stage == Stage::Main || declared.in_every_stage() {
            declared.entries(ctx, &mut entries)?;
        }
    }
    entries.sort_by(|a, b| (a.rank, &a.group, a.follows, &a.id).cmp(&(b.rank, &b.group, b.follows, &b.id)));
    let mut section = Map::new();
    for entry in entries {
        if section.insert(entry.id.clone(), entry.body).is_some() {
            return Err(InternalError::new(format!(
                "region `{}` holds the resource `{}` twice",
                ctx.region.region, entry.id
            )));
        }
    }
    Ok(section)
}
