//! The typed abstract syntax tree of a `.vpce` file.
//!
//! Every node carries the byte span of the text it was parsed from, so that
//! later phases can point diagnostics at the exact words the user wrote.

use serde::Serialize;

pub use crate::span::Span;

/// A value together with the span it was parsed from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Node<T> {
    /// The parsed value.
    pub node: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Node<T> {
    /// Wraps a value with its span.
    pub fn new(node: T, span: Span) -> Self {
        Node { node, span }
    }
}

/// A user-chosen name (of a VPC, subnet, bucket, table, service or role), or
/// any other single word of the source (a region, an AZ, an id), as written.
pub type Word = Node<String>;

/// A whole `.vpce` file.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Program {
    /// The statements in source order.
    pub statements: Vec<Statement>,
    /// Every `#` comment in source order, kept for `fmt` and suppressions.
    pub comments: Vec<Comment>,
    /// Declarations that did not parse (E001), as far as they could be read:
    /// the checker stays silent about these names instead of reporting every
    /// use of them as undeclared.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub broken: Vec<BrokenDeclaration>,
}

/// The keyword and name of a declaration that did not parse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BrokenDeclaration {
    /// `vpc`, `subnet`, `bucket`, `table`, `service` or `role`.
    pub keyword: String,
    /// The name after it.
    pub name: String,
}

/// A `#` comment. `text` excludes the leading `#` and the line break.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comment {
    /// The comment text after `#`, with trailing whitespace removed.
    pub text: String,
    /// The span of the whole comment, `#` included.
    pub span: Span,
}

/// One statement, ended by `;`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Statement {
    /// What the statement says.
    pub kind: StatementKind,
    /// From the first keyword to the `;` included.
    pub span: Span,
}

/// The statements of the language (see `docs/language.md`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum StatementKind {
    /// `region REGION;`
    Region(RegionDecl),
    /// `vpc NAME ...;`
    Vpc(VpcDecl),
    /// `subnet NAME ... cidr|id ...;`
    Subnet(SubnetDecl),
    /// `bucket NAME ...;`
    Bucket(BucketDecl),
    /// `table NAME ...;`
    Table(TableDecl),
    /// `subnet A, B reaches TARGETS via ...;`
    Intent(Intent),
    /// `deny public [on ...];`
    DenyPublic(DenyPublic),
    /// `allow admin ARN, ...;`
    AllowAdmin(AllowAdmin),
    /// `allow aws-buckets SET, ...;`
    AllowAwsBuckets(AllowAwsBuckets),
    /// `service NAME nlb ARN ...;`
    Service(ServiceDecl),
    /// `role NAME for ec2 ...;`
    Role(RoleDecl),
}

/// `region REGION;` — the file's home region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionDecl {
    /// The region as written.
    pub region: Word,
}

/// `vpc NAME cidr CIDR [region R];` or `vpc NAME id VPC-ID [cidr CIDR] [region R];`
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VpcDecl {
    /// The VPC's name.
    pub name: Word,
    /// Created by the compiler, or existing.
    pub source: VpcSource,
    /// `region R`, when given.
    pub region: Option<Word>,
}

/// Whether a VPC is created or referenced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum VpcSource {
    /// `cidr CIDR`: the compiler creates the VPC.
    Created {
        /// The VPC's IPv4 CIDR block as written.
        cidr: Word,
    },
    /// `id VPC-ID [cidr CIDR]`: an existing VPC.
    Existing {
        /// The `vpc-...` id.
        id: Word,
        /// Its CIDR block, when given.
        cidr: Option<Word>,
    },
}

/// `public` or `private`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Visibility {
    /// Gets a default route to the internet gateway.
    Public,
    /// The default.
    Private,
}

/// `subnet NAME [in VPC] (cidr CIDR az AZ | id ID route-table RTB [cidr C] [az AZ]) [public|private];`
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubnetDecl {
    /// The subnet's name.
    pub name: Word,
    /// `in VPC`, when given.
    pub vpc: Option<Word>,
    /// Created or existing.
    pub source: SubnetSource,
    /// `public` or `private`, when given.
    pub visibility: Option<Node<Visibility>>,
}

/// Whether a subnet is created or referenced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum SubnetSource {
    /// `cidr CIDR az AZ`
    Created {
        /// The subnet's CIDR block.
        cidr: Word,
        /// Zone name or zone id.
        az: Word,
    },
    /// `id SUBNET-ID route-table RTB-ID [cidr CIDR] [az AZ]`
    Existing {
        /// The `subnet-...` id.
        id: Word,
        /// The `rtb-...` id of its route table.
        route_table: Word,
        /// Its CIDR block, when given.
        cidr: Option<Word>,
        /// Its zone, when given.
        az: Option<Word>,
    },
}

/// `bucket NAME [region R] [existing];`
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BucketDecl {
    /// The bucket's name.
    pub name: Word,
    /// `region R`, when given.
    pub region: Option<Word>,
    /// The span of `existing`, when given.
    pub existing: Option<Span>,
}

