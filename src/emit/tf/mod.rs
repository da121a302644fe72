//! Terraform: one `STEM.tf`, rendered from the embedded minijinja templates.

use super::OutputFile;
use crate::diagnostics::Diagnostic;
use crate::plan::model::Plan;

/// Emits `STEM.tf`.
pub fn emit(plan: &Plan) -> Result<OutputFile, Vec<Diagnostic>> {
    let _ = plan;
    Ok(OutputFile {
        name: format!("{}.tf", plan.stem),
        content: String::new(),
    })
}
