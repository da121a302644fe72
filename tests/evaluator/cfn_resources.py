"""CloudFormation resource types -> the World (properties already evaluated)."""

from __future__ import annotations

import json

from world import (
    EndpointServiceRes,
    Endpoint,
    EvaluatorError,
    Ingress,
    NatGateway,
    Route,
    SecurityGroup,
    Subnet,
    Vpc,
    World,
)

# Types that hold nothing reachability depends on.
IGNORED = {
    "AWS::EC2::EIP",
    "AWS::EC2::VPCEndpointServicePermissions",
    "AWS::EC2::VPCEndpointConnectionNotification",
    "AWS::IAM::Role",
    "AWS::IAM::InstanceProfile",
    "AWS::IAM::Policy",
    "AWS::IAM::ManagedPolicy",
}
# Namespaces whose unknown types would change what the evaluator computes.
WATCHED = ("AWS::EC2::", "AWS::S3::", "AWS::DynamoDB::")


def tag(props: dict, key: str = "Name") -> str | None:
    for item in props.get("Tags", []) or []:
        if item.get("Key") == key:
            return item.get("Value")
    return None


def policy_document(value) -> dict | None:
    if value is None:
        return None
    if isinstance(value, str):
        return json.loads(value)
    return value


def add(world: World, template, logical: str, kind: str, p: dict) -> None:
    key = template.ref(logical)
    region = template.region
    if kind == "AWS::EC2::VPC":
        world.vpcs[key] = Vpc(
            key,
            region,
            p.get("CidrBlock"),
            dns_support=p.get("EnableDnsSupport", True) in (True, "true"),
            dns_hostnames=p.get("EnableDnsHostnames", False) in (True, "true"),
            name=tag(p),
        )
    elif kind == "AWS::EC2::Subnet":
        world.subnets[key] = Subnet(
            key,
            p["VpcId"],
            region,
            p.get("CidrBlock"),
            p.get("AvailabilityZone") or p.get("AvailabilityZoneId"),
            tag(p),
        )
    elif kind == "AWS::EC2::RouteTable":
        world.route_tables[key] = p["VpcId"]
    elif kind == "AWS::EC2::SubnetRouteTableAssociation":
        if p["SubnetId"] in world.associations:
            world.problems.append(f"subnet {p['SubnetId']} has two route table associations")
        world.associations[p["SubnetId"]] = p["RouteTableId"]
    elif kind == "AWS::EC2::Route":
        destination = p.get("DestinationCidrBlock") or p.get("DestinationPrefixListId") or "?"
        if "NatGatewayId" in p:
            route = Route(destination, "nat", p["NatGatewayId"])
        elif "GatewayId" in p:
            route = Route(destination, "igw", p["GatewayId"])
        else:
            route = Route(destination, "other", str(sorted(p)))
        world.add_route(p["RouteTableId"], route)
    elif kind == "AWS::EC2::InternetGateway":
        world.igw_attachments.setdefault(key, set())
    elif kind == "AWS::EC2::VPCGatewayAttachment":
        if "InternetGatewayId" in p:
            world.igw_attachments.setdefault(p["InternetGatewayId"], set()).add(p["VpcId"])
    elif kind == "AWS::EC2::NatGateway":
        world.nat_gateways[key] = NatGateway(key, p["SubnetId"], p.get("ConnectivityType", "public") == "public")
    elif kind == "AWS::EC2::VPCEndpoint":
        dns = p.get("DnsOptions", {}).get("PrivateDnsOnlyForInboundResolverEndpoint")
        world.endpoints[key] = Endpoint(
            key=key,
            kind=p.get("VpcEndpointType", "Gateway").lower(),
            vpc=p["VpcId"],
            region=region,
            service_name=p["ServiceName"],
            service_region=p.get("ServiceRegion"),
            route_tables=list(p.get("RouteTableIds", [])),
            subnets=list(p.get("SubnetIds", [])),
            security_groups=list(p.get("SecurityGroupIds", [])),
            private_dns=p.get("PrivateDnsEnabled", False) in (True, "true"),
            inbound_resolver_only={"OnlyInboundResolver": True, "AllResolvers": False}.get(dns),
            policy=policy_document(p.get("PolicyDocument")),
            name=tag(p),
        )
    elif kind == "AWS::EC2::SecurityGroup":
        group = world.security_groups.setdefault(key, SecurityGroup(key, None))
        group.vpc = p.get("VpcId")
        group.rules.extend(ingress(rule) for rule in p.get("SecurityGroupIngress", []))
    elif kind == "AWS::EC2::SecurityGroupIngress":
        group = world.security_groups.setdefault(p["GroupId"], SecurityGroup(p["GroupId"], None))
        group.rules.append(ingress(p))
    elif kind == "AWS::S3::Bucket":
        world.buckets[p["BucketName"]] = region
    elif kind == "AWS::S3::BucketPolicy":
        if p["Bucket"] in world.bucket_policies:
            world.problems.append(f"bucket {p['Bucket']} has two bucket policies")
        world.bucket_policies[p["Bucket"]] = policy_document(p["PolicyDocument"])
    elif kind == "AWS::DynamoDB::Table":
        world.tables[(region, p["TableName"])] = key
        resource_policy = p.get("ResourcePolicy")
        if resource_policy is not None:
            world.table_policies[(region, p["TableName"])] = policy_document(resource_policy["PolicyDocument"])
    elif kind == "AWS::EC2::VPCEndpointService":
        world.endpoint_services[key] = EndpointServiceRes(
            key,
            region,
            tag(p),
            list(p.get("SupportedRegions", [])),
            p.get("AcceptanceRequired", False) in (True, "true"),
        )
    elif kind in IGNORED or not kind.startswith(WATCHED):
        return
    else:
        raise EvaluatorError(f"resource type {kind} ({logical}) is not modelled")


def ingress(rule: dict) -> Ingress:
    protocol = str(rule.get("IpProtocol", "")).lower()
    return Ingress(
        protocol,
        int(rule.get("FromPort", -1)),
        int(rule.get("ToPort", -1)),
        rule.get("CidrIp"),
    )

