//! Shared by the Terraform tests: hand-built plans, the example files, and
//! the outside tools (node + @cdktf/hcl2json, terraform).
#![allow(dead_code, unused_imports)]

mod plans;
mod tools;

pub use plans::{full_plan, hostile_plan};
pub use tools::*;
