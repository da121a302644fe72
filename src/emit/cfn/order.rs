//! The deployment order of the templates, as file names, and E126 when the
//! plan found none.

use super::template::file_name;
use super::TemplateFormat;
use crate::diagnostics::Diagnostic;
use crate::plan::model::{CycleLink, Plan, Stage};
use crate::rules::Code;

/// One template to deploy, after the ones whose outputs it takes as parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeployStep {
    /// The template's file name.
    pub file: String,
    /// The file names of the earlier templates whose outputs feed its parameters.
    pub inputs: Vec<String>,
}

/// The templates [`super::emit`] writes, in the order they must be deployed
/// (empty when the plan has no order, which `emit` reports as E126).
pub fn deployment_order(plan: &Plan, format: TemplateFormat) -> Vec<DeployStep> {
    plan.deployment
        .steps()
        .iter()
        .map(|step| DeployStep {
            file: file_name(&plan.stem, &step.region, step.stage, format),
            inputs: step
                .inputs
                .iter()
                .map(|region| file_name(&plan.stem, region, Stage::Main, format))
                .collect(),
        })
        .collect()
}

/// E126: the main templates of a cycle of regions need each other's ids.
pub fn deployment_cycle(links: &[CycleLink]) -> Diagnostic {
    let mut regions: Vec<String> = links.iter().map(|l| format!("`{}`", l.region)).collect();
    if let Some(first) = links.first() {
        regions.push(format!("`{}`", first.region));
    }
    let reasons: Vec<String> = links
        .iter()
        .map(|l| {
            format!(
                "{} in `{}` needs the id of {} from `{}`",
                l.holder, l.region, l.needs, l.home
            )
        })
        .collect();
    let mut located = links.iter().filter_map(|l| l.span.map(|span| (span, l)));
    let first = located.next();
    let mut diagnostic = Diagnostic::at(
        Code::E126,
        first.map(|(span, _)| span),
        format!(
            "the cloudformation templates of regions {} need each other's ids: {}",
            regions.join(" → "),
            reasons.join("; ")
        ),
    )
    .with_help(
        "no template of the cycle can be deployed first; declare the endpoint services in a file of their own, \
         deploy it first, and reach them here by their full names (`service com.amazonaws.vpce.REGION.vpce-svc-...`), \
         or build with `--target tf`, whose direct references have no such cycle",
    );
    if let Some((_, link)) = first {
        diagnostic = diagnostic.with_label(format!("needs the id of {} from `{}`", link.needs, link.home));
    }
    for (span, link) in located {
        diagnostic = diagnostic.with_related(span, format!("needs the id of {} from `{}`", link.needs, link.home));
    }
    diagnostic
}
