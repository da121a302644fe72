//! `vpcec reach`: for every subnet and every target the file mentions,
//! whether the subnet can reach it, how, and why.

use serde::Serialize;

use crate::aws::Catalog;
use crate::check::model::{Model, TargetInfo};
use crate::check::reach::Resource;
use crate::plan::model::Plan;
use crate::syntax::ast::Via;

/// One subnet-target pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reach {
    /// The subnet's name.
    pub subnet: String,
    /// The target as written in the source (`bucket NAME`, `s3`, `service NAME`).
    pub target: String,
    /// Whether traffic gets there.
    pub reachable: bool,
    /// `gateway`, `interface`, `nat`, `internet`, or null.
    pub via: Option<&'static str>,
    /// Why, in words.
    pub reason: String,
}

/// A target and what it is.
#[derive(Debug, Clone)]
struct Candidate {
    written: String,
    target: TargetInfo,
}

/// The AWS service and region a target is served by (the checker's answer),
/// and whether `deny public` guards it. `internet` is its own "service".
fn service_of(model: &Model, target: &TargetInfo, vpc_region: &str) -> Option<(String, String, bool)> {
    let guarded = match target {
        TargetInfo::Bucket(b) => Resource::Bucket(*b).deny_public(model),
        TargetInfo::Table(t) => Resource::Table(*t).deny_public(model),
        _ => false,
    };
    match target {
        TargetInfo::Internet => Some(("internet".to_string(), vpc_region.to_string(), false)),
        other => crate::check::reach::service_of(model, other).map(|(service, region)| (service, region, guarded)),
    }
}

fn candidates(model: &Model) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    let mut push = |written: String, target: TargetInfo| {
        if !out.iter().any(|c| c.written == written && c.target == target) {
            out.push(Candidate { written, target });
        }
    };
    for intent in &model.intents {
        for target in &intent.targets {
            push(target.written.clone(), target.target.clone());
        }
    }
    for (i, bucket) in model.buckets.iter().enumerate() {
        push(format!("bucket {}", bucket.name), TargetInfo::Bucket(i));
    }
    for (i, table) in model.tables.iter().enumerate() {
        push(format!("table {}", table.name), TargetInfo::Table(i));
    }
    out
}

/// Computes the reach table.
pub fn analyse(model: &Model, plan: &Plan, catalog: &Catalog) -> Vec<Reach> {
    let mut rows = Vec::new();
    let targets = candidates(model);
    for (index, subnet) in model.subnets.iter().enumerate() {
        let vpc_region = model.vpcs.get(subnet.vpc).map(|v| v.region.clone()).unwrap_or_default();
        for candidate in &targets {
            rows.push(one(model, plan, catalog, index, &vpc_region, candidate));
        }
    }
    rows
}

fn one(
    model: &Model,
    plan: &Plan,
    catalog: &Catalog,
    subnet_index: usize,
    vpc_region: &str,
    candidate: &Candidate,
) -> Reach {
    let Some(subnet) = model.subnets.get(subnet_index) else {
        return Reach {
            subnet: String::new(),
            target: candidate.written.clone(),
            reachable: false,
            via: None,
            reason: String::new(),
        };
    };
    let row = |reachable: bool, via: Option<&'static str>, reason: String| Reach {
        subnet: subnet.name.clone(),
        target: candidate.written.clone(),
        reachable,
        via,
        reason,
    };
    let direct: Vec<Via> = model
        .intents
        .iter()
        .filter(|i| i.subnets.contains(&subnet_index) && i.targets.iter().any(|t| t.target == candidate.target))
        .map(|i| i.via)
        .collect();
    let service = service_of(model, &candidate.target, vpc_region);
    // Endpoint services are reachable only through the intents that name them.
    let Some((service, region, guarded)) = service else {
        return match (direct.first(), pending_acceptance(model, &candidate.target)) {
            (Some(_), Some(name)) => row(
                false,
                Some("interface"),
                format!("pending acceptance: endpoint service `{name}` requires acceptance; its interface endpoint waits for the provider"),
            ),
            (Some(_), None) => row(
                true,
                Some("interface"),
                "interface endpoint to the endpoint service".into(),
            ),
            (None, _) => row(false, None, format!("no intent of `{}` reaches it", subnet.name)),
        };
    };
    let endpoints = endpoints_serving(plan, catalog, &subnet.name, &service, &region, vpc_region);
    if let Some(endpoint) = endpoints.iter().find(|e| e.allows(model, &candidate.target)) {
        let dns = if endpoint.cross_region_without_dns {
            "; private DNS is off across regions, so clients use the endpoint's own DNS name"
        } else {
            ""
        };
        return row(
            true,
            Some(endpoint.kind),
            format!("{} endpoint `{}`{dns}", endpoint.kind, endpoint.name),
        );
    }
    if let Some(endpoint) = endpoints.first() {
        if endpoint.kind == "gateway" {
            return row(
                false,
                Some("gateway"),
                format!("the policy of gateway endpoint `{}` does not allow it, and its route takes all {service} traffic of the subnet", endpoint.name),
            );
        }
    }
    let nat = model
        .intents
        .iter()
        .any(|i| i.via == Via::Nat && i.subnets.contains(&subnet_index));
    let (path, path_reason) = if subnet.public {
        ("internet", "the subnet is public and routes to an internet gateway")
    } else if nat {
        ("nat", "the subnet's default route goes to a NAT gateway")
    } else {
        return row(
            false,
            None,
            format!("no endpoint, NAT or internet route of `{}` reaches it", subnet.name),
        );
    };
    if guarded {
        return row(
            false,
            Some(path),
            format!("`deny public` admits only this file's VPC endpoints (and `allow admin` principals), not traffic through {path}"),
        );
    }
    row(true, Some(path), path_reason.to_string())
}

