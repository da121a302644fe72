//! Shared by the Terraform tests: the example files and the outside tools
//! (node + @cdktf/hcl2json, terraform). Hand-built plans are in tests/support.
#![allow(dead_code, unused_imports)]

mod tools;

pub use tools::*;
