//! What each region's template publishes for the people and stacks that use
//! it: the ids of its VPCs, subnets, route tables, security groups and
//! endpoints, the names of its instance profiles, and the ids and service
//! names of its endpoint services (CloudFormation `Outputs`, Terraform
//! `output` blocks). Instances launched later, and consumers in other
//! accounts, read them instead of looking the resources up by tag.
//!
//! Both targets publish the same outputs, so their number is held to
//! CloudFormation's quota of 200 outputs per template: when one output per
//! resource would not fit, the subnets, route tables and security groups of
//! each VPC are published as one comma-separated list per kind instead.

use serde::Serialize;

use super::model::{Expr, IdRef, Kind, RegionPlan, Resource, ResourceKey};

/// Most outputs one region's template may publish (CloudFormation's quota;
/// Terraform has none, but both targets publish the same outputs).
pub const OUTPUT_BUDGET: usize = 200;

/// One published value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StackOutput {
    /// Readable name parts: the DSL names it is about, then what it holds
    /// (`["app-a", "subnet", "id"]`, `["app", "subnet", "ids"]`). Emitters
    /// build output names from them; they are unique within a region.
    pub name: Vec<String>,
    /// The one resource it reports on, when there is one (CloudFormation
    /// names the output after that resource's logical id).
    pub resource: Option<ResourceKey>,
    /// The value.
    pub value: OutputValue,
    /// What it is, in words.
    pub description: String,
}

/// The value of an output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum OutputValue {
    /// An expression: an id (`Ref`, `.id`; for an instance profile, its
    /// name), or ids joined with commas.
    Expr(Expr),
    /// The service name of an endpoint service created here: `name` spells it
    /// out (prefix, region and service id); Terraform reads the created
    /// service's own `service_name` instead.
    ServiceName {
        /// The endpoint service.
        service: ResourceKey,
        /// `PREFIX.REGION.` followed by its id.
        name: Expr,
    },
}

/// A resource whose id may be published in a per-VPC list.
struct Listed {
    vpc: String,
    key: ResourceKey,
    name: Vec<String>,
    description: String,
}

/// The outputs of `region`. `vpc_name` names a VPC reference in the source's
/// terms (the DSL name of an existing VPC, whose id the plan holds).
pub fn derive(region: &RegionPlan, vpc_name: &dyn Fn(&IdRef) -> String) -> Vec<StackOutput> {
    let here = &region.region;
    let mut fixed: Vec<StackOutput> = Vec::new();
    let mut listed: Vec<Listed> = Vec::new();
    for resource in region.resources() {
        match resource {
            Resource::Vpc(vpc) => fixed.push(single(
                &[&vpc.name, "vpc", "id"],
                &vpc.key,
                format!("Id of VPC {} ({here})", vpc.name),
            )),
            Resource::Subnet(subnet) => listed.push(Listed {
                vpc: vpc_name(&subnet.vpc),
                key: subnet.key.clone(),
                name: parts(&[&subnet.name, "subnet", "id"]),
                description: format!("Id of subnet {} of VPC {} ({here})", subnet.name, vpc_name(&subnet.vpc)),
            }),
            Resource::RouteTable(table) => {
                let subnet = table.key.parts.join("/");
                listed.push(Listed {
                    vpc: vpc_name(&table.vpc),
                    key: table.key.clone(),
                    name: parts(&[&subnet, "route_table", "id"]),
                    description: format!("Id of route table {} of subnet {subnet} ({here})", table.name),
                });
            }
            Resource::SecurityGroup(group) => listed.push(Listed {
                vpc: vpc_name(&group.vpc),
                key: group.key.clone(),
                name: key_name(&group.key, &["security_group", "id"]),
                description: format!("Id of security group {} ({here})", group.name),
            }),
            Resource::GatewayEndpoint(endpoint) => fixed.push(id_output(
                key_name(&endpoint.key, &["gateway", "id"]),
                &endpoint.key,
                format!(
                    "Id of gateway endpoint {} to {} ({here})",
                    endpoint.name, endpoint.service_name
                ),
            )),
            Resource::InterfaceEndpoint(endpoint) => fixed.push(id_output(
                key_name(&endpoint.key, &["interface", "id"]),
                &endpoint.key,
                format!(
                    "Id of interface endpoint {} to {} ({here}){}",
                    endpoint.name,
                    text(&endpoint.service_name),
                    match &endpoint.service_region {
                        Some(far) if endpoint.private_dns_off_across_regions => format!(
                            "; cross-region to {far}, so private DNS is off: clients use the endpoint's own DNS names"
                        ),
                        _ => String::new(),
                    }
                ),
            )),
            Resource::EndpointService(service) => {
                fixed.push(single(
                    &[&service.name, "service", "id"],
                    &service.key,
                    format!("Id of endpoint service {} ({here})", service.name),
                ));
                let name = Expr::Concat(vec![
                    Expr::Lit(format!("{}.{here}.", region.partition.endpoint_service_prefix())),
                    Expr::Id(service.key.clone()),
                ]);
                fixed.push(StackOutput {
                    name: parts(&[&service.name, "service", "name"]),
                    resource: Some(service.key.clone()),
                    value: OutputValue::ServiceName {
                        service: service.key.clone(),
                        name,
                    },
                    description: format!(
                        "Service name of endpoint service {}, for consumers' interface endpoints ({here})",
                        service.name
                    ),
                });
            }
            Resource::Role(role) => fixed.push(single(
                &[&role.name, "instance_profile", "name"],
                &role.instance_profile,
                format!(
                    "Name of the instance profile of role {}, for EC2 instances ({here})",
                    role.name
                ),
            )),
            // Published through the resources that use them, or not at all.
            Resource::InternetGateway(_)
            | Resource::NatGateway(_)
            | Resource::Route(_)
            | Resource::Bucket(_)
            | Resource::Table(_) => {}
        }
    }
    let mut outputs = if fixed.len() + listed.len() <= OUTPUT_BUDGET {
        let mut outputs = fixed;
        outputs.extend(listed.into_iter().map(|l| StackOutput {
            name: l.name,
            resource: Some(l.key.clone()),
            value: OutputValue::Expr(Expr::Id(l.key)),
            description: l.description,
        }));
        outputs
    } else {
        let mut outputs = fixed;
        outputs.extend(lists(listed, here));
        outputs
    };
    outputs.sort_by(|a, b| a.name.cmp(&b.name));
    outputs
}

