//! The integration tests: ONE test binary (`cargo test --test it`), one
//! module per topic. One binary links the crate once, where a binary per file
//! linked it once per file, which dominated cold `cargo test` times.
//!
//! To add tests: write `tests/it/TOPIC.rs` (using `crate::support::…` for the
//! shared helpers) and declare it below with `mod TOPIC;`, in order. A file
//! directly in `tests/` is NOT built (`autotests = false` in Cargo.toml).
//! Run one module with `cargo test --test it TOPIC::`. Snapshots live in
//! `tests/it/snapshots/it__TOPIC__NAME.snap`; a test that needs an outside
//! tool asks `support::tools::Needs` (skip locally, fail under CI).

mod support;

mod accounts;
mod cfn_emit;
mod cfn_lint;
mod china_services;
mod cli_io;
mod cli_polish;
mod cross_region_dns;
mod docs;
mod docs_tables;
mod equivalence;
mod examples;
mod nat_reach;
mod nat_routes;
mod plan;
mod policy_semantics;
mod ports;
mod precommit;
mod private_dns;
mod reach_reasons;
mod reports;
mod sarif;
mod stack_outputs;
mod syntax;
mod syntax_format;
mod tf_escape_prop;
mod tf_hcl;
mod tf_schema;
mod tf_snapshots;
mod tricky_names;
mod ui;
mod workflow;
