"""What a set of generated templates deploys, in one shape for both targets.

The CloudFormation and Terraform readers (cfn.py, tf.py) each fill a World
from their files. Identifiers are "symbols": a literal id (`vpc-0a1b...`,
`rtb-...`) for things that already exist, or a marker `{{...}}` naming the
resource that creates it (a CloudFormation logical id, a Terraform address).
A marker is also what `Ref` or `.id` of the resource gives inside policies, so
an endpoint's `aws:SourceVpce` and the ids a bucket policy lists compare as
plain strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ACCOUNT = "111122223333"
"""The account every generated stack is deployed into (any fixed value would do)."""

# Region -> partition and DNS suffix. Sources in README.md ("Partitions").
def partition(region: str) -> str:
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


def url_suffix(region: str) -> str:
    return "amazonaws.com.cn" if region.startswith("cn-") else "amazonaws.com"


def marker(*parts: str) -> str:
    return "{{" + ":".join(parts) + "}}"


class EvaluatorError(Exception):
    """The templates hold something the evaluator does not model: it says so loudly."""


@dataclass
class Vpc:
    key: str
    region: str
    cidr: str | None
    dns_support: bool = True
    dns_hostnames: bool = True
    name: str | None = None  # the Name tag of a created VPC


@dataclass
class Subnet:
    key: str
    vpc: str
    region: str
    cidr: str | None
    az: str | None
    name: str | None = None  # the Name tag of a created subnet


@dataclass
class Route:
    destination: str
    kind: str  # "igw" | "nat" | "other"
    target: str


@dataclass
class Endpoint:
    key: str  # the endpoint's id, as a symbol
    kind: str  # "gateway" | "interface" | other VpcEndpointType
    vpc: str
    region: str  # where the endpoint is (its stack's or provider's region)
    service_name: str
    service_region: str | None = None  # ServiceRegion / service_region
    route_tables: list[str] = field(default_factory=list)
    subnets: list[str] = field(default_factory=list)
    security_groups: list[str] = field(default_factory=list)
    private_dns: bool = False
    # DnsOptions.PrivateDnsOnlyForInboundResolverEndpoint: True, False or None (unset)
    inbound_resolver_only: bool | None = None
    policy: dict | None = None  # None: the default policy (full access)
    name: str | None = None  # Name tag


@dataclass
class Ingress:
    protocol: str
    from_port: int
    to_port: int
    cidr: str | None  # None: a source the evaluator does not model (SG, prefix list)


@dataclass
class SecurityGroup:
    key: str
    vpc: str | None
    rules: list[Ingress] = field(default_factory=list)


@dataclass
class NatGateway:
    key: str
    subnet: str
    public: bool


@dataclass
class EndpointServiceRes:
    key: str  # the service id, as a symbol
    region: str
    name: str | None  # Name tag: the program's service name
    supported_regions: list[str] = field(default_factory=list)
    acceptance_required: bool = False


@dataclass
class World:
    """Everything the evaluator reads from one program's generated files."""

    target: str  # "cfn" | "tf"
    vpcs: dict[str, Vpc] = field(default_factory=dict)
    subnets: dict[str, Subnet] = field(default_factory=dict)
    # route table symbol -> its VPC (None when the table already exists)
    route_tables: dict[str, str | None] = field(default_factory=dict)
    routes: dict[str, list[Route]] = field(default_factory=dict)
    associations: dict[str, str] = field(default_factory=dict)  # subnet -> route table
    igw_attachments: dict[str, set[str]] = field(default_factory=dict)  # igw -> VPCs
    nat_gateways: dict[str, NatGateway] = field(default_factory=dict)
    endpoints: dict[str, Endpoint] = field(default_factory=dict)
    security_groups: dict[str, SecurityGroup] = field(default_factory=dict)
    bucket_policies: dict[str, dict] = field(default_factory=dict)  # bucket name -> policy
    table_policies: dict[tuple[str, str], dict] = field(default_factory=dict)  # (region, name)
    buckets: dict[str, str] = field(default_factory=dict)  # created bucket name -> region
    tables: dict[tuple[str, str], str] = field(default_factory=dict)  # (region, name) -> symbol
    endpoint_services: dict[str, EndpointServiceRes] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # deploy failures found while reading

    def add_route(self, table: str, route: Route) -> None:
        self.routes.setdefault(table, []).append(route)


SERVICE_NAME = re.compile(r"^(?:cn\.)?com\.amazonaws\.([a-z0-9-]+)\.(.+)$")
ENDPOINT_SERVICE_NAME = re.compile(r"^(?:cn\.)?com\.amazonaws\.vpce\.([a-z0-9-]+)\.(.+)$")


def split_service_name(name: str) -> tuple[str, str] | None:
    """`com.amazonaws.eu-west-1.s3` -> ("s3", "eu-west-1"); `cn.com.amazonaws...` too.

    Endpoint services (`com.amazonaws.vpce.REGION.vpce-svc-...`) give None.
    """
    if ENDPOINT_SERVICE_NAME.match(name):
        return None
    match = SERVICE_NAME.match(name)
    if not match:
        return None
    return match.group(2), match.group(1)
