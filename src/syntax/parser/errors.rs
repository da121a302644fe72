//! Turns pest failures into E001 diagnostics in plain words, pointing at the
//! offending word rather than at the rest of the file.

use pest::error::{ErrorVariant, InputLocation};

use super::expected::{describe, keywords, STATEMENT_KEYWORDS};
use super::grammar::Rule;
use crate::diagnostics::{Applicability, Diagnostic, Suggestion};
use crate::rules::Code;
use crate::syntax::ast::{Comment, Span};

/// Where a statement failed to parse and what would have been accepted there.
#[derive(Debug)]
pub(crate) struct Failure {
    /// Byte offset of the failure in the file.
    pub pos: usize,
    /// The rules that would have been accepted at `pos`, deduplicated.
    pub expected: Vec<Rule>,
}

impl Failure {
    /// Reads a pest error of a slice that starts at file offset `base`.
    pub(crate) fn new(err: &pest::error::Error<Rule>, base: usize) -> Self {
        let pos = match err.location {
            InputLocation::Pos(p) => p,
            InputLocation::Span((s, _)) => s,
        };
        let mut expected = match &err.variant {
            ErrorVariant::ParsingError { positives, .. } => positives.clone(),
            ErrorVariant::CustomError { .. } => Vec::new(),
        };
        expected.sort();
        expected.dedup();
        Failure {
            pos: base + pos,
            expected,
        }
    }
}

/// The text around one statement, for locating words.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Site<'a> {
    /// The whole file.
    pub text: &'a str,
    /// Every comment of the file.
    pub comments: &'a [Comment],
    /// Where the statement starts.
    pub start: usize,
    /// Where its real text ends (exclusive).
    pub end: usize,
}

impl Site<'_> {
    fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// The word (or punctuation mark, or quoted string) starting at `pos`.
    pub(crate) fn token_at(&self, pos: usize) -> Option<Span> {
        let rest = self.text.get(pos..self.end)?;
        let mut chars = rest.char_indices();
        let (_, first) = chars.next()?;
        let len = match first {
            ',' | ';' => 1,
            '"' => {
                let mut escaped = false;
                let mut len = rest.len();
                for (i, c) in chars {
                    match c {
                        '\n' | '\r' => {
                            len = i;
                            break;
                        }
                        '"' if !escaped => {
                            len = i + 1;
                            break;
                        }
                        _ => {}
                    }
                    escaped = c == '\\' && !escaped;
                }
                len
            }
            _ => chars
                .find(|(_, c)| matches!(c, ' ' | '\t' | '\r' | '\n' | ',' | ';' | '#' | '"'))
                .map_or(rest.len(), |(i, _)| i),
        };
        Some(Span::new(pos, pos + len))
    }

    /// The last word before `pos`, skipping whitespace and comments.
    pub(crate) fn token_before(&self, pos: usize) -> Option<Span> {
        let mut end = pos;
        loop {
            let before = self.text.get(self.start..end)?;
            if before.ends_with([' ', '\t', '\r', '\n']) {
                end -= 1;
            } else if let Some(c) = self
                .comments
                .iter()
                .find(|c| c.span.end == end && c.span.start >= self.start)
            {
                end = c.span.start;
            } else {
                break;
            }
        }
        let before = self.text.get(self.start..end)?;
        let last = before.chars().next_back()?;
        if matches!(last, ',' | ';') {
            return Some(Span::new(end - 1, end));
        }
        let start = before
            .char_indices()
            .rev()
            .find(|(_, c)| matches!(c, ' ' | '\t' | '\r' | '\n' | ',' | ';'))
            .map_or(self.start, |(i, c)| self.start + i + c.len_utf8());
        Some(Span::new(start, end))
    }

    /// How a message quotes the token at `span`: in backticks, shortened.
    fn quote(&self, span: Span) -> String {
        let text = self.slice(span);
        let mut shown: String = text
            .chars()
            .take(60)
            .flat_map(|c| {
                let escaped: Vec<char> = if c.is_control() {
                    c.escape_default().collect()
                } else {
                    vec![c]
                };
                escaped
            })
            .collect();
        if text.chars().count() > 60 {
            shown.push('…');
        }
        format!("`{shown}`")
    }
}

/// If the failure is a missing `;` before the next statement, the offset
/// where that next statement starts.
pub(crate) fn next_statement_after_missing_semicolon(site: &Site, failure: &Failure) -> Option<usize> {
    if !failure.expected.contains(&Rule::semi) || failure.pos <= site.start {
        return None;
    }
    let token = site.token_at(failure.pos)?;
    STATEMENT_KEYWORDS.contains(&site.slice(token)).then_some(failure.pos)
}

/// "expected `;` after the statement", pointing at the statement's last word.
pub(crate) fn missing_semicolon(site: &Site, next: usize) -> Diagnostic {
    let span = site
        .token_before(next)
        .unwrap_or_else(|| Span::new(site.start, site.start));
    let diagnostic = Diagnostic::new(Code::E001, span, "expected `;` after the statement")
        .with_label("the statement ends here")
        .with_help("end every statement with `;`");
    if span.is_empty() {
        return diagnostic;
    }
    diagnostic.with_suggestion(Suggestion::insert(
        span.end,
        ";",
        "add `;`",
        Applicability::MachineApplicable,
    ))
}

