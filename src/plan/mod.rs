//! Phase 3: the cloud-neutral plan, built from the checked model.
//!
//! The planner turns intents into the fewest resources that honour them:
//! network plumbing ([`network`]), endpoints with their placement and
//! security groups ([`endpoints`]), the policies that make endpoint and
//! resource policies agree ([`policy`], [`resources`]), what each region's
//! template publishes ([`outputs`]), and the deployment stages and order of
//! the regions' templates ([`stages`]). Warnings about where requests go
//! (W203, W205, W206) are decided from the planned endpoints ([`path_warnings`]).

pub mod access;
mod aws_buckets;
mod dns;
mod endpoints;
mod index;
mod keys;
pub mod model;
mod network;
pub mod outputs;
mod path_warnings;
mod policy;
mod policy_size;
mod resources;
mod security;
pub mod serves;
pub mod stages;

use std::collections::{BTreeMap, HashMap};

use crate::aws::{Catalog, Partition};
use crate::check::model::Model;
use crate::diagnostics::Diagnostic;
use crate::rules::Code;
use model::{Plan, RegionPlan};

/// The warnings only the plan reports. When the checker finds errors there is
/// no plan, so a suppression of one of these silences nothing without being
/// unused (no W208).
pub const WARNINGS: &[Code] = &[Code::W203, Code::W205, Code::W206, Code::W210];

/// Builds the plan of a checked model. `source_name` is the file as given,
/// `stem` its name without directory and `.vpce`. Plan-level findings (such
/// as an oversized policy) are returned as diagnostics.
pub fn build(model: &Model, catalog: &Catalog, source_name: &str, stem: &str) -> (Plan, Vec<Diagnostic>) {
    build_for(Purpose::Output, model, catalog, source_name, stem)
}

/// What a plan is built for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Emitting or reporting: the whole plan.
    Output,
    /// Only its diagnostics (`vpcec check`): the stack outputs, which no
    /// diagnostic depends on, are left out.
    Diagnostics,
}

/// [`build`] for a [`Purpose`]: the diagnostics are the same for both.
pub fn build_for(
    purpose: Purpose,
    model: &Model,
    catalog: &Catalog,
    source_name: &str,
    stem: &str,
) -> (Plan, Vec<Diagnostic>) {
    let mut builder = Builder {
        model,
        catalog,
        regions: BTreeMap::new(),
        diagnostics: Vec::new(),
        index: index::ModelIndex::new(model),
    };
    network::build(&mut builder);
    let served = endpoints::build(&mut builder);
    resources::build(&mut builder, &served);
    // Every resource is in: group each region's list by kind.
    for region in builder.regions.values_mut() {
        region.sort_resources();
    }
    resources::check_sizes(&mut builder);
    path_warnings::check(&mut builder);
    let deployment = stages::build(&mut builder);
    // Existing VPCs' names by id, the first declaration winning, looked up
    // once per output rather than searched for.
    let mut existing_names: HashMap<&str, &str> = HashMap::new();
    for vpc in model.vpcs() {
        if let Some(id) = &vpc.existing_id {
            existing_names.entry(id.as_str()).or_insert(vpc.name.as_str());
        }
    }
    let vpc_name = |vpc: &model::IdRef| match vpc {
        model::IdRef::Created(key) => key.parts.first().cloned().unwrap_or_default(),
        model::IdRef::Existing(id) => existing_names
            .get(id.as_str())
            .map_or_else(|| id.clone(), |name| (*name).to_string()),
    };
    if purpose == Purpose::Output {
        for region in builder.regions.values_mut() {
            region.outputs = outputs::derive(region, &vpc_name);
        }
    }
    let plan = Plan {
        source_name: source_name.to_string(),
        stem: stem.to_string(),
        regions: builder.regions,
        deployment,
    };
    (plan, builder.diagnostics)
}

/// Shared state of the planning passes.
pub(crate) struct Builder<'a> {
    /// The checked program.
    pub model: &'a Model,
    /// AWS knowledge.
    pub catalog: &'a Catalog,
    /// The plan under construction.
    pub regions: BTreeMap<String, RegionPlan>,
    /// Findings.
    pub diagnostics: Vec<Diagnostic>,
    /// The model's subnets and NAT intents by VPC.
    pub index: index::ModelIndex,
}

impl Builder<'_> {
    /// The partition of a region (the commercial one for a region the catalog lacks).
    pub fn partition(&self, region: &str) -> Partition {
        self.catalog
            .region(region)
            .map(|r| r.partition)
            .unwrap_or(Partition::Aws)
    }

    /// The plan of `region`, created empty on first use.
    pub fn region(&mut self, region: &str) -> &mut RegionPlan {
        let partition = self.partition(region);
        self.regions
            .entry(region.to_string())
            .or_insert_with(|| RegionPlan::new(region, partition))
    }
}
