//! `vpcec fmt`: the canonical layout of a `.vpce` file.
//!
//! One statement per line, words separated by single spaces, `, ` in lists,
//! at most one blank line between groups.
//!
//! A statement wider than [`MAX_WIDTH`] columns (comments not counted) is
//! broken before its clause keywords, each continuation line indented by
//! 4 spaces. The clauses after the statement's head are:
//!
//! | statement        | clauses start at                                  |
//! |------------------|---------------------------------------------------|
//! | `vpc`            | `cidr`, `region`                                  |
//! | `subnet` (decl.) | `route-table`, `cidr`, `az`                       |
//! | `bucket`         | `region`, `existing`                              |
//! | `table`          | `region`, `key`, `existing`                       |
//! | intent           | `reach`/`reaches`, `via`, `allow`                 |
//! | `deny public`    | `on`                                              |
//! | `service`        | `nlb`, `port`, `acceptance required`, `allow`     |
//! | `role`           | `in`, `managed`, `allow`, `on`                    |
//!
//! Lines are filled greedily: a clause stays on the current line when it
//! fits there, else it starts a new one. A role's `on` clause counts with
//! the `allow` before it, so `allow ... on ...` moves to a new line as a
//! whole when that keeps it together. A comma list of two or more items
//! that is too long for a line of its own (many ARNs after `allow admin`,
//! many subnets) is written one item per line, each ending in its comma,
//! one indent deeper than the line of its keyword; the next clause then
//! starts a new line:
//!
//! ```text
//! allow admin
//!     arn:aws:iam::123456789012:role/Admin,
//!     arn:aws:iam::123456789012:user/nextwork-admin;
//! service orders-api
//!     nlb
//!         arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/a/1,
//!         arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/b/2
//!     acceptance required;
//! ```
//!
//! A single word longer than a line stays whole. Statements that fit stay on
//! one line.
//!
//! Comments stay where they were: own-line comments above the statement
//! they precede, trailing comments at the end of the statement's last line
//! (where a `# vpcec-allow:` suppression still applies to the statement),
//! comments inside a statement after the word they follow (a comma or `;`
//! is pulled in front of a comment). A comment inside a statement ends its
//! line but does not move the planned breaks.
//!
//! The formatter re-lays the statement's own words, so formatting never
//! changes what a file means; formatting twice gives the same text, since
//! the breaks depend only on the words.

use crate::diagnostics::Diagnostic;
mod layout;

use crate::syntax::ast::{Comment, Program, Span, Statement};

/// Statements wider than this many columns are broken over lines.
pub const MAX_WIDTH: usize = 100;

/// Formats a whole file, or returns its E001 diagnostics when it does not parse.
pub fn format(text: &str) -> Result<String, Vec<Diagnostic>> {
    let (program, diagnostics) = super::parse(text);
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    Ok(format_program(text, &program))
}

/// Where a comment belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Inside statement `i`, between two of its words.
    Inside(usize),
    /// At the end of the line on which statement `i` ends.
    After(usize),
    /// On a line of its own, between statements.
    OwnLine,
}

/// One thing printed at the top level, in source order.
#[derive(Debug, Clone, Copy)]
enum Item {
    Statement(usize),
    Comment(usize),
}

fn format_program(text: &str, program: &Program) -> String {
    let count = program.statements.len();
    let mut inside: Vec<Vec<&Comment>> = vec![Vec::new(); count];
    let mut after: Vec<Vec<&Comment>> = vec![Vec::new(); count];
    let mut items: Vec<(usize, usize, Item)> = Vec::new();
    for (i, comment) in program.comments.iter().enumerate() {
        match place(text, &program.statements, comment) {
            Place::Inside(s) => inside.get_mut(s).into_iter().for_each(|v| v.push(comment)),
            Place::After(s) => after.get_mut(s).into_iter().for_each(|v| v.push(comment)),
            Place::OwnLine => items.push((comment.span.start, comment.span.end, Item::Comment(i))),
        }
    }
    for (i, statement) in program.statements.iter().enumerate() {
        let end = after
            .get(i)
            .and_then(|comments| comments.last())
            .map_or(statement.span.end, |c| c.span.end.max(statement.span.end));
        items.push((statement.span.start, end, Item::Statement(i)));
    }
    items.sort_by_key(|(start, _, _)| *start);

    let mut out = String::new();
    let mut previous_end: Option<usize> = None;
    for (start, end, item) in items {
        if let Some(previous) = previous_end {
            let gap = text.get(previous..start).unwrap_or("");
            if gap.matches('\n').count() >= 2 {
                out.push('\n');
            }
        }
        previous_end = Some(end);
        let lines = match item {
            Item::Comment(i) => program.comments.get(i).map(comment_text).into_iter().collect(),
            Item::Statement(i) => match program.statements.get(i) {
                Some(statement) => statement_lines(
                    text,
                    statement,
                    inside.get(i).map_or(&[][..], Vec::as_slice),
                    after.get(i).map_or(&[][..], Vec::as_slice),
                ),
                None => Vec::new(),
            },
        };
        for line in lines {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

fn comment_text(comment: &Comment) -> String {
    format!("#{}", comment.text)
}

/// Where a comment belongs; `statements` are in source order and disjoint.
fn place(text: &str, statements: &[Statement], comment: &Comment) -> Place {
    let at = comment.span.start;
    let before = statements.partition_point(|s| s.span.start < at);
    let Some(i) = before.checked_sub(1) else {
        return Place::OwnLine;
    };
    match statements.get(i) {
        Some(s) if at < s.span.end => Place::Inside(i),
        Some(s) if !text.get(s.span.end..at).unwrap_or("\n").contains('\n') => Place::After(i),
        _ => Place::OwnLine,
    }
}

/// One word of a statement as written: a word, a quoted string, `,` or `;`.
#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    text: &'a str,
    start: usize,
}

impl Token<'_> {
    fn is_punctuation(&self) -> bool {
        matches!(self.text, "," | ";")
    }
}

/// The words of `text[span]`, skipping whitespace and comments.
fn tokens(text: &str, span: Span) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut i = span.start;
    while i < span.end {
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        let rest = text.get(i..span.end).unwrap_or("");
        let len = match c {
            ' ' | '\t' | '\r' | '\n' => {
                i += 1;
                continue;
            }
            '#' => {
                i += rest.find('\n').unwrap_or(rest.len());
                continue;
            }
            ',' | ';' => 1,
            '"' => quoted_len(rest),
            _ => rest
                .find([' ', '\t', '\r', '\n', ',', ';', '#', '"'])
                .unwrap_or(rest.len()),
        };
        let len = len.max(c.len_utf8());
        out.push(Token {
            text: rest.get(..len).unwrap_or(rest),
            start: i,
        });
        i += len;
    }
    out
}

