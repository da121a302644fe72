//! Deployment stages and order: which template of its region every resource
//! goes in, and the order in which the templates are deployed.
//!
//! CloudFormation deploys one stack per region. A resource that needs an id
//! from another region (a bucket policy admitting an interface endpoint of
//! another region's VPC) gets it as a parameter of its template, fed from an
//! output of the other region's stack, which must therefore be deployed
//! first. When two regions need each other's ids, neither can go first. The
//! planner breaks such cycles: in every region on a cycle, the bucket and
//! table policies that need another region's ids move to a second, late
//! template ([`Stage::Late`]), deployed after every region's main template.
//! Nothing needs a late resource, so the late templates close every cycle
//! made of policies. What is left between main templates are interface
//! endpoints to endpoint services declared in another region; a loop of
//! those has no order ([`Deployment::Cycle`]), which the CloudFormation
//! emitter reports as E126 (Terraform refers to resources directly, and its
//! resources form no cycle).
//!
//! The references between regions are read from the plan's own expressions
//! ([`Expr::ImportedId`]), and the imports and exports that the emitters turn
//! into parameters and outputs are derived from them here, once.

use std::collections::{BTreeMap, BTreeSet};

use super::model::{CycleLink, Deployment, Expr, Import, Kind, PolicyDocument, RegionPlan, ResourceKey, Stage, Step};
use super::Builder;
use crate::check::model::{Model, TargetInfo};
use crate::syntax::ast::{Span, Via};

/// What holds a reference to another region's resource.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Holder {
    /// The policy of `buckets[i]`: it may move to the late stage.
    Bucket(usize),
    /// The policy of `tables[i]`: it may move to the late stage.
    Table(usize),
    /// An interface endpoint (its service name), which stays in the main stage.
    Endpoint(ResourceKey),
    /// Anything else that stays in the main stage, described for messages.
    Other(String),
}

/// One reference from a resource of `region` to a resource of `home`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Reference {
    region: String,
    holder: Holder,
    home: String,
    key: ResourceKey,
}

/// Decides the stages, derives every region's imports and exports, and
/// returns how the templates are deployed.
pub(super) fn build(b: &mut Builder) -> Deployment {
    let on_cycle = regions_on_cycles(&graph(&references(&b.regions)));
    for reference in references(&b.regions) {
        if !on_cycle.contains(&reference.region) {
            continue;
        }
        let Some(region) = b.regions.get_mut(&reference.region) else {
            continue;
        };
        let name = region.region.clone();
        let moved = match reference.holder {
            Holder::Bucket(i) => region.buckets_mut().into_iter().nth(i).map(|bucket| {
                bucket.policy_stage = Stage::Late;
                &mut bucket.policy
            }),
            Holder::Table(i) => region.tables_mut().into_iter().nth(i).map(|table| {
                table.stage = Stage::Late;
                &mut table.policy
            }),
            Holder::Endpoint(_) | Holder::Other(_) => None,
        };
        if let Some(Some(document)) = moved {
            import_own_ids(&name, document);
        }
    }
    // Once moved, policies also import ids from their own region's main stage.
    let references = references(&b.regions);
    derive_imports_and_exports(&mut b.regions, &references);
    match order(&b.regions) {
        Ok(steps) => Deployment::Ordered(steps),
        Err(cycle) => Deployment::Cycle(cycle_links(b.model, &cycle, &references)),
    }
}

/// The deployment order of regions whose imports are known: the main
/// templates first, each after the ones it takes parameters from (ties by
/// region name), then the late templates by region name. `Err` holds a
/// cycle between main templates, as regions `[a, b, ..., a]` where each
/// needs an id from the next.
pub fn order(regions: &BTreeMap<String, RegionPlan>) -> Result<Vec<Step>, Vec<String>> {
    let inputs = |name: &str, stage: Stage| -> Vec<String> {
        let found: BTreeSet<String> = regions
            .get(name)
            .map(|r| {
                r.imports
                    .iter()
                    .filter(|i| i.stage == stage)
                    .map(|i| i.region.clone())
                    .collect()
            })
            .unwrap_or_default();
        found.into_iter().collect()
    };
    let mut needs: BTreeMap<&str, BTreeSet<String>> = regions
        .keys()
        .map(|name| {
            let others = inputs(name, Stage::Main).into_iter().filter(|r| r != name);
            (name.as_str(), others.collect())
        })
        .collect();
    let mut steps = Vec::new();
    while !needs.is_empty() {
        let ready = needs
            .iter()
            .find(|(_, wanted)| wanted.iter().all(|w| !needs.contains_key(w.as_str())))
            .map(|(name, _)| *name);
        let Some(name) = ready else {
            return Err(find_cycle(&needs));
        };
        needs.remove(name);
        steps.push(Step {
            region: name.to_string(),
            stage: Stage::Main,
            inputs: inputs(name, Stage::Main),
        });
    }
    for (name, region) in regions {
        if has_late(region) {
            steps.push(Step {
                region: name.clone(),
                stage: Stage::Late,
                inputs: inputs(name, Stage::Late),
            });
        }
    }
    Ok(steps)
}

