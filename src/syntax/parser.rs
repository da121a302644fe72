//! The parser: splits a file into statements at `;` (see [`scan`]), parses
//! each with the pest grammar `grammar/vpce.pest`, and builds the typed AST.
//!
//! A statement that does not parse becomes one E001 diagnostic and parsing
//! resumes with the next statement, so every parse error of a file is
//! reported. A missing `;` before a statement keyword is reported and the
//! two statements are read separately.

mod build;
pub(crate) mod complete;
mod errors;
mod expected;
mod grammar;
mod scan;

use pest::Parser;

use self::build::{Malformed, Offset};
use self::errors::{Failure, Site};
use self::grammar::{Rule, VpceParser};
use super::ast::{BrokenDeclaration, Program, Statement};
use crate::diagnostics::Diagnostic;
use crate::rules::Code;

/// Parses a whole file into the statements that parse and the E001
/// diagnostics of those that do not.
pub(crate) fn parse_program(text: &str) -> (Program, Vec<Diagnostic>) {
    let scan = scan::scan(text);
    let mut statements = Vec::new();
    let mut diagnostics = Vec::new();
    let mut broken = Vec::new();
    for chunk in &scan.chunks {
        let mut start = chunk.start;
        loop {
            let site = Site {
                text,
                comments: &scan.comments,
                start,
                end: if chunk.terminated { chunk.end } else { text.len() },
            };
            match parse_statement(text, start, chunk.end, chunk.terminated) {
                Ok(Ok(statement)) => {
                    statements.push(statement);
                    if !chunk.terminated {
                        diagnostics.push(errors::missing_semicolon(&site, chunk.end));
                    }
                }
                Ok(Err(Malformed)) => {
                    diagnostics.push(malformed(start, chunk.end));
                    broken.extend(broken_declaration(text.get(start..chunk.end).unwrap_or("")));
                }
                Err(failure) => {
                    if let Some(next) = errors::next_statement_after_missing_semicolon(&site, &failure) {
                        diagnostics.push(errors::missing_semicolon(&site, next));
                        if let Ok(Ok(statement)) = parse_statement(text, start, next, false) {
                            statements.push(statement);
                        }
                        start = next;
                        continue;
                    }
                    diagnostics.push(errors::diagnostic(&site, &failure));
                    broken.extend(broken_declaration(text.get(start..chunk.end).unwrap_or("")));
                }
            }
            break;
        }
    }
    let program = Program {
        statements,
        comments: scan.comments,
        broken,
    };
    (program, diagnostics)
}

/// Parses `text[start..end]` as one statement; when `terminated` is false
/// the statement may lack its `;`.
fn parse_statement(
    text: &str,
    start: usize,
    end: usize,
    terminated: bool,
) -> Result<Result<Statement, Malformed>, Failure> {
    let source = text.get(start..end).unwrap_or("");
    let rule = if terminated {
        Rule::statement
    } else {
        Rule::open_statement
    };
    let offset = Offset {
        base: start,
        real_len: source.len(),
    };
    if let Some(failure) = early_failure(text, start, source) {
        return Err(failure);
    }
    match VpceParser::parse(rule, source) {
        Ok(mut pairs) => Ok(pairs
            .next()
            .ok_or(Malformed)
            .and_then(|pair| build::statement(&pair, offset))),
        Err(err) => Err(Failure::new(&err, start)),
    }
}

/// How much of a long chunk is tried first, see [`early_failure`].
const WINDOW: usize = 4096;

/// pest builds each error in time proportional to the text after the
/// failure, which makes a long run of statements without `;` quadratic. A
/// long statement text is therefore first parsed in a window; a failure
/// on a line that ends inside the window is the failure of the whole text,
/// since the parser never looked past that line.
fn early_failure(text: &str, start: usize, source: &str) -> Option<Failure> {
    if source.len() <= 2 * WINDOW {
        return None;
    }
    let cut = (WINDOW..source.len()).find(|i| source.is_char_boundary(*i))?;
    let window = source.get(..cut)?;
    let err = VpceParser::parse(Rule::open_statement, window).err()?;
    let failure = Failure::new(&err, start);
    // No token, and no rule's look at the text, crosses a line end: the
    // failure stands when its line ends inside the window.
    let rest = text.get(failure.pos..start + cut)?;
    rest.contains('\n').then_some(failure)
}

fn malformed(start: usize, end: usize) -> Diagnostic {
    Diagnostic::new(
        Code::E001,
        super::ast::Span::new(start, end),
        "could not read this statement",
    )
    .with_help("this is a bug in vpcec; please report it with the statement")
}

/// The keyword and name of a declaration that did not parse, read from its
/// first two words (comments skipped). A `subnet` statement that says `reach`
/// or `reaches` is an intent, whose names are uses, not declarations.
fn broken_declaration(source: &str) -> Option<BrokenDeclaration> {
    let words: Vec<&str> = source
        .lines()
        .map(|line| line.split('#').next().unwrap_or(""))
        .flat_map(|line| line.split(|c: char| c.is_whitespace() || c == ',' || c == ';'))
        .filter(|word| !word.is_empty())
        .collect();
    let (&keyword, &name) = (words.first()?, words.get(1)?);
    let declares = ["vpc", "subnet", "bucket", "table", "service", "role"].contains(&keyword);
    let is_intent = keyword == "subnet" && words.iter().any(|w| *w == "reach" || *w == "reaches");
    let is_name = name.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    (declares && !is_intent && is_name).then(|| BrokenDeclaration {
        keyword: keyword.to_string(),
        name: name.to_string(),
    })
}
