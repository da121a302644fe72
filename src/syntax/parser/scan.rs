//! The lexical pre-pass: finds every `#` comment and splits the text into
//! statement chunks at `;`, ignoring `;` inside comments and quoted strings.

use crate::syntax::ast::{Comment, Span};

/// The text of one statement: from its first character to its `;`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Chunk {
    /// Byte offset of the first character that is not whitespace or comment.
    pub start: usize,
    /// Byte offset one past the `;`, or the end of the text when unterminated.
    pub end: usize,
    /// Whether the chunk ends with `;`.
    pub terminated: bool,
}

/// The result of the pre-pass.
#[derive(Debug, Default)]
pub(crate) struct Scan {
    /// The statement chunks, in source order.
    pub chunks: Vec<Chunk>,
    /// Every comment, in source order.
    pub comments: Vec<Comment>,
}

/// Scans `text` into chunks and comments.
pub(crate) fn scan(text: &str) -> Scan {
    let mut out = Scan::default();
    let mut chunk_start: Option<usize> = None;
    let mut i = 0;
    while let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) {
        let next = i + c.len_utf8();
        match c {
            '#' => {
                let end = text
                    .get(i..)
                    .and_then(|rest| rest.find('\n'))
                    .map_or(text.len(), |n| i + n);
                let raw = text.get(next..end).unwrap_or("");
                let trimmed = raw.trim_end();
                out.comments.push(Comment {
                    text: trimmed.to_string(),
                    span: Span::new(i, next + trimmed.len()),
                });
                i = end;
                continue;
            }
            ';' => out.chunks.push(Chunk {
                start: chunk_start.take().unwrap_or(i),
                end: next,
                terminated: true,
            }),
            ' ' | '\t' | '\r' | '\n' => {}
            // A byte-order mark some editors put at the start of a file.
            '\u{feff}' if i == 0 => {}
            '"' => {
                chunk_start.get_or_insert(i);
                // A string ends at its closing quote on the same line; an
                // unterminated one is left to the grammar to report, and its
                // quote is read as an ordinary character here.
                if let Some(end) = string_end(text, next) {
                    i = end;
                    continue;
                }
            }
            _ => {
                chunk_start.get_or_insert(i);
            }
        }
        i = next;
    }
    if let Some(start) = chunk_start {
        out.chunks.push(Chunk {
            start,
            end: text.len(),
            terminated: false,
        });
    }
    out
}

/// The offset after the closing quote of a string whose body starts at
/// `from`, or `None` when the line ends first.
fn string_end(text: &str, from: usize) -> Option<usize> {
    let mut escaped = false;
    for (j, c) in text.get(from..)?.char_indices() {
        match c {
            '\n' | '\r' => return None,
            '"' if !escaped => return Some(from + j + 1),
            _ => {}
        }
        escaped = c == '\\' && !escaped;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_semicolons_outside_comments_and_strings() {
        let text = "a b; # x; y\n c \"q;\\\"r\" ;\n tail";
        let scan = scan(text);
        let chunks: Vec<&str> = scan.chunks.iter().map(|c| &text[c.start..c.end]).collect();
        assert_eq!(chunks, vec!["a b;", "c \"q;\\\"r\" ;", "tail"]);
        assert!(!scan.chunks[2].terminated);
        assert_eq!(scan.comments.len(), 1);
        assert_eq!(scan.comments[0].text, " x; y");
        assert_eq!(&text[scan.comments[0].span.start..scan.comments[0].span.end], "# x; y");
    }

    #[test]
    fn unterminated_string_stops_at_line_end() {
        let text = "table t key \"abc;\nbucket b;";
        let scan = scan(text);
        let chunks: Vec<&str> = scan.chunks.iter().map(|c| &text[c.start..c.end]).collect();
        assert_eq!(chunks, vec!["table t key \"abc;", "bucket b;"]);
    }
}