/// Whether a region has anything in the late stage.
fn has_late(region: &RegionPlan) -> bool {
    region
        .buckets()
        .iter()
        .any(|b| b.policy.is_some() && b.policy_stage == Stage::Late)
        || region.tables().iter().any(|t| t.stage == Stage::Late)
}

/// A cycle among regions none of which is ready: walk "needs" edges from the
/// first until a region repeats.
fn find_cycle(needs: &BTreeMap<&str, BTreeSet<String>>) -> Vec<String> {
    let mut path: Vec<String> = Vec::new();
    let mut current = needs.keys().next().map(|name| name.to_string());
    while let Some(name) = current {
        if let Some(start) = path.iter().position(|seen| *seen == name) {
            let mut cycle = path.split_off(start);
            cycle.push(name);
            return cycle;
        }
        current = needs
            .get(name.as_str())
            .and_then(|wanted| wanted.iter().find(|w| needs.contains_key(w.as_str())))
            .cloned();
        path.push(name);
    }
    path
}

/// A moved policy's ids of its own region's resources, which stay in the
/// main template, become imports from that template.
fn import_own_ids(region: &str, document: &mut PolicyDocument) {
    fn rewrite(region: &str, expr: &mut Expr) {
        match expr {
            Expr::Id(key) => {
                *expr = Expr::ImportedId {
                    region: region.to_string(),
                    key: key.clone(),
                }
            }
            Expr::Concat(parts) => parts.iter_mut().for_each(|part| rewrite(region, part)),
            Expr::Lit(_) | Expr::Arn(_) | Expr::AccountId | Expr::ImportedId { .. } => {}
        }
    }
    for statement in &mut document.statements {
        let values = statement
            .resources
            .iter_mut()
            .chain(statement.conditions.iter_mut().flat_map(|c| c.values.iter_mut()));
        for value in values {
            rewrite(region, value);
        }
    }
}

/// Every reference to an id from another template, sorted: from another
/// region, or (for a policy moved to the late stage) from the region's own
/// main template.
fn references(regions: &BTreeMap<String, RegionPlan>) -> Vec<Reference> {
    let mut found = BTreeSet::new();
    for (name, region) in regions {
        let mut add = |holder: Holder, ids: Vec<(String, ResourceKey)>| {
            for (home, key) in ids {
                found.insert(Reference {
                    region: name.clone(),
                    holder: holder.clone(),
                    home,
                    key,
                });
            }
        };
        for endpoint in region.gateway_endpoints() {
            let holder = Holder::Other(format!("gateway endpoint `{}`", endpoint.name));
            add(holder, document_ids(endpoint.policy.as_ref()));
        }
        for endpoint in region.interface_endpoints() {
            let mut ids = expr_ids(&endpoint.service_name);
            ids.extend(document_ids(endpoint.policy.as_ref()));
            add(Holder::Endpoint(endpoint.key.clone()), ids);
        }
        for (i, bucket) in region.buckets().into_iter().enumerate() {
            add(Holder::Bucket(i), document_ids(bucket.policy.as_ref()));
        }
        for (i, table) in region.tables().into_iter().enumerate() {
            add(Holder::Table(i), document_ids(table.policy.as_ref()));
        }
        for role in region.roles() {
            let mut ids = document_ids(Some(&role.trust_policy));
            ids.extend(document_ids(role.policy.as_ref()));
            add(Holder::Other(format!("role `{}`", role.name)), ids);
        }
    }
    found.into_iter().collect()
}

/// The other-region ids a policy document uses.
fn document_ids(document: Option<&PolicyDocument>) -> Vec<(String, ResourceKey)> {
    let mut ids = Vec::new();
    for statement in document.iter().flat_map(|d| &d.statements) {
        let values = statement
            .resources
            .iter()
            .chain(statement.conditions.iter().flat_map(|c| &c.values));
        for value in values {
            ids.extend(expr_ids(value));
        }
    }
    ids
}

/// The other-region ids an expression uses.
fn expr_ids(expr: &Expr) -> Vec<(String, ResourceKey)> {
    match expr {
        Expr::ImportedId { region, key } => vec![(region.clone(), key.clone())],
        Expr::Concat(parts) => parts.iter().flat_map(expr_ids).collect(),
        Expr::Lit(_) | Expr::Id(_) | Expr::Arn(_) | Expr::AccountId => Vec::new(),
    }
}

/// Region → the other regions it needs ids from.
fn graph(references: &[Reference]) -> BTreeMap<&str, BTreeSet<&str>> {
    let mut edges: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for reference in references.iter().filter(|r| r.region != r.home) {
        edges
            .entry(reference.region.as_str())
            .or_default()
            .insert(reference.home.as_str());
    }
    edges
}

