//! Phase 3: the cloud-neutral plan, built from the checked model.

pub mod model;

use crate::aws::Catalog;
use crate::check::model::Model;
use crate::diagnostics::Diagnostic;

/// Builds the plan of a checked model. `source_name` is the file as given,
/// `stem` its name without directory and `.vpce`. Plan-level findings (such
/// as an oversized policy) are returned as diagnostics.
pub fn build(model: &Model, catalog: &Catalog, source_name: &str, stem: &str) -> (model::Plan, Vec<Diagnostic>) {
    let _ = (model, catalog);
    (
        model::Plan { source_name: source_name.to_string(), stem: stem.to_string(), regions: Default::default() },
        Vec::new(),
    )
}
