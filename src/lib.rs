//! `vpcec`: a compiler from VPC-endpoint intents (`.vpce`) to CloudFormation
//! and Terraform.
//!
//! The pipeline has one module per phase:
//! [`syntax`] (text → typed AST with spans) → [`check`] (names and rules →
//! [`check::model::Model`]) → [`plan`] (the cloud-neutral resource model) →
//! [`emit::cfn`] / [`emit::tf`]. The [`cli`] drives it; [`driver`] chains the
//! phases for one file. Diagnostics come from one registry, [`rules`].

// pest is used without its `std` feature (Cargo.toml), and the parser it
// derives then names `alloc` from the crate root.
extern crate alloc;

pub mod aws;
pub mod check;
pub mod cidr;
pub mod cli;
pub mod diagnostics;
pub mod driver;
pub mod emit;
pub mod fix;
pub mod internal;
pub mod lsp;
pub mod plan;
pub mod report;
pub mod rules;
pub mod span;
pub mod suggest;
pub mod syntax;