/// The regions from which a path of needs leads back to themselves.
fn regions_on_cycles(edges: &BTreeMap<&str, BTreeSet<&str>>) -> BTreeSet<String> {
    let mut on_cycle = BTreeSet::new();
    for &start in edges.keys() {
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let mut stack: Vec<&str> = edges.get(start).into_iter().flatten().copied().collect();
        while let Some(next) = stack.pop() {
            if next == start {
                on_cycle.insert(start.to_string());
                break;
            }
            if seen.insert(next) {
                stack.extend(edges.get(next).into_iter().flatten().copied());
            }
        }
    }
    on_cycle
}

/// The stage a reference's holder is in, once stages are decided.
fn stage_of(regions: &BTreeMap<String, RegionPlan>, reference: &Reference) -> Stage {
    let region = regions.get(&reference.region);
    match reference.holder {
        Holder::Bucket(i) => region
            .and_then(|r| r.buckets().get(i).map(|b| b.policy_stage))
            .unwrap_or(Stage::Main),
        Holder::Table(i) => region
            .and_then(|r| r.tables().get(i).map(|t| t.stage))
            .unwrap_or(Stage::Main),
        Holder::Endpoint(_) | Holder::Other(_) => Stage::Main,
    }
}

/// Fills every region's imports (per stage) and exports from the references.
fn derive_imports_and_exports(regions: &mut BTreeMap<String, RegionPlan>, references: &[Reference]) {
    let mut imports: BTreeMap<String, BTreeSet<Import>> = BTreeMap::new();
    let mut exports: BTreeMap<String, BTreeSet<ResourceKey>> = BTreeMap::new();
    for reference in references {
        let stage = stage_of(regions, reference);
        imports.entry(reference.region.clone()).or_default().insert(Import {
            stage,
            region: reference.home.clone(),
            key: reference.key.clone(),
        });
        exports
            .entry(reference.home.clone())
            .or_default()
            .insert(reference.key.clone());
    }
    for (name, region) in regions.iter_mut() {
        region.imports = imports.remove(name).unwrap_or_default().into_iter().collect();
        region.exports = exports.remove(name).unwrap_or_default().into_iter().collect();
    }
}

/// The links of a cycle `[a, b, ..., a]` between main templates, each with
/// the first reference that makes it.
fn cycle_links(model: &Model, cycle: &[String], references: &[Reference]) -> Vec<CycleLink> {
    let mut links = Vec::new();
    for pair in cycle.windows(2) {
        let [from, to] = pair else { continue };
        let found = references
            .iter()
            .find(|r| &r.region == from && &r.home == to && matches!(r.holder, Holder::Endpoint(_) | Holder::Other(_)));
        if let Some(reference) = found {
            links.push(CycleLink {
                region: from.clone(),
                home: to.clone(),
                holder: holder_text(&reference.holder),
                needs: key_text(&reference.key),
                span: consuming_intent(model, reference),
            });
        }
    }
    links
}

/// The intent that makes the interface endpoint of `reference` reach a declared service.
fn consuming_intent(model: &Model, reference: &Reference) -> Option<Span> {
    let Holder::Endpoint(endpoint) = &reference.holder else {
        return None;
    };
    let vpc = endpoint.parts.first()?;
    let (service, _) = model
        .services_with_ids()
        .find(|(_, s)| reference.key.kind == Kind::EndpointService && reference.key.parts.first() == Some(&s.name))?;
    model
        .intents()
        .iter()
        .find(|intent| {
            intent.via == Via::Interface
                && intent
                    .targets
                    .iter()
                    .any(|t| t.target == TargetInfo::DeclaredService(service))
                && intent
                    .subnets
                    .iter()
                    .any(|&s| &model.vpc(model.subnet(s).vpc).name == vpc)
        })
        .map(|intent| intent.span)
}

/// A holder, for messages.
fn holder_text(holder: &Holder) -> String {
    match holder {
        Holder::Endpoint(key) => format!(
            "the interface endpoint of vpc `{}`",
            key.parts.first().map_or("", |p| p)
        ),
        Holder::Other(text) => text.clone(),
        Holder::Bucket(_) | Holder::Table(_) => "a resource policy".to_string(),
    }
}

/// A resource another region needs, for messages.
fn key_text(key: &ResourceKey) -> String {
    let name = key.parts.join("/");
    match key.kind {
        Kind::EndpointService => format!("endpoint service `{name}`"),
        Kind::InterfaceEndpoint => format!("interface endpoint `{name}`"),
        Kind::GatewayEndpoint => format!("gateway endpoint `{name}`"),
        _ => format!("`{name}`"),
    }
}

#[cfg(test)]
#[path = "stages_tests.rs"]
mod tests;
