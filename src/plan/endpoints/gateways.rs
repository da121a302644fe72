//! Gateway endpoints: one per VPC and service carrying the route tables of
//! every subnet that reaches it, split only where subnets need different
//! endpoint policies.

use super::*;

/// The route tables whose subnets want the same gateway endpoint policy.
#[derive(Debug, Default)]
struct GatewayGroup {
    route_tables: Vec<IdRef>,
    subnets: BTreeSet<String>,
    /// The first gateway intent through any of them.
    span: Option<Span>,
}

pub(super) fn build_gateways(b: &mut Builder, gateways: &GatewayUses, facts: &mut EndpointFacts) {
    let model = b.model;
    for ((vpc, service), tables) in gateways {
        let vpc_info = model.vpc(*vpc);
        let region = vpc_info.region.clone();
        let partition = b.partition(&region);
        let mut groups: BTreeMap<Scope, GatewayGroup> = BTreeMap::new();
        for (table, usage) in tables {
            let scope = usage.scope.clone().unwrap_or(Scope::Unscoped);
            let group = groups.entry(scope).or_default();
            group.route_tables.push(table.clone());
            group.subnets.extend(usage.subnets.iter().cloned());
            group.span = group.span.into_iter().chain(usage.span).min();
        }
        let mut ordered: Vec<(Scope, GatewayGroup)> = groups.into_iter().collect();
        ordered.sort_by(|x, y| x.1.subnets.iter().next().cmp(&y.1.subnets.iter().next()));
        let split = ordered.len() > 1;
        let service_name = b
            .catalog
            .service(service)
            .zip(b.catalog.region(&region))
            .map(|(s, r)| b.catalog.gateway_service_name(s, r))
            .unwrap_or_else(|| format!("com.amazonaws.{region}.{service}"));
        for (scope, group) in ordered {
            let GatewayGroup {
                mut route_tables,
                subnets,
                span,
            } = group;
            let first = subnets.iter().next().cloned().unwrap_or_default();
            let (parts, name) = if split {
                (
                    vec![vpc_info.name.clone(), service.clone(), first.clone()],
                    format!("{}-{service}-gateway-{first}", vpc_info.name),
                )
            } else {
                (
                    vec![vpc_info.name.clone(), service.clone()],
                    format!("{}-{service}-gateway", vpc_info.name),
                )
            };
            route_tables.sort();
            let key = ResourceKey {
                kind: Kind::GatewayEndpoint,
                parts,
            };
            let aws_buckets = if service == "s3" {
                aws_buckets::statements(b.catalog, model, partition, &region)
            } else {
                Vec::new()
            };
            if let (Scope::Scoped(_), true, "s3", Some(span)) = (&scope, aws_buckets.is_empty(), service.as_str(), span)
            {
                let warning = aws_buckets::blocked(b.catalog, model, partition, &name, &subnets, span);
                b.diagnostics.push(warning);
            }
            let policy = endpoint_policy(model, partition, &scope, aws_buckets);
            let destination = Destination::Aws {
                service: service.clone(),
                region: region.clone(),
            };
            let serves = serves::gateway(
                model,
                *vpc,
                b.index.subnets_of(*vpc),
                destination,
                &route_tables,
                tables,
                serves::admits(model, &scope, true),
            );
            facts.served.push(ServedEndpoint {
                vpc_region: region.clone(),
                key: key.clone(),
                service: service.clone(),
                service_region: region.clone(),
                scope,
            });
            let keys = facts.gateways.entry((*vpc, service.clone())).or_default();
            keys.push(key.clone());
            keys.sort();
            b.region(&region).push(GatewayEndpoint {
                key,
                name,
                vpc: vpc_ref(model, *vpc),
                service_name: service_name.clone(),
                route_tables,
                policy,
                serves,
            });
        }
    }
}
