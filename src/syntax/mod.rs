//! Phase 1: the pest grammar (`grammar/vpce.pest`) and its conversion into
//! the typed AST of [`ast`].

pub mod ast;
pub mod format;
mod parser;

use crate::diagnostics::Diagnostic;

/// Parses a whole file. Statements that do not parse are reported as E001 and
/// skipped (recovery resumes after the next `;`), so every parse error of a
/// file is reported at once; the returned program holds the statements that
/// did parse.
pub fn parse(text: &str) -> (ast::Program, Vec<Diagnostic>) {
    parser::parse_program(text)
}