/// The length of the quoted string at the start of `rest`, quotes included.
fn quoted_len(rest: &str) -> usize {
    let mut escaped = false;
    for (i, c) in rest.char_indices().skip(1) {
        match c {
            '"' if !escaped => return i + 1,
            '\n' => return i,
            _ => {}
        }
        escaped = c == '\\' && !escaped;
    }
    rest.len()
}

/// Lays out one statement with the comments inside it and after it.
fn statement_lines(text: &str, statement: &Statement, inside: &[&Comment], after: &[&Comment]) -> Vec<String> {
    let tokens = tokens(text, statement.span);
    // The width each token adds to a line: itself and the space before it.
    let widths: Vec<usize> = tokens
        .iter()
        .map(|t| t.text.chars().count() + usize::from(!t.is_punctuation()))
        .collect();
    let starts: Vec<usize> = tokens.iter().map(|t| t.start).collect();
    let plan = layout::plan(statement, &starts, &widths);

    let mut lines = Vec::new();
    let mut line = String::new();
    let mut comments = inside.iter().peekable();
    let mut previous_end = statement.span.start;
    for (index, token) in tokens.iter().enumerate() {
        let mut pending = Vec::new();
        while let Some(comment) = comments.next_if(|c| c.span.start < token.start) {
            pending.push(*comment);
        }
        if !pending.is_empty() {
            // Pull a `,` in front of the comments. Pull a `;` in front of one
            // comment on the same line, unless the `;` has a trailing comment
            // of its own (a suppression must stay on its line).
            let same_line_only = matches!(pending.as_slice(), [only] if !starts_line(text, previous_end, only));
            let pull = match token.text {
                "," => true,
                ";" => same_line_only && after.is_empty(),
                _ => false,
            };
            if pull {
                line.push_str(token.text);
            }
            for comment in pending {
                if starts_line(text, previous_end, comment) || line.is_empty() {
                    flush(&mut lines, &mut line);
                    lines.push(format!(
                        "{:indent$}{}",
                        "",
                        comment_text(comment),
                        indent = plan.indent(index)
                    ));
                } else {
                    line.push(' ');
                    line.push_str(&comment_text(comment));
                    flush(&mut lines, &mut line);
                }
                previous_end = comment.span.end;
            }
            if pull {
                previous_end = token.start + token.text.len();
                continue;
            }
        } else if plan.break_before(index).is_some() {
            flush(&mut lines, &mut line);
        }
        if line.is_empty() {
            if !lines.is_empty() {
                line.push_str(&" ".repeat(plan.indent(index)));
            }
        } else if !token.is_punctuation() {
            line.push(' ');
        }
        line.push_str(token.text);
        previous_end = token.start + token.text.len();
    }
    for comment in after {
        if line.is_empty() {
            lines.push(comment_text(comment));
        } else {
            line.push(' ');
            line.push_str(&comment_text(comment));
            flush(&mut lines, &mut line);
        }
    }
    flush(&mut lines, &mut line);
    lines
}

/// Whether a line break separates `comment` from what precedes it at `previous_end`.
fn starts_line(text: &str, previous_end: usize, comment: &Comment) -> bool {
    text.get(previous_end..comment.span.start).unwrap_or("").contains('\n')
}

fn flush(lines: &mut Vec<String>, line: &mut String) {
    if !line.is_empty() {
        lines.push(std::mem::take(line));
    }
}
