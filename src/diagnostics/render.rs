//! Rendering diagnostics for people (miette) and for machines (JSON).

use std::fmt;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceSpan};
use serde::Serialize;

use super::source::{LineIndex, Windowed};
use super::Diagnostic;
use crate::rules::Severity;

/// A source file: its display name and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user gave it.
    pub name: String,
    /// The whole text.
    pub text: String,
}

impl SourceFile {
    /// The 1-based line and column (in characters) of a byte offset. This
    /// indexes the whole text: for many offsets build one [`LineIndex`].
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        LineIndex::new(&self.text).line_column(&self.text, offset)
    }
}

/// Adapter that lets miette draw one of our diagnostics.
struct Report<'a> {
    diagnostic: &'a Diagnostic,
    source: Windowed<'a>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

/// Empty: the message is in the rustc-style header line that
/// [`header_line`] writes, so miette's own header (code, then `× message`)
/// is left out.
impl fmt::Display for Report<'_> {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        Ok(())
    }
}

impl std::error::Error for Report<'_> {}

fn source_span(span: crate::span::Span) -> SourceSpan {
    SourceSpan::new(span.start.into(), span.len())
}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        // In the header line instead (see `header_line`).
        None
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity() {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|h| Box::new(h.as_str()) as Box<dyn fmt::Display + 'b>)
    }

    fn url<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        None
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let d = self.diagnostic;
        // Findings about the whole file (quotas, target limits, internal
        // errors) have no place to underline.
        let span = d.span?;
        let primary = LabeledSpan::new_primary_with_span(d.label.clone(), source_span(span));
        let related = d
            .related
            .iter()
            .map(|r| LabeledSpan::new_with_span(Some(r.message.clone()), source_span(r.span)));
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

/// Renders diagnostics for a terminal or a log, rustc-style.
///
/// `color` selects ANSI colours; callers decide it from the terminal and
/// `NO_COLOR`. `explain` hints are appended once per code.
pub fn render_human(file: &SourceFile, diagnostics: &[Diagnostic], color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    // Lines wrap at spaces only: names such as `eu-west-1` or
    // `net-102-subnet-2` are never split at their hyphens, nor ARNs at their
    // slashes, when a long message wraps (and finding break opportunities
    // by Unicode's rules was most of the cost of drawing a diagnostic).
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_context_lines(1)
        .with_word_separator(textwrap::WordSeparator::AsciiSpace)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation);
    let index = LineIndex::new(&file.text);
    let mut out = String::new();
    for diagnostic in diagnostics {
        let report = Report {
            diagnostic,
            source: Windowed {
                name: &file.name,
                text: &file.text,
                index: &index,
            },
        };
        out.push_str(&header_line(diagnostic, color));
        let mut body = String::new();
        if handler.render_report(&mut body, &report).is_ok() {
            // miette starts with one line for the (empty) message: the header replaces it.
            out.push_str(body.split_once('\n').map_or("", |(_, rest)| rest));
        } else {
            // Rendering into a String only fails on a formatter bug; fall back
            // to a plain line so the diagnostic is never lost.
            let (line, column) = index.line_column(&file.text, diagnostic.position().start);
            out.push_str(&format!("  at {}:{}:{}\n", file.name, line, column));
        }
        out.push('\n');
    }
    out
}

/// The first line of a diagnostic, as rustc writes it:
/// `error[E102]: message` (`warning[W201]: ...`), bold, with the severity and
/// code in red or yellow when `color` is set.
fn header_line(diagnostic: &Diagnostic, color: bool) -> String {
    let severity = diagnostic.severity();
    let code = diagnostic.code.as_str();
    let message = &diagnostic.message;
    if !color {
        return format!("{}[{code}]: {message}\n", severity.as_str());
    }
    let tint = match severity {
        Severity::Error => "31",
        Severity::Warning => "33",
    };
    format!(
        "\x1b[1;{tint}m{}[{code}]\x1b[0m\x1b[1m: {message}\x1b[0m\n",
        severity.as_str()
    )
}

/// One diagnostic as JSON (`--format json`).
#[derive(Debug, Clone, Serialize)]
pub struct JsonDiagnostic {
    /// Stable code.
    pub code: &'static str,
    /// `error` or `warning`.
    pub severity: &'static str,
    /// The rule's kebab-case name.
    pub rule: &'static str,
    /// The message.
    pub message: String,
    /// The file as given on the command line.
    pub file: String,
    /// 1-based line of the start.
    pub line: usize,
    /// 1-based column (characters) of the start.
    pub column: usize,
    /// 1-based line of the end.
    pub end_line: usize,
    /// 1-based column of the end (exclusive).
    pub end_column: usize,
    /// Advice, when there is some.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl JsonDiagnostic {
    /// Converts one diagnostic, resolving its position in `file` through
    /// `index`, the file's line index.
    pub fn from_diagnostic(file: &SourceFile, index: &LineIndex, d: &Diagnostic) -> Self {
        let span = d.position();
        let (line, column) = index.line_column(&file.text, span.start);
        let (end_line, end_column) = index.line_column(&file.text, span.end);
        let rule = d.code.rule();
        JsonDiagnostic {
            code: rule.code.as_str(),
            severity: rule.severity.as_str(),
            rule: rule.name,
            message: d.message.clone(),
            file: file.name.clone(),
            line,
            column,
            end_line,
            end_column,
            help: d.help.clone(),
        }
    }
}

/// Converts diagnostics of one file to their JSON objects.
pub fn render_json(file: &SourceFile, diagnostics: &[Diagnostic]) -> Vec<JsonDiagnostic> {
    let index = LineIndex::new(&file.text);
    diagnostics
        .iter()
        .map(|d| JsonDiagnostic::from_diagnostic(file, &index, d))
        .collect()
}