/// The E001 diagnostic for a statement that does not parse.
pub(crate) fn diagnostic(site: &Site, failure: &Failure) -> Diagnostic {
    let found = site.token_at(failure.pos);
    let found_text = found.map_or("", |span| site.slice(span));
    let span = found
        .or_else(|| site.token_before(failure.pos))
        .unwrap_or_else(|| Span::new(failure.pos.min(site.end), failure.pos.min(site.end)));
    let found_words = match found {
        Some(span) => site.quote(span),
        None => "end of file".to_string(),
    };

    if failure.expected.contains(&Rule::stmt_body) {
        if found_text == ";" {
            return Diagnostic::new(Code::E001, span, "expected a statement, found `;`")
                .with_help("remove the extra `;`");
        }
        let message = format!(
            "unknown statement {found_words}: expected {}",
            join(STATEMENT_KEYWORDS.iter().map(|k| format!("`{k}`")).collect())
        );
        let diagnostic = Diagnostic::new(Code::E001, span, message);
        if let Some(help) = intent_without_subnet(site, found) {
            return diagnostic.with_help(help);
        }
        return with_suggestion(diagnostic, found_text, &[Rule::stmt_body]);
    }

    if failure.expected == [Rule::kw_via] {
        // The word before may have been taken for the intent's optional region.
        if let Some(previous) = site.token_before(failure.pos) {
            let word = site.slice(previous);
            if !looks_like_region(word) && word.chars().all(is_name_char) {
                return via_help(Diagnostic::new(
                    Code::E001,
                    previous,
                    format!("expected `via`, found {}", site.quote(previous)),
                ));
            }
        }
    }

    if found_text.starts_with('"') && (found_text.len() < 2 || !found_text.ends_with('"')) {
        return Diagnostic::new(Code::E001, span, format!("unterminated string {found_words}"))
            .with_help("close the string with `\"` on the same line");
    }

    let expected: Vec<String> = failure
        .expected
        .iter()
        .filter_map(|rule| describe(*rule))
        .map(str::to_string)
        .collect();
    let message = if expected.is_empty() {
        format!("unexpected {found_words}")
    } else {
        format!("expected {}, found {found_words}", join(expected))
    };
    let mut diagnostic = Diagnostic::new(Code::E001, span, message);
    diagnostic = with_suggestion(diagnostic, found_text, &failure.expected);
    if diagnostic.help.is_some() {
        return diagnostic;
    }
    if failure.expected.contains(&Rule::kw_via) {
        diagnostic = via_help(diagnostic);
    } else if failure.expected.contains(&Rule::cidr) && !found_text.contains('/') && found_text.contains('.') {
        diagnostic = diagnostic.with_help("add the prefix length, like `10.0.0.0/16`");
    } else if failure.expected.contains(&Rule::arn)
        && found_text.chars().all(|c| c.is_ascii_digit())
        && !found_text.is_empty()
    {
        diagnostic = diagnostic.with_help(format!(
            "write the principal as an ARN, like `arn:aws:iam::{found_text}:root`"
        ));
    }
    diagnostic
}

/// Advice for `app reaches s3 ...`, an intent without its leading `subnet`.
fn intent_without_subnet(site: &Site, found: Option<Span>) -> Option<String> {
    let first = found?;
    let rest = site.text.get(first.end..site.end)?;
    let next = rest.trim_start_matches([' ', '\t', '\r', '\n', ',']);
    let verb = next.split([' ', '\t', '\r', '\n']).next()?;
    matches!(verb, "reach" | "reaches").then(|| {
        format!(
            "an intent starts with `subnet`: `subnet {} {verb} ...`",
            site.slice(first)
        )
    })
}

fn via_help(diagnostic: Diagnostic) -> Diagnostic {
    diagnostic.with_help("say how: `via gateway`, `via interface` or `via nat`")
}

/// Adds "did you mean `KEYWORD`?" when the found word is a near miss.
fn with_suggestion(diagnostic: Diagnostic, found: &str, expected: &[Rule]) -> Diagnostic {
    if found.is_empty() || !found.chars().all(is_name_char) {
        return diagnostic;
    }
    let candidates: Vec<&'static str> = expected.iter().flat_map(|rule| keywords(*rule)).collect();
    match crate::suggest::closest(found, candidates) {
        // The diagnostic's span is the found word: the fix replaces it. A
        // keyword is certain to be what the grammar wants there.
        Some(keyword) if found.eq_ignore_ascii_case(keyword) => {
            let span = diagnostic.span;
            let diagnostic = diagnostic.with_help(format!("keywords are lowercase: write `{keyword}`"));
            match span {
                Some(span) => {
                    diagnostic.with_suggestion(Suggestion::replace(span, keyword, Applicability::MachineApplicable))
                }
                None => diagnostic,
            }
        }
        Some(keyword) => diagnostic.did_you_mean(keyword, Applicability::MachineApplicable),
        None => diagnostic,
    }
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')
}

/// Whether a word has the shape of an AWS region (`eu-west-1`, `us-gov-east-1`).
pub(crate) fn looks_like_region(word: &str) -> bool {
    let parts: Vec<&str> = word.split('-').collect();
    match parts.as_slice() {
        [first, middle @ .., last] if !middle.is_empty() => {
            first.len() == 2
                && first.chars().all(|c| c.is_ascii_lowercase())
                && middle
                    .iter()
                    .all(|m| !m.is_empty() && m.chars().all(|c| c.is_ascii_lowercase()))
                && !last.is_empty()
                && last.chars().all(|c| c.is_ascii_digit())
        }
        _ => false,
    }
}

/// Joins items as "a, b or c".
fn join(items: Vec<String>) -> String {
    let mut unique: Vec<String> = Vec::with_capacity(items.len());
    for item in items {
        if !unique.contains(&item) {
            unique.push(item);
        }
    }
    match unique.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}
