//! Suppressions: a comment `# vpcec-allow: CODE reason` at the end of a
//! statement's line, or alone on the line directly above the statement,
//! silences warning CODE for that statement. Several codes may be given,
//! separated by commas (`W203,W206 reason`). A suppression without a reason,
//! for an unknown code or for an error is E122; one that silences nothing is
//! W208. This is the last pass over a file's diagnostics.

use crate::diagnostics::{Applicability, Diagnostic, Edit, Suggestion};
use crate::rules::{self, Code, Severity};
use crate::syntax::ast::{Program, Span};

/// The marker that starts a suppression comment (after `#`).
pub const MARKER: &str = "vpcec-allow:";

/// One valid suppression: a warning code for the statement at `statement`.
struct Suppression {
    code: Code,
    statement: Option<Span>,
    comment: Span,
    used: bool,
}

/// Line starts of a text, to turn byte offsets into line numbers.
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { starts }
    }

    /// The 0-based line of a byte offset.
    fn of(&self, offset: usize) -> usize {
        self.starts.partition_point(|start| *start <= offset).saturating_sub(1)
    }

    fn start_of(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(0)
    }
}

/// The statement a comment applies to: the one on its line when it follows
/// code there, else the one starting on the next line (for a comment alone
/// on its line), else the one whose lines it lies within.
fn statement_for(text: &str, lines: &Lines, program: &Program, comment: Span) -> Option<Span> {
    let line = lines.of(comment.start);
    let before = text.get(lines.start_of(line)..comment.start).unwrap_or("");
    let within = |s: &Span| lines.of(s.start) <= line && line <= lines.of(s.end.saturating_sub(1));
    let spans = program.statements.iter().map(|s| s.span);
    let on_line = spans.clone().rfind(|s| s.start < comment.start && within(s));
    if !before.trim().is_empty() {
        return on_line;
    }
    spans.clone().find(|s| lines.of(s.start) == line + 1).or(on_line)
}

fn invalid(comment: Span, message: String, help: &str) -> Diagnostic {
    Diagnostic::new(Code::E122, comment, message)
        .with_label("invalid suppression")
        .with_help(help.to_string())
}

/// Parses the suppression comments of a program, reporting E122 for invalid ones.
fn parse(text: &str, program: &Program, diagnostics: &mut Vec<Diagnostic>) -> Vec<Suppression> {
    let lines = Lines::new(text);
    let mut found = Vec::new();
    for comment in &program.comments {
        let Some(rest) = comment.text.trim().strip_prefix(MARKER) else {
            continue;
        };
        let rest = rest.trim();
        let (codes, reason) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        if codes.is_empty() {
            diagnostics.push(invalid(
                comment.span,
                "`vpcec-allow:` names no code".into(),
                "write `# vpcec-allow: W203 why this is fine`",
            ));
            continue;
        }
        if reason.trim().is_empty() {
            diagnostics.push(invalid(
                comment.span,
                format!("suppression of `{codes}` gives no reason"),
                "say why the warning does not apply, e.g. `# vpcec-allow: W203 traffic is tiny`",
            ));
            continue;
        }
        let statement = statement_for(text, &lines, program, comment.span);
        for code in codes.split(',').map(str::trim).filter(|c| !c.is_empty()) {
            match rules::lookup(code) {
                None => diagnostics.push(invalid(
                    comment.span,
                    format!("unknown diagnostic code `{code}`"),
                    "name a warning code such as `W203`; `vpcec explain CODE` describes each",
                )),
                Some(rule) if rule.severity == Severity::Error => diagnostics.push(invalid(
                    comment.span,
                    format!("`{}` is an error and cannot be silenced", rule.code.as_str()),
                    "fix the error; only warnings can be suppressed",
                )),
                Some(rule) => found.push(Suppression {
                    code: rule.code,
                    statement,
                    comment: comment.span,
                    used: false,
                }),
            }
        }
    }
    found
}

/// The bytes to delete to remove a comment: its whole line when it is alone
/// on it, else the comment and the blanks before it.
fn removal(text: &str, comment: Span) -> Span {
    let line_start = text
        .get(..comment.start)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let before = text.get(line_start..comment.start).unwrap_or("");
    let after = text.get(comment.end..).unwrap_or("");
    let rest_of_line = after.find('\n').map_or(after.len(), |i| i + 1);
    if before.trim().is_empty() && after.get(..rest_of_line).is_some_and(|t| t.trim().is_empty()) {
        return Span::new(line_start, comment.end + rest_of_line);
    }
    let blanks = before.len() - before.trim_end().len();
    Span::new(comment.start - blanks, comment.end)
}

/// Applies the suppressions of `program` (whose source is `text`) to the
/// diagnostics of the file: drops the warnings they silence and adds E122 and
/// W208 findings. The result is sorted. `not_run` lists the warnings whose
/// pass did not run (the plan's, when the checker found errors): a
/// suppression of one of them silencing nothing is no W208.
pub fn apply(text: &str, program: &Program, diagnostics: Vec<Diagnostic>, not_run: &[Code]) -> Vec<Diagnostic> {
    let mut extra = Vec::new();
    let mut suppressions = parse(text, program, &mut extra);
    let mut kept: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| {
            if d.is_error() {
                return true;
            }
            let mut silenced = false;
            for s in suppressions.iter_mut() {
                let inside = s
                    .statement
                    .zip(d.span)
                    .is_some_and(|(st, at)| st.start <= at.start && at.start < st.end);
                if s.code == d.code && inside {
                    s.used = true;
                    silenced = true;
                }
            }
            !silenced
        })
        .collect();
    for s in suppressions.iter().filter(|s| !s.used && !not_run.contains(&s.code)) {
        let message = match s.statement {
            Some(_) => format!("suppression of `{}` silences nothing", s.code.as_str()),
            None => format!("suppression of `{}` is not next to any statement", s.code.as_str()),
        };
        let mut diagnostic = Diagnostic::new(Code::W208, s.comment, message)
            .with_label("unused suppression")
            .with_help("remove the comment, or put it at the end of the statement's line or on the line above it");
        // The comment can go only when it silences nothing at all, and names
        // nothing invalid (E122) that a person should see first.
        let sole = suppressions.iter().filter(|other| other.comment == s.comment).count() == 1
            && !extra.iter().any(|d| d.span == Some(s.comment));
        if sole {
            diagnostic = diagnostic.with_suggestion(Suggestion {
                title: "remove the unused suppression".into(),
                edits: vec![Edit {
                    span: removal(text, s.comment),
                    text: String::new(),
                }],
                applicability: Applicability::MachineApplicable,
            });
        }
        extra.push(diagnostic);
    }
    kept.extend(extra);
    crate::diagnostics::sort(&mut kept);
    kept
}
