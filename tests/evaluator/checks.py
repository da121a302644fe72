"""Things AWS refuses at deploy time, found in a World (sources in README.md)."""

from __future__ import annotations

from collections import Counter

from evaluate import Evaluator
from world import split_service_name


def problems(evaluator: Evaluator) -> list[str]:
    world = evaluator.world
    found = list(world.problems)
    # Route tables: one route per destination (RouteAlreadyExists).
    tables: dict[str, list] = {}
    for place in evaluator.places.values():
        if place.route_table:
            tables[place.route_table] = place.routes
    for table, routes in sorted(world.routes.items()):
        tables.setdefault(table, routes)
    for table, routes in sorted(tables.items()):
        for destination, count in Counter(r.destination for r in routes).items():
            if count > 1:
                found.append(f"route table {table} gets {count} routes to {destination} (RouteAlreadyExists)")
    endpoints = sorted(world.endpoints.values(), key=lambda e: e.key)
    # A route table holds one gateway endpoint per service.
    on_table = Counter((t, e.service_name) for e in endpoints if e.kind == "gateway" for t in e.route_tables)
    for (table, service), count in sorted(on_table.items()):
        if count > 1:
            found.append(f"route table {table} is on {count} gateway endpoints for {service}")
    # One private-DNS interface endpoint per service and VPC.
    private = Counter((e.vpc, e.service_name) for e in endpoints if e.kind == "interface" and e.private_dns)
    for (vpc, service), count in sorted(private.items()):
        if count > 1:
            found.append(f"VPC {vpc} has {count} private-DNS endpoints for {service}")
    for endpoint in endpoints:
        found.extend(_endpoint_problems(evaluator, endpoint))
    return found


def _endpoint_problems(evaluator: Evaluator, endpoint) -> list[str]:
    world = evaluator.world
    found = []
    name = endpoint.name or endpoint.key
    split = split_service_name(endpoint.service_name)
    if endpoint.kind == "interface" and endpoint.private_dns:
        vpc = world.vpcs.get(endpoint.vpc)
        if vpc is not None and not (vpc.dns_support and vpc.dns_hostnames):
            found.append(f"{name}: private DNS needs DNS support and DNS hostnames on the VPC")
        if split and split[0] in ("s3", "dynamodb"):
            only_inbound = endpoint.inbound_resolver_only
            if only_inbound is None and split[0] == "s3":
                only_inbound = True
            has_gateway = any(
                e.kind == "gateway" and e.vpc == endpoint.vpc and split_service_name(e.service_name) == split
                for e in world.endpoints.values()
            )
            if only_inbound and not has_gateway:
                found.append(f"{name}: private DNS only for the inbound Resolver needs a gateway endpoint in the VPC")
    if split and endpoint.service_region and endpoint.service_region != split[1]:
        found.append(f"{name}: ServiceRegion {endpoint.service_region} does not match {endpoint.service_name}")
    if split and split[1] != endpoint.region:
        if endpoint.kind != "interface" or endpoint.service_region != split[1]:
            found.append(f"{name}: service {endpoint.service_name} is in another region without ServiceRegion")
    if endpoint.kind == "interface":
        zones = [
            place.az
            for symbol in endpoint.subnets
            if (place := evaluator.place_of_subnet_symbol(symbol)) is not None and place.az
        ]
        for zone, count in Counter(zones).items():
            if count > 1:
                found.append(f"{name}: {count} subnets in zone {zone}")
    return found