/// `table NAME [region R] (key ATTR | existing);`
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableDecl {
    /// The table's name.
    pub name: Word,
    /// `region R`, when given.
    pub region: Option<Word>,
    /// Created with a key, or existing.
    pub source: TableSource,
}

/// Whether a table is created or referenced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum TableSource {
    /// `key ATTRIBUTE`: created with this string partition key.
    Created {
        /// The partition key attribute name.
        key: Word,
    },
    /// `existing`.
    Existing(Span),
}

/// `reach` or `reaches` (same meaning; kept for `fmt`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ReachVerb {
    /// `reach`
    Reach,
    /// `reaches`
    Reaches,
}

/// How an intent is carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Via {
    /// A gateway endpoint (route tables).
    Gateway,
    /// An interface endpoint (PrivateLink ENIs).
    Interface,
    /// A NAT gateway.
    Nat,
}

impl Via {
    /// The keyword as written in the source.
    pub fn keyword(self) -> &'static str {
        match self {
            Via::Gateway => "gateway",
            Via::Interface => "interface",
            Via::Nat => "nat",
        }
    }
}

/// The kind of a data resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum ResourceKind {
    /// An S3 bucket.
    Bucket,
    /// A DynamoDB table.
    Table,
}

impl ResourceKind {
    /// The keyword as written in the source.
    pub fn keyword(self) -> &'static str {
        match self {
            ResourceKind::Bucket => "bucket",
            ResourceKind::Table => "table",
        }
    }
}

/// `bucket NAME` or `table NAME`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResourceRef {
    /// Bucket or table.
    pub kind: ResourceKind,
    /// The name it refers to.
    pub name: Word,
}

/// One target of an intent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Target {
    /// An AWS service short name (`s3`, `ecr.api`).
    Service(String),
    /// `bucket NAME` or `table NAME`.
    Resource(ResourceRef),
    /// `service NAME`: a declared endpoint service or a full service name.
    EndpointService(Word),
    /// `internet`.
    Internet,
}

/// One entry of an `allow` list.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Access {
    /// `read`
    Read,
    /// `write`
    Write,
    /// `list`
    List,
    /// `all`
    All,
    /// An IAM action such as `s3:GetObject` or `s3:Get*`.
    Action(String),
}

/// `subnet S [, S]* (reach|reaches) T [, T]* [REGION] via V [private-dns off] [allow A [, A]*];`
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Intent {
    /// The subnets, as written.
    pub subnets: Vec<Word>,
    /// `reach` or `reaches`.
    pub verb: ReachVerb,
    /// The targets, as written.
    pub targets: Vec<Node<Target>>,
    /// The optional region after the targets.
    pub region: Option<Word>,
    /// `via gateway|interface|nat`, spanning the two words.
    pub via: Node<Via>,
    /// The span of `private-dns off`, when given.
    pub private_dns_off: Option<Span>,
    /// The `allow` clause, when given (the span covers `allow` and its list).
    pub allow: Option<Node<Vec<Node<Access>>>>,
}

/// `deny public [on (bucket|table) NAME, ...];`
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DenyPublic {
    /// The resources named after `on`; empty means every bucket and table.
    pub on: Vec<Node<ResourceRef>>,
}

/// `allow admin ARN [, ARN]*;`
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AllowAdmin {
    /// The principal ARNs.
    pub principals: Vec<Word>,
}

/// `allow aws-buckets SET [, SET]*;` — sets of AWS-owned buckets (`ssm`,
/// `ecr`) that every scoped S3 endpoint policy of the file admits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AllowAwsBuckets {
    /// The set names, as written.
    pub sets: Vec<Word>,
}

/// `service NAME nlb ARN [, ARN]* [port N [, N]*] [acceptance required] [allow ARN [, ARN]*];`
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceDecl {
    /// The endpoint service's name.
    pub name: Word,
    /// The network load balancer ARNs.
    pub nlbs: Vec<Word>,
    /// The TCP ports its load balancers listen on, as written (1 to 65535,
    /// which the grammar guarantees); empty when no `port` clause is given.
    pub ports: Vec<Node<u16>>,
    /// The span of `acceptance required`, when given.
    pub acceptance_required: Option<Span>,
    /// Principals allowed to connect.
    pub allow: Vec<Word>,
}

/// `role NAME for ec2 [in S, ...] [managed P, ...] [allow A, ... on (bucket|table) N, ...];`
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleDecl {
    /// The role's name.
    pub name: Word,
    /// The service that assumes it (`ec2`).
    pub assumed_by: Word,
    /// `in` subnets.
    pub subnets: Vec<Word>,
    /// AWS managed policy names.
    pub managed: Vec<Word>,
    /// The granted access.
    pub allow: Vec<Node<Access>>,
    /// The resources the access is granted on.
    pub on: Vec<Node<ResourceRef>>,
}
