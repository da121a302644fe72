//! Shared by the test modules: running the binary, hand-built plans (so each
//! emitter is tested without the planner), the programs of the checkout, the
//! outside tools, and Terraform parsing. (`tests/support/hcl2json.mjs`, the
//! HCL parser the Terraform tests and the evaluator share, is run by path.)

use std::path::PathBuf;

pub mod cli;
pub mod plans;
pub mod programs;
pub mod terraform;
pub mod tools;

/// The root of the checkout.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
