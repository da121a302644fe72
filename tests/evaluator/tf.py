"""Reads a generated Terraform file (parsed by HashiCorp's parser) into a World.

The file's structure comes from @cdktf/hcl2json (tests/support/hcl2json.mjs);
the expressions it leaves as text are evaluated by hclexpr. A reference to a
resource's id becomes a marker naming the resource; attributes AWS documents
(a bucket's ARN, a table's ARN, an endpoint service's name) get their value.
Each resource is in its provider's region (`provider = aws.ALIAS`) or its own
`region` argument (provider 6).
"""

from __future__ import annotations

from world import (
    ACCOUNT,
    Endpoint,
    EndpointServiceRes,
    EvaluatorError,
    Ingress,
    NatGateway,
    Route,
    SecurityGroup,
    Subnet,
    Vpc,
    World,
    marker,
    partition,
)
import hclexpr
from cfn_resources import policy_document

IGNORED = {
    "aws_eip",
    "aws_iam_role",
    "aws_iam_role_policy",
    "aws_iam_role_policy_attachment",
    "aws_iam_instance_profile",
    "aws_s3_bucket_public_access_block",
    "aws_vpc_endpoint_service_allowed_principal",
    "aws_vpc_endpoint_connection_notification",
}
WATCHED = ("aws_vpc", "aws_subnet", "aws_route", "aws_s3_", "aws_dynamodb_", "aws_security_group",
           "aws_internet_gateway", "aws_nat_gateway", "aws_network", "aws_main_route")


def first(blocks):
    """hcl2json gives each block as a list of bodies; vpcec writes one."""
    if isinstance(blocks, list):
        if len(blocks) != 1:
            raise EvaluatorError(f"expected one block, got {len(blocks)}")
        return blocks[0]
    return blocks


class Reader:
    def __init__(self, body: dict):
        self.body = body
        self.resources = {
            (kind, name): first(blocks)
            for kind, by_name in body.get("resource", {}).items()
            for name, blocks in by_name.items()
        }
        self.data = {
            (kind, name): first(blocks)
            for kind, by_name in body.get("data", {}).items()
            for name, blocks in by_name.items()
        }
        self.locals = {k: v for block in body.get("locals", []) for k, v in block.items()}
        self.variables = {name: first(blocks).get("default") for name, blocks in body.get("variable", {}).items()}
        self.providers: dict[str, str] = {}
        for block in body.get("provider", {}).get("aws", []):
            alias = block.get("alias")
            self.providers["aws" if alias is None else f"aws.{alias}"] = block.get("region")
        self.cache: dict = {}
        self.busy: set = set()

    def value(self, raw, region: str):
        """An attribute as hcl2json gives it, evaluated."""
        if isinstance(raw, str):
            return hclexpr.template(raw, lambda steps: self.reference(steps, region))
        if isinstance(raw, list):
            return [self.value(item, region) for item in raw]
        if isinstance(raw, dict):
            return {k: self.value(v, region) for k, v in raw.items()}
        return raw

    def region_of(self, block: dict) -> str:
        if "region" in block:
            return self.value(block["region"], "")
        provider = block.get("provider")
        alias = "aws"
        if provider is not None:
            alias = hclexpr.template(provider, lambda steps: ".".join(str(s) for s in steps))
        region = self.providers.get(alias)
        if region is None:
            raise EvaluatorError(f"no region for provider `{alias}`")
        return region

    def attr(self, kind: str, name: str, attribute: str):
        block = self.resources[(kind, name)]
        region = self.region_of(block)
        key = (kind, name, attribute)
        if key in self.cache:
            return self.cache[key]
        if key in self.busy:
            raise EvaluatorError(f"{kind}.{name}.{attribute} refers to itself")
        self.busy.add(key)
        try:
            result = self._attr(kind, name, attribute, block, region)
        finally:
            self.busy.discard(key)
        self.cache[key] = result
        return result

    def _attr(self, kind: str, name: str, attribute: str, block: dict, region: str):
        symbol = marker("tf", f"{kind}.{name}")
        part = partition(region)
        if kind == "aws_s3_bucket" and attribute in ("id", "bucket"):
            return self.value(block["bucket"], region)
        if kind == "aws_s3_bucket" and attribute == "arn":
            return f"arn:{part}:s3:::{self.value(block['bucket'], region)}"
        if kind == "aws_dynamodb_table" and attribute in ("id", "name"):
            return self.value(block["name"], region)
        if kind == "aws_dynamodb_table" and attribute == "arn":
            return f"arn:{part}:dynamodb:{region}:{ACCOUNT}:table/{self.value(block['name'], region)}"
        if kind == "aws_vpc_endpoint_service" and attribute == "service_name":
            return f"com.amazonaws.vpce.{region}.{symbol}"
        if attribute == "id":
            return symbol
        if attribute in block:
            return self.value(block[attribute], region)
        return marker("tf", f"{kind}.{name}.{attribute}")

    def reference(self, steps: list, region: str):
        root = steps[0]
        if root == "aws" and len(steps) == 2:
            return f"aws.{steps[1]}"
        if root == "var":
            return self.variables[steps[1]]
        if root == "local":
            return self.value(self.locals[steps[1]], region)
        if root == "data":
            return self.data_attr(steps[1], steps[2], steps[3])
        if len(steps) == 3 and (root, steps[1]) in self.resources:
            return self.attr(root, steps[1], steps[2])
        raise EvaluatorError(f"reference `{'.'.join(map(str, steps))}` is not modelled")

    def data_attr(self, kind: str, name: str, attribute: str):
        block = self.data.get((kind, name))
        if block is None:
            raise EvaluatorError(f"data.{kind}.{name} is not declared")
        region = self.region_of(block)
        if kind == "aws_caller_identity" and attribute == "account_id":
            return ACCOUNT
        if kind == "aws_partition" and attribute == "partition":
            return partition(region)
        if kind == "aws_region" and attribute in ("name", "region"):
            return region
        raise EvaluatorError(f"data.{kind}.{name}.{attribute} is not modelled")


