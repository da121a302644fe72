//! Buckets and tables with their `deny public` policies, endpoint services,
//! instance roles, and the size limits of the policies the plan holds.

use std::collections::{BTreeSet, HashMap};

use super::endpoints::{EndpointFacts, ServedEndpoint};
use super::model::{
    Bucket, EndpointService, Expr, Kind, Origin, Resource, ResourceKey, Role, Stage, Table, TableOrigin,
};
use super::policy::{deny_public, role_policy, trust_policy, Res, Scope};
use super::Builder;
use crate::check::model::RoleResource;
use crate::diagnostics::Diagnostic;
use crate::rules::Code;
use crate::syntax::ast::Span;

/// The longest endpoint policy AWS accepts (characters, whitespace included).
pub(crate) const MAX_ENDPOINT_POLICY: usize = 20_480;
/// The longest S3 bucket policy or DynamoDB resource policy (bytes).
pub(crate) const MAX_RESOURCE_POLICY: usize = 20 * 1024;

/// Adds buckets, tables, endpoint services and roles.
pub(super) fn build(b: &mut Builder, facts: &EndpointFacts) {
    build_data_resources(b, facts);
    build_endpoint_services(b, facts);
    build_roles(b);
}

/// The endpoints to AWS services by what their policies let through: those
/// scoped to a bucket or table under it, the unscoped ones under their service
/// and region. Built once, so each bucket and table looks up only its own.
#[derive(Default)]
struct ServedIndex<'a> {
    scoped: HashMap<Res, Vec<&'a ServedEndpoint>>,
    unscoped: HashMap<(&'a str, &'a str), Vec<&'a ServedEndpoint>>,
}

impl<'a> ServedIndex<'a> {
    fn new(facts: &'a EndpointFacts) -> Self {
        let mut index = ServedIndex::default();
        for endpoint in &facts.served {
            match &endpoint.scope {
                Scope::Unscoped => index
                    .unscoped
                    .entry((endpoint.service.as_str(), endpoint.service_region.as_str()))
                    .or_default()
                    .push(endpoint),
                Scope::Scoped(map) => {
                    for res in map.keys() {
                        index.scoped.entry(*res).or_default().push(endpoint);
                    }
                }
            }
        }
        index
    }
}

/// The ids of the endpoints through which `res` (of `service` in `region`) is reached,
/// as seen from `region`'s template (imported from other regions: see [`super::stages`]).
fn serving_endpoints(served: &ServedIndex, service: &str, region: &str, res: Res) -> Vec<Expr> {
    let scoped = served.scoped.get(&res).into_iter().flatten();
    let unscoped = served.unscoped.get(&(service, region)).into_iter().flatten();
    let mut ids = BTreeSet::new();
    for endpoint in scoped.chain(unscoped) {
        if endpoint.service != service || endpoint.service_region != region || !endpoint.scope.allows(res) {
            continue;
        }
        if endpoint.vpc_region == region {
            ids.insert(Expr::Id(endpoint.key.clone()));
        } else {
            ids.insert(Expr::ImportedId {
                region: endpoint.vpc_region.clone(),
                key: endpoint.key.clone(),
            });
        }
    }
    ids.into_iter().collect()
}

fn build_data_resources(b: &mut Builder, facts: &EndpointFacts) {
    let model = b.model;
    let served = ServedIndex::new(facts);
    for (id, bucket) in model.buckets_with_ids() {
        let policy = if bucket.deny_public {
            let endpoints = serving_endpoints(&served, "s3", &bucket.region, Res::Bucket(id));
            Some(deny_public(
                model,
                bucket.partition,
                Res::Bucket(id),
                endpoints,
                &model.admins,
            ))
        } else {
            None
        };
        if !bucket.existing || policy.is_some() {
            b.region(&bucket.region).push(Bucket {
                key: ResourceKey::new(Kind::Bucket, [bucket.name.as_str()]),
                name: bucket.name.clone(),
                origin: if bucket.existing {
                    Origin::Existing
                } else {
                    Origin::Created
                },
                policy,
                policy_stage: Stage::Main,
            });
        }
    }
    for (id, table) in model.tables_with_ids() {
        let policy = if table.deny_public {
            let endpoints = serving_endpoints(&served, "dynamodb", &table.region, Res::Table(id));
            Some(deny_public(
                model,
                table.partition,
                Res::Table(id),
                endpoints,
                &model.admins,
            ))
        } else {
            None
        };
        if table.key.is_some() || policy.is_some() {
            b.region(&table.region).push(Table {
                key: ResourceKey::new(Kind::Table, [table.name.as_str()]),
                name: table.name.clone(),
                origin: match &table.key {
                    Some(partition_key) => TableOrigin::Created {
                        partition_key: partition_key.clone(),
                    },
                    None => TableOrigin::Existing,
                },
                policy,
                stage: Stage::Main,
            });
        }
    }
}

