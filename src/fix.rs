//! Applying the fixes that diagnostics carry ([`Suggestion`]s): `vpcec check
//! --fix` and the editor's "fix all" apply the machine-applicable ones; the
//! language server offers every one as a code action.
//!
//! Fixing runs in rounds, as ruff and rustfix do: compile, apply every
//! machine-applicable fix that does not touch another one, and compile again,
//! until nothing is left to fix (a fixed keyword can let the statement parse
//! and reveal the next finding) or [`MAX_ROUNDS`] is reached.

use crate::aws::Catalog;
use crate::diagnostics::{Applicability, Diagnostic, Edit, SourceFile, Suggestion};
use crate::driver::compile;
use crate::span::Span;

/// The most rounds of fixing; each round fixes everything it can at once.
pub const MAX_ROUNDS: usize = 8;

/// The outcome of fixing one file.
#[derive(Debug, Clone)]
pub struct Fixed {
    /// The text after every applied fix.
    pub text: String,
    /// How many fixes were applied.
    pub applied: usize,
    /// The diagnostics of the fixed text.
    pub diagnostics: Vec<Diagnostic>,
}

/// Whether two edits touch: they overlap, or insert at the same place.
fn conflict(a: Span, b: Span) -> bool {
    (a.start < b.end && b.start < a.end) || a.start == b.start
}

/// Applies `edits` to `text`, or returns `None` when two of them touch, or
/// one lies outside the text or splits a character.
pub fn apply_edits(text: &str, edits: &[&Edit]) -> Option<String> {
    let mut sorted: Vec<&Edit> = edits.to_vec();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    for pair in sorted.windows(2) {
        if let [a, b] = pair {
            if conflict(a.span, b.span) {
                return None;
            }
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in sorted {
        out.push_str(text.get(at..edit.span.start)?);
        text.get(edit.span.start..edit.span.end)?;
        out.push_str(&edit.text);
        at = edit.span.end;
    }
    out.push_str(text.get(at..)?);
    Some(out)
}

/// The suggestions of `diagnostics` of the given applicability that can be
/// applied together: in source order, each one that touches an earlier
/// chosen one is left for a later round.
pub fn compatible(diagnostics: &[Diagnostic], applicability: Applicability) -> Vec<&Suggestion> {
    let mut chosen: Vec<&Suggestion> = Vec::new();
    let mut taken: Vec<Span> = Vec::new();
    let mut candidates: Vec<&Suggestion> = diagnostics
        .iter()
        .filter_map(|d| {
            d.suggestions
                .iter()
                .find(|s| s.applicability == applicability && !s.edits.is_empty())
        })
        .collect();
    candidates.sort_by_key(|s| s.edits.iter().map(|e| e.span.start).min());
    for suggestion in candidates {
        let spans: Vec<Span> = suggestion.edits.iter().map(|e| e.span).collect();
        if spans.iter().any(|s| taken.iter().any(|t| conflict(*s, *t))) || chosen.contains(&suggestion) {
            continue;
        }
        taken.extend(spans);
        chosen.push(suggestion);
    }
    chosen
}

/// Applies every machine-applicable fix to a file, in rounds, and returns
/// the fixed text with its diagnostics.
pub fn fix_file(file: &SourceFile, catalog: &Catalog) -> Fixed {
    let mut text = file.text.clone();
    let mut applied = 0;
    let mut diagnostics = compile(file, catalog).diagnostics;
    for _ in 0..MAX_ROUNDS {
        let chosen = compatible(&diagnostics, Applicability::MachineApplicable);
        let edits: Vec<&Edit> = chosen.iter().flat_map(|s| &s.edits).collect();
        let Some(next) = apply_edits(&text, &edits).filter(|_| !edits.is_empty()) else {
            break;
        };
        if next == text {
            break;
        }
        applied += chosen.len();
        text = next;
        let current = SourceFile {
            name: file.name.clone(),
            text: text.clone(),
        };
        diagnostics = compile(&current, catalog).diagnostics;
    }
    Fixed {
        text,
        applied,
        diagnostics,
    }
}

#[cfg(test)]
mod tests;
