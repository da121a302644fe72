//! Diagnostics: what every phase reports, and how they are rendered.
//!
//! A [`Diagnostic`] always carries a [`Code`] from the rule registry; its
//! severity comes from there. Messages are lowercase, quote user input in
//! backticks, and keep advice for `help`.

mod render;
pub mod sarif;
mod source;

pub use render::{render_human, render_json, SourceFile};
pub use source::LineIndex;

use crate::rules::{Code, Severity};
use crate::span::Span;

/// A secondary label: another place in the source that explains the primary one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// Where.
    pub span: Span,
    /// What it is, e.g. "first declared here".
    pub message: String,
}

/// One finding about a source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The stable code; the severity comes from its rule.
    pub code: Code,
    /// The message: lowercase, user input in backticks.
    pub message: String,
    /// The primary location; `None` for a finding about the whole file (a
    /// template quota, an internal error), which is drawn without a snippet.
    pub span: Option<Span>,
    /// Text under the primary underline, if any.
    pub label: Option<String>,
    /// Secondary locations.
    pub related: Vec<Related>,
    /// How to fix it.
    pub help: Option<String>,
    /// Edits that fix it, for `vpcec check --fix` and editors' code actions.
    pub suggestions: Vec<Suggestion>,
}

/// How safe a [`Suggestion`] is to apply without a person looking at it
/// (the levels of rustc's `Applicability`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Applicability {
    /// Certainly what was meant and meaning-preserving where it can be:
    /// `vpcec check --fix` applies it.
    MachineApplicable,
    /// A plausible guess (a "did you mean" for a name, a region or a
    /// service): offered to a person in an editor, never applied by `--fix`,
    /// since a wrong guess could silently grant the wrong subnet access.
    MaybeIncorrect,
    /// Inserts text with placeholders the person must fill in (an account id);
    /// the placeholders fail the check until they do.
    HasPlaceholders,
}

/// One replacement of the source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The bytes replaced (empty for an insertion).
    pub span: Span,
    /// What replaces them.
    pub text: String,
}

/// A fix for a diagnostic: edits applied together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// What the fix does, as an editor titles it, e.g. "replace with `eu-west-1`".
    pub title: String,
    /// The edits, which never overlap.
    pub edits: Vec<Edit>,
    /// How safe it is to apply unseen.
    pub applicability: Applicability,
}

impl Suggestion {
    /// A fix that replaces `span` with `text`.
    pub fn replace(span: Span, text: impl Into<String>, applicability: Applicability) -> Self {
        let text = text.into();
        Suggestion {
            title: format!("replace with `{text}`"),
            edits: vec![Edit { span, text }],
            applicability,
        }
    }

    /// A fix that inserts `text` at byte offset `at`.
    pub fn insert(at: usize, text: impl Into<String>, title: impl Into<String>, applicability: Applicability) -> Self {
        Suggestion {
            title: title.into(),
            edits: vec![Edit {
                span: Span::new(at, at),
                text: text.into(),
            }],
            applicability,
        }
    }
}

impl Diagnostic {
    /// A diagnostic of rule `code` at `span`.
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Self {
        Diagnostic::at(code, Some(span), message)
    }

    /// A diagnostic of rule `code` at `span` when there is one, else about
    /// the whole file.
    pub fn at(code: Code, span: Option<Span>, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            message: message.into(),
            span,
            label: None,
            related: Vec::new(),
            help: None,
            suggestions: Vec::new(),
        }
    }

    /// Sets the text under the primary underline.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds a secondary label.
    pub fn with_related(mut self, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Related {
            span,
            message: message.into(),
        });
        self
    }

    /// Sets the advice.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a fix.
    pub fn with_suggestion(mut self, suggestion: Suggestion) -> Self {
        self.suggestions.push(suggestion);
        self
    }

    /// "did you mean `WORD`?" as help, with the replacement of the primary
    /// span by WORD as a fix of the given applicability (when it has a span).
    pub fn did_you_mean(self, word: &str, applicability: Applicability) -> Self {
        let span = self.span;
        let diagnostic = self.with_help(format!("did you mean `{word}`?"));
        match span {
            Some(span) => diagnostic.with_suggestion(Suggestion::replace(span, word, applicability)),
            None => diagnostic,
        }
    }

    /// The severity, from the rule registry.
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }

    /// A diagnostic about the whole file rather than a place in it (a
    /// template quota, an internal error): it is drawn without a snippet.
    pub fn unlocated(code: Code, message: impl Into<String>) -> Self {
        Diagnostic::at(code, None, message)
    }

    /// Where a renderer that must give every finding a position (JSON,
    /// SARIF, LSP) puts it: the primary span, or the start of the file for a
    /// finding about the whole file.
    pub fn position(&self) -> Span {
        self.span.unwrap_or(Span::FILE_START)
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity() == Severity::Error
    }
}

/// Sorts diagnostics by position, then code, for deterministic output; a
/// finding about the whole file sorts as if at the file's start.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        let (x, y) = (a.position(), b.position());
        (x.start, x.end, a.code, &a.message).cmp(&(y.start, y.end, b.code, &b.message))
    });
}

/// Whether any diagnostic is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}
