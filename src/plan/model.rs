//! The cloud-neutral resource model that both emitters read.
//!
//! A [`Plan`] holds one [`RegionPlan`] per region, whose resources are one
//! list of [`Resource`]s (one variant per kind, see `model/resource.rs`).
//! Resources refer to each other through [`ResourceKey`]s (resources this plan creates) or literal ids
//! (existing resources), via [`IdRef`]. Policy documents are data, with
//! [`Expr`] for the values only known at deploy time. Every list is in a
//! deterministic order, so emitters only have to walk it.

use std::collections::BTreeMap;

use serde::Serialize;

pub use super::serves::{NatServes, Serves};
use crate::aws::Partition;

mod deployment;
mod policy_document;
mod resource;

pub use deployment::{CycleLink, Deployment, Stage, Step};
pub use policy_document::{Condition, Effect, PolicyDocument, Principal, Statement};
pub use resource::{Origin, Resource, TableOrigin};

pub use super::outputs::{OutputValue, StackOutput};

/// Declares [`Kind`] and its variant names from one list.
macro_rules! kind_enum {
    ($($(#[doc = $doc:literal])* $variant:ident,)*) => {
        /// What kind of resource a key names; together with the parts it is unique.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        pub enum Kind {
            $($(#[doc = $doc])* $variant,)*
        }

        impl Kind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [Kind] = &[$(Kind::$variant,)*];

            /// The variant's name, as `{:?}` prints it (without the formatting machinery).
            pub fn name(self) -> &'static str {
                match self {
                    $(Kind::$variant => stringify!($variant),)*
                }
            }
        }
    };
}

kind_enum! {
    /// A VPC.
    Vpc,
    /// A subnet.
    Subnet,
    /// A route table.
    RouteTable,
    /// An internet gateway (with its VPC attachment).
    InternetGateway,
    /// An Elastic IP for a NAT gateway.
    ElasticIp,
    /// A NAT gateway.
    NatGateway,
    /// A route in a route table.
    Route,
    /// A gateway VPC endpoint.
    GatewayEndpoint,
    /// An interface VPC endpoint.
    InterfaceEndpoint,
    /// A security group.
    SecurityGroup,
    /// An S3 bucket.
    Bucket,
    /// A DynamoDB table.
    Table,
    /// A PrivateLink endpoint service.
    EndpointService,
    /// An IAM role.
    Role,
    /// An IAM instance profile.
    InstanceProfile,
}

/// The identity of a resource the plan creates: its kind and the DSL names it
/// derives from (e.g. `[vpc, "s3"]` for the S3 gateway endpoint of a VPC).
/// Emitters turn it into logical ids or labels, never the other way round.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ResourceKey {
    /// The kind.
    pub kind: Kind,
    /// Name parts, as written in the DSL.
    pub parts: Vec<String>,
}

impl ResourceKey {
    /// A key of `kind` from name parts.
    pub fn new<I, S>(kind: Kind, parts: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        ResourceKey {
            kind,
            parts: parts.into_iter().map(Into::into).collect(),
        }
    }
}

/// A reference to a resource's id: one this plan creates, or an existing one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum IdRef {
    /// Created by this plan, in the same region.
    Created(ResourceKey),
    /// An existing resource's id (`vpc-...`, `subnet-...`, `rtb-...`).
    Existing(String),
}

/// A string value in a policy or property, possibly known only at deploy time.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Expr {
    /// A literal string.
    Lit(String),
    /// The id of a resource created in the same region.
    Id(ResourceKey),
    /// The ARN of a resource created in the same region.
    Arn(ResourceKey),
    /// The id of a resource created in another region of this plan. In
    /// CloudFormation it becomes a parameter of this template fed from an
    /// output of the other; in Terraform a direct reference.
    ImportedId {
        /// Where the resource lives.
        region: String,
        /// Which resource.
        key: ResourceKey,
    },
    /// The deploying account's id.
    AccountId,
    /// The concatenation of the parts.
    Concat(Vec<Expr>),
}

/// A whole plan: one part per region, sorted by region code.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// The source file name as given (for descriptions).
    pub source_name: String,
    /// The file stem (name without directory and `.vpce`).
    pub stem: String,
    /// The regions.
    pub regions: BTreeMap<String, RegionPlan>,
    /// How the regions' CloudFormation templates are deployed.
    pub deployment: Deployment,
}