/// One output per VPC and kind, holding the ids of its resources of that kind,
/// comma-separated, in the order of their name parts.
fn lists(listed: Vec<Listed>, here: &str) -> Vec<StackOutput> {
    let mut groups: std::collections::BTreeMap<(String, Kind), Vec<Listed>> = std::collections::BTreeMap::new();
    for item in listed {
        groups.entry((item.vpc.clone(), item.key.kind)).or_default().push(item);
    }
    groups
        .into_iter()
        .map(|((vpc, kind), mut items)| {
            items.sort_by(|a, b| a.name.cmp(&b.name));
            let (what, order) = match kind {
                Kind::Subnet => ("subnet", "by subnet name"),
                Kind::RouteTable => ("route_table", "by the name of their subnet"),
                _ => ("security_group", "by the service of their endpoint"),
            };
            let mut value = Vec::new();
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    value.push(Expr::Lit(",".into()));
                }
                value.push(Expr::Id(item.key.clone()));
            }
            StackOutput {
                name: parts(&[&vpc, what, "ids"]),
                resource: None,
                value: OutputValue::Expr(Expr::Concat(value)),
                description: format!(
                    "Ids of the {}s of VPC {vpc}, comma-separated, sorted {order} ({here})",
                    what.replace('_', " ")
                ),
            }
        })
        .collect()
}

fn parts(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn single(name: &[&str], key: &ResourceKey, description: String) -> StackOutput {
    id_output(parts(name), key, description)
}

/// The output carrying the id of the resource `key`.
fn id_output(name: Vec<String>, key: &ResourceKey, description: String) -> StackOutput {
    StackOutput {
        name,
        resource: Some(key.clone()),
        value: OutputValue::Expr(Expr::Id(key.clone())),
        description,
    }
}

/// An output name from a resource key's parts and a suffix.
fn key_name(key: &ResourceKey, suffix: &[&str]) -> Vec<String> {
    key.parts.iter().cloned().chain(parts(suffix)).collect()
}

/// What an interface endpoint's service name stands for, in words: the name
/// itself when it is known, else the endpoint service it is made from.
fn text(expr: &Expr) -> String {
    match expr {
        Expr::Lit(text) => text.clone(),
        Expr::Id(key) | Expr::ImportedId { key, .. } | Expr::Arn(key) => {
            format!("endpoint service {}", key.parts.join("/"))
        }
        Expr::AccountId => "the account".to_string(),
        Expr::Concat(items) => items
            .iter()
            .find(|item| !matches!(item, Expr::Lit(_)))
            .map_or_else(|| items.iter().map(text).collect(), text),
    }
}