def load(body: dict) -> World:
    """The World of one Terraform file."""
    reader = Reader(body)
    world = World("tf")
    for (kind, name), block in sorted(reader.resources.items()):
        if "count" in block or "for_each" in block:
            raise EvaluatorError(f"{kind}.{name}: count and for_each are not modelled")
        if kind in IGNORED or not kind.startswith(WATCHED):
            continue
        region = reader.region_of(block)
        attrs = {k: reader.value(v, region) for k, v in block.items() if k not in ("provider", "depends_on", "lifecycle")}
        add(world, marker("tf", f"{kind}.{name}"), kind, region, attrs)
    return world


def add(world: World, key: str, kind: str, region: str, a: dict) -> None:
    tags = a.get("tags") or {}
    if kind == "aws_vpc":
        world.vpcs[key] = Vpc(
            key,
            region,
            a.get("cidr_block"),
            dns_support=a.get("enable_dns_support", True),
            dns_hostnames=a.get("enable_dns_hostnames", False),
            name=tags.get("Name"),
        )
    elif kind == "aws_subnet":
        az = a.get("availability_zone") or a.get("availability_zone_id")
        world.subnets[key] = Subnet(key, a["vpc_id"], region, a.get("cidr_block"), az, tags.get("Name"))
    elif kind == "aws_route_table":
        world.route_tables[key] = a["vpc_id"]
        for route in a.get("route", []) or []:
            world.add_route(key, route_of(route, "cidr_block"))
    elif kind == "aws_route":
        world.add_route(a["route_table_id"], route_of(a, "destination_cidr_block"))
    elif kind == "aws_route_table_association":
        if "subnet_id" in a:
            if a["subnet_id"] in world.associations:
                world.problems.append(f"subnet {a['subnet_id']} has two route table associations")
            world.associations[a["subnet_id"]] = a["route_table_id"]
    elif kind == "aws_internet_gateway":
        world.igw_attachments.setdefault(key, set())
        if "vpc_id" in a:
            world.igw_attachments[key].add(a["vpc_id"])
    elif kind == "aws_internet_gateway_attachment":
        world.igw_attachments.setdefault(a["internet_gateway_id"], set()).add(a["vpc_id"])
    elif kind == "aws_nat_gateway":
        world.nat_gateways[key] = NatGateway(key, a["subnet_id"], a.get("connectivity_type", "public") == "public")
    elif kind == "aws_vpc_endpoint":
        dns = first(a["dns_options"]) if a.get("dns_options") else {}
        world.endpoints[key] = Endpoint(
            key=key,
            kind=a.get("vpc_endpoint_type", "Gateway").lower(),
            vpc=a["vpc_id"],
            region=region,
            service_name=a["service_name"],
            service_region=a.get("service_region"),
            route_tables=list(a.get("route_table_ids", []) or []),
            subnets=list(a.get("subnet_ids", []) or []),
            security_groups=list(a.get("security_group_ids", []) or []),
            private_dns=bool(a.get("private_dns_enabled", False)),
            inbound_resolver_only=dns.get("private_dns_only_for_inbound_resolver_endpoint"),
            policy=policy_document(a.get("policy")),
            name=tags.get("Name"),
        )
    elif kind == "aws_vpc_endpoint_route_table_association":
        endpoint(world, a).route_tables.append(a["route_table_id"])
    elif kind == "aws_vpc_endpoint_subnet_association":
        endpoint(world, a).subnets.append(a["subnet_id"])
    elif kind == "aws_vpc_endpoint_security_group_association":
        endpoint(world, a).security_groups.append(a["security_group_id"])
    elif kind == "aws_vpc_endpoint_policy":
        endpoint(world, a).policy = policy_document(a["policy"])
    elif kind == "aws_security_group":
        group = world.security_groups.setdefault(key, SecurityGroup(key, None))
        group.vpc = a.get("vpc_id")
        for rule in a.get("ingress", []) or []:
            group.rules.extend(legacy_rules(rule, "protocol"))
    elif kind == "aws_vpc_security_group_ingress_rule":
        group = world.security_groups.setdefault(a["security_group_id"], SecurityGroup(a["security_group_id"], None))
        group.rules.append(
            Ingress(str(a["ip_protocol"]).lower(), int(a.get("from_port", -1)), int(a.get("to_port", -1)), a.get("cidr_ipv4"))
        )
    elif kind == "aws_security_group_rule":
        if a.get("type") == "ingress":
            group = world.security_groups.setdefault(a["security_group_id"], SecurityGroup(a["security_group_id"], None))
            group.rules.extend(legacy_rules(a, "protocol"))
    elif kind == "aws_s3_bucket":
        world.buckets[a["bucket"]] = region
    elif kind == "aws_s3_bucket_policy":
        if a["bucket"] in world.bucket_policies:
            world.problems.append(f"bucket {a['bucket']} has two bucket policies")
        world.bucket_policies[a["bucket"]] = policy_document(a["policy"])
    elif kind == "aws_dynamodb_table":
        world.tables[(region, a["name"])] = key
    elif kind == "aws_dynamodb_resource_policy":
        arn = a["resource_arn"]
        table = arn.split(":table/", 1)[-1] if ":table/" in arn else None
        if table is None or "/" in table or f":{region}:" not in arn:
            raise EvaluatorError(f"resource policy on `{arn}` is not a table of {region}")
        world.table_policies[(region, table)] = policy_document(a["policy"])
    elif kind == "aws_vpc_endpoint_service":
        world.endpoint_services[key] = EndpointServiceRes(
            key, region, tags.get("Name"), list(a.get("supported_regions", []) or []), bool(a.get("acceptance_required"))
        )
    elif kind in IGNORED or not kind.startswith(WATCHED):
        return
    else:
        raise EvaluatorError(f"resource type {kind} is not modelled")


def endpoint(world: World, a: dict) -> Endpoint:
    found = world.endpoints.get(a["vpc_endpoint_id"])
    if found is None:
        raise EvaluatorError(f"association with an endpoint that is not in the file: {a['vpc_endpoint_id']}")
    return found


def route_of(a: dict, destination_key: str) -> Route:
    destination = a.get(destination_key) or a.get("destination_prefix_list_id") or "?"
    if a.get("nat_gateway_id"):
        return Route(destination, "nat", a["nat_gateway_id"])
    if a.get("gateway_id"):
        return Route(destination, "igw", a["gateway_id"])
    return Route(destination, "other", str(sorted(k for k, v in a.items() if v)))


def legacy_rules(rule: dict, protocol_key: str) -> list[Ingress]:
    protocol = str(rule.get(protocol_key, "")).lower()
    cidrs = rule.get("cidr_blocks") or [None]
    return [Ingress(protocol, int(rule.get("from_port", -1)), int(rule.get("to_port", -1)), c) for c in cidrs]