/// Everything deployed in one region.
#[derive(Debug, Clone, Serialize)]
pub struct RegionPlan {
    /// The region code.
    pub region: String,
    /// Its partition.
    pub partition: Partition,
    /// Its resources (see [`Resource`]).
    resources: Vec<Resource>,
    /// Values this region's templates need from other regions, sorted.
    pub imports: Vec<Import>,
    /// Keys of this region's resources that other regions import, sorted
    /// (all in the main stage).
    pub exports: Vec<ResourceKey>,
    /// What the region's template publishes, sorted by name.
    pub outputs: Vec<StackOutput>,
}

impl RegionPlan {
    /// An empty plan for `region` of `partition`.
    pub fn new(region: &str, partition: Partition) -> Self {
        RegionPlan {
            region: region.to_string(),
            partition,
            resources: Vec::new(),
            imports: Vec::new(),
            exports: Vec::new(),
            outputs: Vec::new(),
        }
    }
}

/// A value imported from another region, always from that region's main stage.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Import {
    /// The stage of this region whose template takes it as a parameter.
    pub stage: Stage,
    /// The region that creates it.
    pub region: String,
    /// The resource whose id is imported.
    pub key: ResourceKey,
}

/// A created VPC (DNS support and hostnames on).
#[derive(Debug, Clone, Serialize)]
pub struct Vpc {
    /// Identity.
    pub key: ResourceKey,
    /// The DSL name (the `Name` tag).
    pub name: String,
    /// The CIDR block.
    pub cidr: String,
}

/// How a subnet's zone is given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Zone {
    /// `AvailabilityZone`
    Name(String),
    /// `AvailabilityZoneId`
    Id(String),
}

/// A created subnet, associated with its route table.
#[derive(Debug, Clone, Serialize)]
pub struct Subnet {
    /// Identity.
    pub key: ResourceKey,
    /// The DSL name.
    pub name: String,
    /// Its VPC.
    pub vpc: IdRef,
    /// The CIDR block.
    pub cidr: String,
    /// Its zone.
    pub zone: Zone,
    /// Public subnets map public IPs on launch.
    pub public: bool,
    /// Its route table (always created with it).
    pub route_table: ResourceKey,
}

/// A created route table.
#[derive(Debug, Clone, Serialize)]
pub struct RouteTable {
    /// Identity.
    pub key: ResourceKey,
    /// The `Name` tag.
    pub name: String,
    /// Its VPC.
    pub vpc: IdRef,
}

/// A created internet gateway, attached to its VPC.
#[derive(Debug, Clone, Serialize)]
pub struct InternetGateway {
    /// Identity.
    pub key: ResourceKey,
    /// The `Name` tag.
    pub name: String,
    /// The VPC it is attached to.
    pub vpc: IdRef,
}

/// A created public NAT gateway and its Elastic IP.
#[derive(Debug, Clone, Serialize)]
pub struct NatGateway {
    /// Identity.
    pub key: ResourceKey,
    /// The `Name` tag.
    pub name: String,
    /// The public subnet that holds it.
    pub subnet: IdRef,
    /// Its Elastic IP.
    pub eip: ResourceKey,
    /// The internet gateway it depends on, when this plan creates it.
    pub internet_gateway: Option<ResourceKey>,
    /// The subnets whose route table gets its default route, and why.
    pub serves: NatServes,
}

/// Where a route sends traffic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum RouteTarget {
    /// An internet gateway of this plan.
    InternetGateway(ResourceKey),
    /// A NAT gateway of this plan.
    NatGateway(ResourceKey),
}

/// A route in a route table.
#[derive(Debug, Clone, Serialize)]
pub struct Route {
    /// Identity: kind `Route`, parts naming the route table's subnet or id.
    pub key: ResourceKey,
    /// A readable name, e.g. `net-102-subnet-2 default route`.
    pub name: String,
    /// The route table.
    pub route_table: IdRef,
    /// Destination CIDR (`0.0.0.0/0`).
    pub destination: String,
    /// Target.
    pub target: RouteTarget,
}

/// A gateway endpoint and the route tables it serves.
#[derive(Debug, Clone, Serialize)]
pub struct GatewayEndpoint {
    /// Identity.
    pub key: ResourceKey,
    /// The `Name` tag.
    pub name: String,
    /// Its VPC.
    pub vpc: IdRef,
    /// `com.amazonaws.REGION.s3`
    pub service_name: String,
    /// The route tables, sorted.
    pub route_tables: Vec<IdRef>,
    /// The endpoint policy; `None` leaves the AWS default (full access).
    pub policy: Option<PolicyDocument>,
    /// What it serves, and why.
    pub serves: Serves,
}

