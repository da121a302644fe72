//! The checked model: the program with every name resolved, every region,
//! zone and CIDR validated. It exists only for programs without errors, and is
//! what the plan phase reads.

use crate::aws::{Partition, ZoneForm};
use crate::cidr::Cidr;
use crate::syntax::ast::{Access, Span, Via};

mod ids;

pub use ids::{BucketId, IntentId, RoleId, ServiceId, SubnetId, TableId, VpcId};

/// A resolved, validated program. Every `span: Span` "where it is declared"
/// is the span of the declared name.
///
/// Its lists are read through accessors (`vpcs()`, `vpc(id)`, ...) and grow
/// only through the checker's `push_*`, which mint the typed ids: see `ids.rs`
/// for why a lookup by id cannot fail.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// The file's home region, if declared.
    pub home_region: Option<String>,
    /// VPCs in declaration order.
    vpcs: Vec<VpcInfo>,
    /// Subnets in declaration order.
    subnets: Vec<SubnetInfo>,
    /// Buckets in declaration order.
    buckets: Vec<BucketInfo>,
    /// Tables in declaration order.
    tables: Vec<TableInfo>,
    /// Intents in source order.
    intents: Vec<IntentInfo>,
    /// Principals exempt from every `deny public`, in source order, deduplicated.
    pub admins: Vec<String>,
    /// Sets of AWS-owned buckets (`allow aws-buckets`) that every scoped S3
    /// endpoint policy admits, in source order, deduplicated.
    pub aws_bucket_sets: Vec<String>,
    /// Endpoint services in declaration order.
    services: Vec<EndpointServiceInfo>,
    /// Instance roles in declaration order.
    roles: Vec<RoleInfo>,
}

/// A VPC.
#[derive(Debug, Clone)]
pub struct VpcInfo {
    /// Its name.
    pub name: String,
    /// Where it is declared.
    pub span: Span,
    /// Its region (own, or the file's).
    pub region: String,
    /// The region's partition.
    pub partition: Partition,
    /// `Some(vpc-...)` when existing.
    pub existing_id: Option<String>,
    /// Its CIDR, when known (always for created VPCs).
    pub cidr: Option<Cidr>,
}

/// A zone as written on a subnet.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ZoneRef {
    /// The zone name or id as written.
    pub value: String,
    /// Which of the two it is.
    pub form: ZoneFormOrd,
}

/// [`ZoneForm`] with an ordering, for deterministic placement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ZoneFormOrd {
    /// A zone name.
    Name,
    /// A zone id.
    Id,
}

impl From<ZoneForm> for ZoneFormOrd {
    fn from(form: ZoneForm) -> Self {
        match form {
            ZoneForm::Name => ZoneFormOrd::Name,
            ZoneForm::Id => ZoneFormOrd::Id,
        }
    }
}

/// A subnet.
#[derive(Debug, Clone)]
pub struct SubnetInfo {
    /// Its name.
    pub name: String,
    /// Where it is declared.
    pub span: Span,
    /// Its VPC.
    pub vpc: VpcId,
    /// `Some((subnet-..., rtb-...))` when existing.
    pub existing: Option<ExistingSubnet>,
    /// Its CIDR, when known (always for created subnets).
    pub cidr: Option<Cidr>,
    /// Its zone, when known (always for created subnets).
    pub zone: Option<ZoneRef>,
    /// Marked `public`.
    pub public: bool,
}

/// The ids of an existing subnet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExistingSubnet {
    /// `subnet-...`
    pub id: String,
    /// `rtb-...`
    pub route_table: String,
}

/// A bucket.
#[derive(Debug, Clone)]
pub struct BucketInfo {
    /// Its name.
    pub name: String,
    /// Where it is declared.
    pub span: Span,
    /// Its region.
    pub region: String,
    /// Its partition.
    pub partition: Partition,
    /// Declared `existing`.
    pub existing: bool,
    /// Covered by a `deny public`.
    pub deny_public: bool,
    /// Where the first `deny public` that covers it is written.
    pub deny_public_span: Option<Span>,
}

