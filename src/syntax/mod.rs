//! Phase 1: the pest grammar (`grammar/vpce.pest`) and its conversion into
//! the typed AST of [`ast`].

pub mod ast;
pub mod format;
mod parser;
#[cfg(test)]
mod textmate;

use crate::diagnostics::Diagnostic;

pub use parser::complete::{expected_at, Expected, NameKind, Want};

/// Every keyword of the language (the contract's list, plus the `allow`
/// words, `ec2` and `aws-buckets`), in the contract's order.
pub const KEYWORDS: &[&str] = &[
    "region",
    "vpc",
    "subnet",
    "in",
    "cidr",
    "az",
    "id",
    "route-table",
    "public",
    "private",
    "bucket",
    "table",
    "key",
    "existing",
    "reach",
    "reaches",
    "via",
    "gateway",
    "interface",
    "nat",
    "internet",
    "allow",
    "admin",
    "deny",
    "on",
    "service",
    "nlb",
    "port",
    "acceptance",
    "required",
    "private-dns",
    "off",
    "role",
    "for",
    "managed",
    "read",
    "write",
    "list",
    "all",
    "ec2",
    "aws-buckets",
];

/// Parses a whole file. Statements that do not parse are reported as E001 and
/// skipped (recovery resumes after the next `;`), so every parse error of a
/// file is reported at once; the returned program holds the statements that
/// did parse.
pub fn parse(text: &str) -> (ast::Program, Vec<Diagnostic>) {
    parser::parse_program(text)
}