/// An interface endpoint.
#[derive(Debug, Clone, Serialize)]
pub struct InterfaceEndpoint {
    /// Identity.
    pub key: ResourceKey,
    /// The `Name` tag.
    pub name: String,
    /// Its VPC.
    pub vpc: IdRef,
    /// The service name, e.g. `com.amazonaws.eu-west-1.kms`, or an expression for endpoint services.
    pub service_name: Expr,
    /// `Some(region)` when the service is in another region (cross-region PrivateLink).
    pub service_region: Option<String>,
    /// The subnets holding its ENIs: at most one per zone, sorted.
    pub subnets: Vec<IdRef>,
    /// Its security group.
    pub security_group: ResourceKey,
    /// Private DNS on.
    pub private_dns: bool,
    /// For S3/DynamoDB with private DNS: `Some(true)` = only inbound resolver
    /// (a gateway endpoint serves in-VPC traffic), `Some(false)` = all resolvers.
    pub private_dns_only_for_inbound_resolver: Option<bool>,
    /// Private DNS was turned off only because the service is in another
    /// region: the intents would have it on (reports and outputs say so).
    pub private_dns_off_across_regions: bool,
    /// Endpoints of this region that must exist before this one, sorted: the
    /// VPC's gateway endpoints for the service when private DNS answers only
    /// the inbound resolver (AWS refuses that setting without one).
    pub depends_on: Vec<ResourceKey>,
    /// The endpoint policy; `None` leaves the default (full access).
    pub policy: Option<PolicyDocument>,
    /// What it serves, and why.
    pub serves: Serves,
}

/// One ingress rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IngressRule {
    /// Source CIDR.
    pub cidr: String,
    /// TCP port (from = to).
    pub port: u16,
    /// Human description (the subnets it covers).
    pub description: String,
}

/// A security group for an interface endpoint.
#[derive(Debug, Clone, Serialize)]
pub struct SecurityGroup {
    /// Identity.
    pub key: ResourceKey,
    /// The `Name` tag.
    pub name: String,
    /// `GroupDescription`.
    pub description: String,
    /// Its VPC.
    pub vpc: IdRef,
    /// Ingress rules, sorted; at most 60.
    pub ingress: Vec<IngressRule>,
}

/// A bucket: created, or existing and only given a policy.
#[derive(Debug, Clone, Serialize)]
pub struct Bucket {
    /// Identity.
    pub key: ResourceKey,
    /// The bucket name.
    pub name: String,
    /// Created by this plan (then it gets a public access block), or existing.
    pub origin: Origin,
    /// The bucket policy, if any.
    pub policy: Option<PolicyDocument>,
    /// The stage of the bucket policy (the bucket itself is always `Main`).
    pub policy_stage: Stage,
}

/// A table: created, or existing and only given a policy.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    /// Identity.
    pub key: ResourceKey,
    /// The table name.
    pub name: String,
    /// Created with its key schema, or existing.
    pub origin: TableOrigin,
    /// The resource policy, if any.
    pub policy: Option<PolicyDocument>,
    /// The stage of the resource policy. CloudFormation sets a table's
    /// resource policy on the table itself, so a created table is created in
    /// this stage too.
    pub stage: Stage,
}

/// A PrivateLink endpoint service.
#[derive(Debug, Clone, Serialize)]
pub struct EndpointService {
    /// Identity.
    pub key: ResourceKey,
    /// The `Name` tag.
    pub name: String,
    /// NLB ARNs.
    pub nlb_arns: Vec<String>,
    /// Connections must be accepted.
    pub acceptance_required: bool,
    /// Principals allowed to connect, sorted.
    pub allowed_principals: Vec<String>,
    /// Other regions whose endpoints connect to it, sorted.
    pub supported_regions: Vec<String>,
}

/// An EC2 instance role with its instance profile.
#[derive(Debug, Clone, Serialize)]
pub struct Role {
    /// Identity.
    pub key: ResourceKey,
    /// Identity of its instance profile.
    pub instance_profile: ResourceKey,
    /// The DSL name.
    pub name: String,
    /// The trust policy.
    pub trust_policy: PolicyDocument,
    /// Managed policy ARNs, sorted.
    pub managed_policy_arns: Vec<String>,
    /// The inline policy, if any access is granted.
    pub policy: Option<PolicyDocument>,
}