/// A table.
#[derive(Debug, Clone)]
pub struct TableInfo {
    /// Its name.
    pub name: String,
    /// Where it is declared.
    pub span: Span,
    /// Its region.
    pub region: String,
    /// Its partition.
    pub partition: Partition,
    /// `Some(attribute)` when created, `None` when existing.
    pub key: Option<String>,
    /// Covered by a `deny public`.
    pub deny_public: bool,
    /// Where the first `deny public` that covers it is written.
    pub deny_public_span: Option<Span>,
}

/// A resolved intent target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetInfo {
    /// An AWS service in a region.
    Service {
        /// Short name (`s3`).
        service: String,
        /// The region of the service (the intent's REGION or the VPC's).
        region: String,
    },
    /// A declared bucket (its service is `s3`, in its own region).
    Bucket(BucketId),
    /// A declared table (its service is `dynamodb`, in its own region).
    Table(TableId),
    /// A declared endpoint service.
    DeclaredService(ServiceId),
    /// An endpoint service written by its full name.
    ExternalService {
        /// `com.amazonaws.vpce.REGION.vpce-svc-...` (`cn.com.amazonaws.vpce...` in China)
        service_name: String,
        /// The REGION part.
        region: String,
    },
    /// `internet` (only with `via nat`).
    Internet,
}

/// One target with its span and the text it was written as (`bucket b`, `s3`).
#[derive(Debug, Clone)]
pub struct TargetUse {
    /// What it resolves to.
    pub target: TargetInfo,
    /// As written, normalised (`bucket NAME`, `table NAME`, `service NAME`, `s3`, `internet`).
    pub written: String,
    /// Where.
    pub span: Span,
}

/// One intent statement, resolved. A statement whose subnets lie in VPCs of
/// different regions becomes one `IntentInfo` per region (with the same span),
/// so that a service target without REGION means the service in each subnet's
/// own region. Subnets are listed once each, in the order written.
#[derive(Debug, Clone)]
pub struct IntentInfo {
    /// The whole statement.
    pub span: Span,
    /// The subnets.
    pub subnets: Vec<SubnetId>,
    /// The targets.
    pub targets: Vec<TargetUse>,
    /// The transport.
    pub via: Via,
    /// Private DNS wanted (false with `private-dns off`, and for endpoint services).
    pub private_dns: bool,
    /// The span of `private-dns off`, if written.
    pub private_dns_span: Option<Span>,
    /// The `allow` list; `None` means no `allow` clause.
    pub access: Option<Vec<Access>>,
}

/// A PrivateLink endpoint service (provider side).
#[derive(Debug, Clone)]
pub struct EndpointServiceInfo {
    /// Its name.
    pub name: String,
    /// Where it is declared.
    pub span: Span,
    /// Its region (from its load balancers' ARNs, else the file's).
    pub region: String,
    /// Network load balancer ARNs.
    pub nlb_arns: Vec<String>,
    /// The TCP ports its load balancers listen on, ascending and without
    /// repeats: the `port` clause, or 443 when there is none.
    pub ports: Vec<u16>,
    /// `acceptance required`.
    pub acceptance_required: bool,
    /// Allowed principal ARNs.
    pub allowed_principals: Vec<String>,
}

/// An instance role.
#[derive(Debug, Clone)]
pub struct RoleInfo {
    /// Its name.
    pub name: String,
    /// Where it is declared.
    pub span: Span,
    /// Its region (the file's home region; IAM itself is global).
    pub region: String,
    /// Its partition.
    pub partition: Partition,
    /// The subnets its instances run in.
    pub subnets: Vec<SubnetId>,
    /// AWS managed policy names (`AmazonSSMManagedInstanceCore`, `service-role/...`).
    pub managed: Vec<String>,
    /// The granted access.
    pub access: Vec<Access>,
    /// The resources granted on.
    pub resources: Vec<RoleResource>,
    /// Where each of `resources` is written (`bucket NAME` after `on`), in the same order.
    pub resource_spans: Vec<Span>,
}

/// A resource a role is granted access on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleResource {
    /// A bucket.
    Bucket(BucketId),
    /// A table.
    Table(TableId),
}
