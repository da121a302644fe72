//! CloudFormation: one template per region, built as data (`serde_json` values) and serialised.
//!
//! The emitter reads only the plan. Each region's resources get logical ids
//! (`ids`), values become intrinsic functions (`intrinsics`, `policy`),
//! resources are built per family (`network`, `endpoints`, `storage`,
//! `iam`) and put in a fixed order (`resources`), and the template is
//! assembled and serialised (`template`; YAML through `yaml`, which
//! quotes what YAML 1.1 readers such as CloudFormation would misread), then
//! held against CloudFormation's quotas (`quotas`).

mod endpoints;
mod iam;
mod ids;
mod intrinsics;
mod network;
mod order;
mod policy;
mod quotas;
mod resources;
mod storage;
mod template;
mod yaml;

use std::collections::BTreeSet;

pub use order::{deployment_order, DeployStep};

use super::OutputFile;
use crate::diagnostics::Diagnostic;
use crate::plan::model::{Deployment, Plan, Stage};

/// The serialisation of a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateFormat {
    /// YAML (the default).
    Yaml,
    /// JSON.
    Json,
}

impl TemplateFormat {
    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            TemplateFormat::Yaml => "yaml",
            TemplateFormat::Json => "json",
        }
    }
}

/// Emits one template per region, named `STEM.REGION.yaml|json`, and a
/// second one, `STEM.REGION.late.yaml|json`, for a region whose resource
/// policies the plan moved to the late stage; sorted by region, the main
/// template first. [`deployment_order`] tells in which order to deploy them.
/// Fails with E120 diagnostics when a template exceeds a CloudFormation quota
/// (500 resources, 200 parameters, 200 outputs, 1,000,000 bytes), holds no
/// resource, or needs what a stack cannot express (a policy on an existing
/// table), with E126 when the templates have no deployment order, and when
/// the plan refers to resources it does not hold (a bug).
pub fn emit(plan: &Plan, format: TemplateFormat) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let mut diagnostics: Vec<Diagnostic> = plan.regions.values().flat_map(quotas::inexpressible).collect();
    if let Deployment::Cycle(links) = &plan.deployment {
        diagnostics.push(order::deployment_cycle(links));
    }
    let ids: template::RegionIds = plan
        .regions
        .iter()
        .map(|(name, region)| {
            let wanted = resources::idents(region).iter().map(ids::Ident::wanted).collect();
            (name.clone(), ids::allocate(wanted, &BTreeSet::new()))
        })
        .collect();
    let mut files = Vec::new();
    let mut templates: Vec<(&String, Stage)> = plan.deployment.steps().iter().map(|s| (&s.region, s.stage)).collect();
    templates.sort();
    for (region, stage) in templates {
        let name = template::file_name(&plan.stem, region, stage, format);
        match template::build(plan, region, stage, &ids, format) {
            Ok(built) => {
                if built.sizes.resources == 0 {
                    diagnostics.push(quotas::empty_template(&name));
                }
                diagnostics.extend(quotas::check(&name, built.sizes));
                // Once the build has failed no template is written: keeping
                // the text of every region's template only raises the peak.
                if diagnostics.is_empty() {
                    files.push(OutputFile {
                        name,
                        content: built.content,
                    });
                } else {
                    files.clear();
                }
            }
            Err(inconsistency) => diagnostics.push(inconsistency.into_diagnostic()),
        }
    }
    if diagnostics.is_empty() {
        Ok(files)
    } else {
        Err(diagnostics)
    }
}
