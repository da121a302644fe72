//! Shared by the emitter tests: hand-built plans, so each emitter is tested
//! without the planner. (`hcl2json.mjs` beside this file is the Terraform
//! tests' HCL parser; it is run by path.)

#![allow(dead_code, unused_imports)]

pub mod cli;
pub mod plans;
