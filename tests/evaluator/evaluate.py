"""Reachability of every subnet and target, from a World and AWS's documented behaviour.

For a target served by an AWS service (S3, DynamoDB, KMS, a bucket, a table)
in region R, a request from subnet S (VPC V, route table T) goes:

1. DNS first. When an interface endpoint of V for the service in R has
   private DNS on (and, for S3 and DynamoDB, does not answer only the
   inbound Resolver), the service's default name resolves to it in every
   subnet of V. The request then goes to the endpoint, whatever T holds:
   the endpoint's security group must admit S's CIDR on the service's port,
   and the endpoint policy and the resource policy must let it through.
2. Otherwise the first of these that works, in this order:
   a. a gateway endpoint of V for the service on T (R must be V's region):
      its prefix-list route beats `0.0.0.0/0`, so it takes all the service's
      traffic of the region and nothing else is tried except (b);
   b. an interface endpoint of V for the service in R (private DNS off)
      whose security group admits S: a client addresses it by its own name;
   c. T's `0.0.0.0/0` route to an internet gateway (`internet`) or to a NAT
      gateway that has one (`nat`), when there is no gateway endpoint route.
   When none works, `via` is the path the default name takes ((a) or (c)),
   or null when there is none.

Endpoint services are reached only through an interface endpoint to them
whose security group admits S, and `internet` through (c).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

import iam
import workload
from program import Program, Target
from world import Endpoint, EvaluatorError, Route, World, split_service_name

# Ports of an interface endpoint's service: HTTPS unless AWS documents others.
PORTS = {
    "email-smtp": [25, 465, 587, 2465, 2587],
    "cassandra": [9142],
    "cassandra-fips": [9142],
}
ASSUMED_IGW = "existing internet gateway"


@dataclass
class Row:
    subnet: str
    target: str
    reachable: bool
    via: str | None
    why: str

    def key(self) -> tuple:
        return (self.subnet, self.target, self.reachable, self.via)


@dataclass
class Place:
    """Where a program subnet is in the World."""

    name: str
    key: str
    vpc: str
    region: str
    cidr: str | None
    az: str | None
    route_table: str | None
    routes: list[Route]


class Evaluator:
    def __init__(self, program: Program, world: World):
        self.program = program
        self.world = world
        self.places = {name: self._place(name) for name in program.subnets}

    # ---- where things are -------------------------------------------------
    def vpc_symbol(self, vpc_name: str) -> str:
        vpc = self.program.vpcs[vpc_name]
        if vpc.vpc_id:
            return vpc.vpc_id
        found = [v.key for v in self.world.vpcs.values() if v.name == vpc_name and v.region == vpc.region]
        if len(found) != 1:
            raise EvaluatorError(f"{self.world.target}: VPC `{vpc_name}` is created {len(found)} times")
        return found[0]

    def _place(self, name: str) -> Place:
        subnet = self.program.subnets[name]
        region = self.program.vpcs[subnet.vpc].region
        if subnet.subnet_id:
            routes = list(self.world.routes.get(subnet.route_table, []))
            if subnet.public:
                routes.insert(0, Route("0.0.0.0/0", "igw", ASSUMED_IGW))
            return Place(name, subnet.subnet_id, self.vpc_symbol(subnet.vpc), region, subnet.cidr, subnet.az,
                         subnet.route_table, routes)
        found = [s for s in self.world.subnets.values() if s.name == name and s.region == region]
        if len(found) != 1:
            raise EvaluatorError(f"{self.world.target}: subnet `{name}` is created {len(found)} times")
        created = found[0]
        table = self.world.associations.get(created.key)
        routes = list(self.world.routes.get(table, [])) if table else []
        return Place(name, created.key, created.vpc, region, created.cidr, created.az, table, routes)

    def place_of_subnet_symbol(self, symbol: str) -> Place | None:
        return next((p for p in self.places.values() if p.key == symbol), None)

    # ---- the default route ------------------------------------------------
    def default_route(self, place: Place) -> tuple[str | None, bool, str]:
        """(via, works, why) of the subnet's `0.0.0.0/0` route."""
        routes = [r for r in place.routes if r.destination == "0.0.0.0/0"]
        if not routes:
            return None, False, "no default route"
        route = routes[0]
        if route.kind == "igw":
            attached = route.target == ASSUMED_IGW or place.vpc in self.world.igw_attachments.get(route.target, set())
            if not attached and not route.target.startswith("igw-"):
                return "internet", False, f"internet gateway {route.target} is not attached to the VPC"
            return "internet", True, "default route to an internet gateway"
        if route.kind == "nat":
            nat = self.world.nat_gateways.get(route.target)
            if nat is None:
                return "nat", False, f"NAT gateway {route.target} is not in the templates"
            home = self.place_of_subnet_symbol(nat.subnet)
            if home is None or home.vpc != place.vpc:
                return "nat", False, "the NAT gateway is not in a subnet of the VPC"
            via, works, _ = self.default_route(home) if nat.public else (None, False, "")
            if via != "internet" or not works:
                return "nat", False, f"the NAT gateway's subnet `{home.name}` has no internet route"
            return "nat", True, "default route to a NAT gateway"
        return None, False, f"default route to {route.target}, which the evaluator does not model"

    # ---- security groups --------------------------------------------------
    def admits(self, endpoint: Endpoint, place: Place, ports: list[int]) -> tuple[bool, str]:
        if not endpoint.security_groups:
            return False, "no security group (the VPC's default group admits only its members)"
        cidr = place.cidr or self.vpc_cidr(place.vpc)
        if cidr is None:
            return False, "neither the subnet's nor its VPC's CIDR is known"
        subnet = ipaddress.ip_network(cidr)
        for port in ports:
            if not any(self._rule_admits(g, subnet, port) for g in endpoint.security_groups):
                return False, f"its security group does not admit {cidr} on TCP {port}"
        return True, "security group admits the subnet"

    def vpc_cidr(self, vpc: str) -> str | None:
        """A subnet without a known CIDR is somewhere in its VPC's block."""
        created = self.world.vpcs.get(vpc)
        if created is not None:
            return created.cidr
        return next((v.cidr for v in self.program.vpcs.values() if v.vpc_id == vpc), None)

    def _rule_admits(self, group: str, subnet, port: int) -> bool:
        found = self.world.security_groups.get(group)
        if found is None:
            return False
        for rule in found.rules:
            if rule.cidr is None or not subnet.subnet_of(ipaddress.ip_network(rule.cidr)):
                continue
            if rule.protocol in ("-1", "all"):
                return True
            if rule.protocol in ("tcp", "6") and rule.from_port <= port <= rule.to_port:
                return True
        return False

    # ---- endpoints --------------------------------------------------------
    def serves(self, endpoint: Endpoint, service: str, region: str) -> bool:
        split = split_service_name(endpoint.service_name)
        return split is not None and split == (service, region)

    def answers_dns(self, endpoint: Endpoint, service: str) -> bool:
        if endpoint.kind != "interface" or not endpoint.private_dns:
            return False
        if service in ("s3", "dynamodb"):
            only_inbound = endpoint.inbound_resolver_only
            if only_inbound is None and service == "s3":
                only_inbound = True  # AWS's default with private DNS on (README, Sources)
            return not only_inbound
        return True

    def through(self, endpoint: Endpoint | None, target: Target) -> tuple[bool, str]:
        """Whether the target's requests get through the endpoint (or the internet) and its policies."""
        region = target.region
        kind = target.kind if target.kind != "service" else target.name
        resource_policy = None
        if target.kind == "bucket":
            resource_policy = self.world.bucket_policies.get(target.name)
        elif target.kind == "table":
            resource_policy = self.world.table_policies.get((region, target.name))
        policies = [p for p in [resource_policy] if p] + [e.policy for e in self.world.endpoints.values() if e.policy]
        reasons = []
        for request in workload.data_requests(kind, target.name, region, policies):
            request.context = workload.context(request.principal, endpoint.key if endpoint else None,
                                               endpoint.vpc if endpoint else None)
            if endpoint is not None:
                ok, why = iam.endpoint_allows(endpoint.policy, request)
                if not ok:
                    reasons.append(f"{request.action}: {why}")
                    continue
            ok, why = iam.resource_allows(resource_policy, request)
            if not ok:
                reasons.append(f"{request.action}: {why}")
                continue
            return True, f"{request.action} allowed"
        return False, "; ".join(reasons[:2]) + (" ..." if len(reasons) > 2 else "")

    # ---- rows -------------------------------------------------------------
    def row(self, subnet: str, target: Target) -> Row:
        place = self.places[subnet]
        reachable, via, why = self._decide(place, target)
        return Row(subnet, target.written, reachable, via, why)

    def _decide(self, place: Place, target: Target) -> tuple[bool, str | None, str]:
        if target.kind == "internet":
            via, works, why = self.default_route(place)
            return works, via, why
        if target.kind in ("declared", "external"):
            return self._endpoint_service(place, target)
        service = {"bucket": "s3", "table": "dynamodb"}.get(target.kind, target.name)
        ports = PORTS.get(service, [443])
        endpoints = [e for e in self.world.endpoints.values() if e.vpc == place.vpc and self.serves(e, service, target.region)]
        dns = [e for e in endpoints if self.answers_dns(e, service)]
        if dns:
            endpoint = dns[0]
            admitted, why = self.admits(endpoint, place, ports)
            if not admitted:
                return False, "interface", f"private DNS of {endpoint.name} answers, but {why}"
            ok, why = self.through(endpoint, target)
            return ok, "interface", f"private DNS of {endpoint.name}: {why}"
        gateways = [e for e in endpoints if e.kind == "gateway" and place.route_table in e.route_tables
                    and target.region == place.region]
        tried: list[str] = []
        failure_via = None
        if gateways:
            ok, why = self.through(gateways[0], target)
            if ok:
                return True, "gateway", f"{gateways[0].name}: {why}"
            tried.append(f"gateway {gateways[0].name}: {why}")
            failure_via = "gateway"
        for endpoint in endpoints:
            if endpoint.kind != "interface":
                continue
            admitted, why = self.admits(endpoint, place, ports)
            if not admitted:
                tried.append(f"interface {endpoint.name}: {why}")
                continue
            ok, why = self.through(endpoint, target)
            if ok:
                return True, "interface", f"{endpoint.name} by its own DNS name: {why}"
            tried.append(f"interface {endpoint.name}: {why}")
        if not gateways:
            via, works, why = self.default_route(place)
            failure_via = via
            if works:
                ok, policy_why = self.through(None, target)
                if ok:
                    return True, via, f"{why}: {policy_why}"
                tried.append(f"{via}: {policy_why}")
            else:
                tried.append(why)
        return False, failure_via, "; ".join(tried) or "no path"

    def _endpoint_service(self, place: Place, target: Target) -> tuple[bool, str | None, str]:
        names = self._service_names(target)
        ports = [443]
        if target.kind == "declared":
            ports = self.program.services[target.name].ports or [443]
        reasons = []
        for endpoint in self.world.endpoints.values():
            if endpoint.vpc != place.vpc or endpoint.kind != "interface" or endpoint.service_name not in names:
                continue
            if target.region != place.region:
                if endpoint.service_region != target.region:
                    reasons.append(f"{endpoint.name} lacks ServiceRegion {target.region}")
                    continue
                if target.kind == "declared" and place.region not in self._declared(target).supported_regions:
                    reasons.append(f"endpoint service {target.name} does not list {place.region} in SupportedRegions")
                    continue
            admitted, why = self.admits(endpoint, place, ports)
            if admitted and target.kind == "declared" and self._declared(target).acceptance_required:
                return False, "interface", f"{endpoint.name} stays pendingAcceptance: the service requires acceptance"
            if admitted:
                return True, "interface", f"{endpoint.name}: {why}"
            reasons.append(f"{endpoint.name}: {why}")
        return False, None, "; ".join(reasons) or "no interface endpoint to the service in the VPC"

    def _service_names(self, target: Target) -> set[str]:
        if target.kind == "external":
            bare = target.name.removeprefix("cn.")
            return {bare, "cn." + bare}
        service = self._declared(target)
        bare = f"com.amazonaws.vpce.{service.region}.{service.key}"
        if target.region != service.region:
            raise EvaluatorError(f"endpoint service `{target.name}` is in {service.region}, not {target.region}")
        return {bare, "cn." + bare}

    def _declared(self, target: Target):
        found = [s for s in self.world.endpoint_services.values() if s.name == target.name]
        if len(found) != 1:
            raise EvaluatorError(f"{self.world.target}: endpoint service `{target.name}` is created {len(found)} times")
        return found[0]

    def matrix(self) -> list[Row]:
        targets = self.program.targets()
        return [self.row(subnet, target) for subnet in self.program.subnets for target in targets]
