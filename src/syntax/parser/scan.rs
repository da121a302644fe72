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
///
/// Reads bytes, not characters: every byte it looks for is ASCII, and no
/// byte of a multi-byte UTF-8 character is ASCII, so such a character only
/// ever starts a chunk at its first byte.
pub(crate) fn scan(text: &str) -> Scan {
    let bytes = text.as_bytes();
    let mut out = Scan::default();
    let mut chunk_start: Option<usize> = None;
    // A byte-order mark some editors put at the start of a file.
    let mut i = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    while let Some(&b) = bytes.get(i) {
        match b {
            b'#' => {
                let end = text
                    .get(i..)
                    .and_then(|rest| rest.find('\n'))
                    .map_or(text.len(), |n| i + n);
                let raw = text.get(i + 1..end).unwrap_or("");
                let trimmed = raw.trim_end();
                out.comments.push(Comment {
                    text: trimmed.to_string(),
                    span: Span::new(i, i + 1 + trimmed.len()),
                });
                i = end;
                continue;
            }
            b';' => out.chunks.push(Chunk {
                start: chunk_start.take().unwrap_or(i),
                end: i + 1,
                terminated: true,
            }),
            b' ' | b'\t' | b'\r' | b'\n' => {}
            b'"' => {
                chunk_start.get_or_insert(i);
                // A string ends at its closing quote on the same line; an
                // unterminated one is left to the grammar to report, and its
                // quote is read as an ordinary character here.
                if let Some(end) = string_end(bytes, i + 1) {
                    i = end;
                    continue;
                }
            }
            _ => {
                chunk_start.get_or_insert(i);
            }
        }
        i += 1;
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
fn string_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut escaped = false;
    for (j, &b) in bytes.get(from..)?.iter().enumerate() {
        match b {
            b'\n' | b'\r' => return None,
            b'"' if !escaped => return Some(from + j + 1),
            _ => {}
        }
        escaped = b == b'\\' && !escaped;
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

    #[test]
    fn reads_characters_beyond_ascii_and_a_byte_order_mark() {
        let text = "\u{feff}bucket é\u{feff}; # ü;\n table \"é;\\é\" ;\n\u{feff}x";
        let scan = scan(text);
        let chunks: Vec<&str> = scan.chunks.iter().map(|c| &text[c.start..c.end]).collect();
        assert_eq!(chunks, vec!["bucket é\u{feff};", "table \"é;\\é\" ;", "\u{feff}x"]);
        assert_eq!(scan.comments[0].text, " ü;");
        assert_eq!(&text[scan.comments[0].span.start..scan.comments[0].span.end], "# ü;");
    }

    #[test]
    fn comment_at_the_end_of_the_file() {
        let text = "region r; #last  ";
        let scan = scan(text);
        assert_eq!(scan.chunks.len(), 1);
        assert_eq!(scan.comments[0].text, "last");
        assert_eq!(scan.comments[0].span, Span::new(10, 15));
    }
}
