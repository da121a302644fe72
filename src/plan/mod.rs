//! Phase 3: the cloud-neutral plan, built from the checked model.
//!
//! The planner turns intents into the fewest resources that honour them:
//! network plumbing ([`network`]), endpoints with their placement and
//! security groups ([`endpoints`]), and the policies that make endpoint and
//! resource policies agree ([`policy`], [`resources`]).

pub mod access;
mod dns;
mod endpoints;
mod keys;
pub mod model;
mod network;
mod policy;
mod resources;
mod security;
pub mod serves;

use std::collections::BTreeMap;

use crate::aws::{Catalog, Partition};
use crate::check::model::Model;
use crate::diagnostics::Diagnostic;
use model::{Plan, RegionPlan};

/// Builds the plan of a checked model. `source_name` is the file as given,
/// `stem` its name without directory and `.vpce`. Plan-level findings (such
/// as an oversized policy) are returned as diagnostics.
pub fn build(model: &Model, catalog: &Catalog, source_name: &str, stem: &str) -> (Plan, Vec<Diagnostic>) {
    let mut builder = Builder {
        model,
        catalog,
        regions: BTreeMap::new(),
        diagnostics: Vec::new(),
    };
    network::build(&mut builder);
    let served = endpoints::build(&mut builder);
    resources::build(&mut builder, &served);
    for region in builder.regions.values_mut() {
        region.imports.sort();
        region.imports.dedup();
        region.exports.sort();
        region.exports.dedup();
    }
    let plan = Plan {
        source_name: source_name.to_string(),
        stem: stem.to_string(),
        regions: builder.regions,
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
