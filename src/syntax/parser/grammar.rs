//! The pest parser generated from `grammar/vpce.pest` at the crate root.

use pest_derive::Parser;

/// The generated parser; its `Rule` enum names every grammar rule.
#[derive(Parser)]
#[grammar = "grammar/vpce.pest"]
pub(crate) struct VpceParser;