fn build_endpoint_services(b: &mut Builder, facts: &EndpointFacts) {
    let model = b.model;
    for (id, service) in model.services_with_ids() {
        let mut allowed = service.allowed_principals.clone();
        allowed.sort();
        allowed.dedup();
        let supported_regions = facts
            .consumer_regions
            .get(&id)
            .map(|r| r.iter().cloned().collect())
            .unwrap_or_default();
        b.region(&service.region).push(EndpointService {
            key: ResourceKey::new(Kind::EndpointService, [service.name.as_str()]),
            name: service.name.clone(),
            nlb_arns: service.nlb_arns.clone(),
            acceptance_required: service.acceptance_required,
            allowed_principals: allowed,
            supported_regions,
        });
    }
}

fn build_roles(b: &mut Builder) {
    let model = b.model;
    for role in model.roles() {
        let arn_segment = role.partition.arn_segment();
        let mut managed: Vec<String> = role
            .managed
            .iter()
            .map(|name| format!("arn:{arn_segment}:iam::aws:policy/{name}"))
            .collect();
        managed.sort();
        managed.dedup();
        let resources: Vec<Res> = role
            .resources
            .iter()
            .map(|r| match r {
                RoleResource::Bucket(i) => Res::Bucket(*i),
                RoleResource::Table(i) => Res::Table(*i),
            })
            .collect();
        b.region(&role.region).push(Role {
            key: ResourceKey::new(Kind::Role, [role.name.as_str()]),
            instance_profile: ResourceKey::new(Kind::InstanceProfile, [role.name.as_str()]),
            name: role.name.clone(),
            trust_policy: trust_policy(role.partition, "ec2"),
            managed_policy_arns: managed,
            policy: role_policy(model, role.partition, &role.access, &resources),
        });
    }
}

/// Reports the endpoint, bucket and table policies over AWS's size limits
/// (E121), region by region in plan order.
pub(super) fn check_sizes(b: &mut Builder) {
    let model = b.model;
    let mut findings = Vec::new();
    // Spans by name, the first declaration winning, as a linear search would find.
    fn spans<'m>(items: impl Iterator<Item = (&'m str, Span)>) -> HashMap<&'m str, Span> {
        let mut spans = HashMap::new();
        for (name, span) in items {
            spans.entry(name).or_insert(span);
        }
        spans
    }
    let vpc_spans = spans(model.vpcs().iter().map(|v| (v.name.as_str(), v.span)));
    let bucket_spans = spans(model.buckets().iter().map(|m| (m.name.as_str(), m.span)));
    let table_spans = spans(model.tables().iter().map(|m| (m.name.as_str(), m.span)));
    let vpc_span = |name: &str| vpc_spans.get(name).copied();
    for region in b.regions.values() {
        for resource in region.resources() {
            let (name, policy, span, limit) = match resource {
                Resource::GatewayEndpoint(endpoint) => (
                    ("endpoint ", endpoint.name.as_str()),
                    &endpoint.policy,
                    endpoint.key.parts.first().and_then(|v| vpc_span(v)),
                    MAX_ENDPOINT_POLICY,
                ),
                Resource::InterfaceEndpoint(endpoint) => (
                    ("endpoint ", endpoint.name.as_str()),
                    &endpoint.policy,
                    endpoint.key.parts.first().and_then(|v| vpc_span(v)),
                    MAX_ENDPOINT_POLICY,
                ),
                Resource::Bucket(bucket) => (
                    ("", bucket.name.as_str()),
                    &bucket.policy,
                    bucket_spans.get(bucket.name.as_str()).copied(),
                    MAX_RESOURCE_POLICY,
                ),
                Resource::Table(table) => (
                    ("", table.name.as_str()),
                    &table.policy,
                    table_spans.get(table.name.as_str()).copied(),
                    MAX_RESOURCE_POLICY,
                ),
                // Role policies have their own, larger, limits; the other
                // kinds carry no policy.
                Resource::Vpc(_)
                | Resource::Subnet(_)
                | Resource::RouteTable(_)
                | Resource::InternetGateway(_)
                | Resource::NatGateway(_)
                | Resource::Route(_)
                | Resource::SecurityGroup(_)
                | Resource::EndpointService(_)
                | Resource::Role(_) => continue,
            };
            let Some(policy) = policy else { continue };
            let length = super::policy_size::size(policy);
            if length > limit {
                let (what, name) = name;
                findings.push(too_large(span, &format!("{what}`{name}`"), length, limit));
            }
        }
    }
    b.diagnostics.extend(findings);
}

fn too_large(span: Option<Span>, what: &str, length: usize, limit: usize) -> Diagnostic {
    Diagnostic::at(
        Code::E121,
        span,
        format!("the policy of {what} would be about {length} characters, over the limit of {limit}"),
    )
    .with_help("reach fewer buckets or tables through one endpoint, or split the subnets across endpoints with narrower intents")
}