/// The name of a declared endpoint service that requires acceptance: its
/// endpoints stay `pendingAcceptance` until the provider accepts them (W212).
fn pending_acceptance<'m>(model: &'m Model, target: &TargetInfo) -> Option<&'m str> {
    match target {
        TargetInfo::DeclaredService(index) => model
            .services
            .get(*index)
            .filter(|s| s.acceptance_required)
            .map(|s| s.name.as_str()),
        _ => None,
    }
}

/// An endpoint of the plan that serves a subnet.
#[derive(Debug, Clone)]
pub(crate) struct ServingEndpoint {
    name: String,
    kind: &'static str,
    policy: Option<crate::plan::model::PolicyDocument>,
    /// A cross-region interface endpoint whose private DNS the plan turned off.
    cross_region_without_dns: bool,
}

impl ServingEndpoint {
    /// Whether the endpoint's policy lets requests to `target` through.
    fn allows(&self, model: &Model, target: &TargetInfo) -> bool {
        let Some(policy) = &self.policy else { return true };
        let needle = match target {
            TargetInfo::Bucket(b) => model.buckets.get(*b).map(|x| format!(":s3:::{}", x.name)),
            TargetInfo::Table(t) => model.tables.get(*t).map(|x| format!(":table/{}", x.name)),
            _ => None,
        };
        let Some(needle) = needle else { return false };
        policy
            .statements
            .iter()
            .any(|s| s.resources.iter().any(|r| mentions(r, &needle)))
    }
}

/// Whether an expression's literal parts contain `needle`.
pub(crate) fn mentions(expr: &crate::plan::model::Expr, needle: &str) -> bool {
    use crate::plan::model::Expr;
    match expr {
        Expr::Lit(s) => s.contains(needle) && (s.ends_with(needle) || s.ends_with(&format!("{needle}/*"))),
        Expr::Concat(parts) => {
            let text: String = parts
                .iter()
                .map(|p| if let Expr::Lit(s) = p { s.as_str() } else { "" })
                .collect();
            text.ends_with(needle)
        }
        _ => false,
    }
}

/// The endpoints of the plan that serve `subnet` for `service` in `region`.
pub(crate) fn endpoints_serving(
    plan: &Plan,
    catalog: &Catalog,
    subnet: &str,
    service: &str,
    region: &str,
    vpc_region: &str,
) -> Vec<ServingEndpoint> {
    let mut out = Vec::new();
    let Some(local) = plan.regions.get(vpc_region) else {
        return out;
    };
    let Some((info, region_info)) = catalog.service(service).zip(catalog.region(region)) else {
        return out;
    };
    let expected = catalog.service_name(info, region_info);
    let expected_gateway = catalog.gateway_service_name(info, region_info);
    if region == vpc_region {
        for endpoint in &local.gateway_endpoints {
            if endpoint.subnets.iter().any(|s| s == subnet) && endpoint.service_name == expected_gateway {
                out.push(ServingEndpoint {
                    name: endpoint.name.clone(),
                    kind: "gateway",
                    policy: endpoint.policy.clone(),
                    cross_region_without_dns: false,
                });
            }
        }
    }
    for endpoint in &local.interface_endpoints {
        let same_region = endpoint.service_region.as_deref().unwrap_or(vpc_region) == region;
        let same_service = matches!(&endpoint.service_name, crate::plan::model::Expr::Lit(name) if *name == expected);
        if same_region && same_service && endpoint.served_subnets.iter().any(|s| s == subnet) {
            out.push(ServingEndpoint {
                name: endpoint.name.clone(),
                kind: "interface",
                policy: endpoint.policy.clone(),
                cross_region_without_dns: endpoint.private_dns_off_across_regions,
            });
        }
    }
    out
}
