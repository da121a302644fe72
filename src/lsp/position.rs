//! Positions as LSP counts them: 0-based lines, and columns in UTF-16 code
//! units, while the compiler's spans are byte offsets into UTF-8 text.
//!
//! Lines end at `\n`, `\r\n` or a lone `\r`, as the protocol says. A column
//! past the end of its line means the end of the line (the protocol's rule);
//! a line past the end of the document is an error for a request, and the
//! end of the document for an edit (see [`LineIndex::offset_clamped`]).

use lsp_types::{Position, Range};

use crate::syntax::ast::Span;

/// Where each line of a text starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    /// Byte offsets of line starts; the first is 0.
    starts: Vec<usize>,
}

/// A position that names a line the document does not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PastEnd {
    /// The line asked for.
    pub line: u32,
    /// How many lines the document has.
    pub lines: usize,
}

impl std::fmt::Display for PastEnd {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {} is past the end of the document, which has {} line{}",
            self.line,
            self.lines,
            if self.lines == 1 { "" } else { "s" }
        )
    }
}

impl LineIndex {
    /// Indexes the lines of `text`.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for (i, b) in bytes.iter().enumerate() {
            match b {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
        }
        LineIndex { starts }
    }

    /// The number of lines (a text ending in a line break has an empty last line).
    pub fn lines(&self) -> usize {
        self.starts.len()
    }

    /// The byte range of line `line`'s content, without its line break.
    fn line_span(&self, text: &str, line: usize) -> Option<Span> {
        let start = *self.starts.get(line)?;
        let end = match self.starts.get(line + 1) {
            Some(next) => {
                let content = text.get(start..*next).unwrap_or("");
                next - (content.len() - content.trim_end_matches(['\n', '\r']).len())
            }
            None => text.len(),
        };
        Some(Span::new(start, end.max(start)))
    }

    /// The LSP position of a byte offset (clamped to the text, and back to
    /// the start of a character it would split).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|s| *s <= offset).saturating_sub(1);
        let content = self.line_span(text, line).unwrap_or(Span::new(0, 0));
        // An offset inside a `\r\n` is the end of the line's content.
        let offset = offset.min(content.end);
        let column: usize = text
            .get(content.start..offset)
            .unwrap_or("")
            .chars()
            .map(char::len_utf16)
            .sum();
        Position::new(to_u32(line), to_u32(column))
    }

    /// The LSP range of a byte span.
    pub fn range(&self, text: &str, span: Span) -> Range {
        Range::new(self.position(text, span.start), self.position(text, span.end))
    }

    /// The byte offset of an LSP position. A column past the end of its
    /// line (or inside a surrogate pair) is moved back to the line's end (or
    /// the character's start); a line past the end is an error.
    pub fn offset(&self, text: &str, position: Position) -> Result<usize, PastEnd> {
        let line = usize::try_from(position.line).unwrap_or(usize::MAX);
        let span = self.line_span(text, line).ok_or(PastEnd {
            line: position.line,
            lines: self.lines(),
        })?;
        let wanted = usize::try_from(position.character).unwrap_or(usize::MAX);
        let mut units = 0;
        for (i, c) in text.get(span.start..span.end).unwrap_or("").char_indices() {
            let next = units + c.len_utf16();
            if next > wanted {
                return Ok(span.start + i);
            }
            units = next;
        }
        Ok(span.end)
    }

    /// Like [`LineIndex::offset`], but a line past the end means the end of
    /// the text: for edits, which cannot be refused.
    pub fn offset_clamped(&self, text: &str, position: Position) -> usize {
        self.offset(text, position).unwrap_or(text.len())
    }

    /// The byte span of an LSP range (its ends in order).
    pub fn span(&self, text: &str, range: Range) -> Result<Span, PastEnd> {
        let a = self.offset(text, range.start)?;
        let b = self.offset(text, range.end)?;
        Ok(Span::new(a.min(b), a.max(b)))
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units() {
        // `é` is 2 bytes and 1 unit; `🦀` is 4 bytes and 2 units.
        let text = "# é 🦀\nvpc app cidr 10.0.0.0/16; # 🦀🦀\nsubnet a";
        let index = LineIndex::new(text);
        let app = text.find("app").unwrap();
        assert_eq!(index.position(text, app), Position::new(1, 4));
        let after_crab = text.find('\n').unwrap();
        assert_eq!(index.position(text, after_crab), Position::new(0, 6));
        assert_eq!(index.offset(text, Position::new(0, 6)), Ok(after_crab));
        let subnet = text.find("subnet").unwrap();
        assert_eq!(index.offset(text, Position::new(2, 0)), Ok(subnet));
        for offset in (0..=text.len()).filter(|o| text.is_char_boundary(*o)) {
            let position = index.position(text, offset);
            assert_eq!(index.offset(text, position), Ok(offset), "{offset}");
        }
    }

    #[test]
    fn every_line_break_counts() {
        let text = "a\r\nb\rc\nd";
        let index = LineIndex::new(text);
        assert_eq!(index.lines(), 4);
        assert_eq!(index.offset(text, Position::new(1, 0)), Ok(3));
        assert_eq!(index.offset(text, Position::new(2, 0)), Ok(5));
        assert_eq!(
            index.offset(text, Position::new(0, 9)),
            Ok(1),
            "column clamped before \\r\\n"
        );
        assert_eq!(index.position(text, 2), Position::new(0, 1), "inside \\r\\n");
    }

    #[test]
    fn past_the_end_is_an_error_or_the_end() {
        let text = "ab\n";
        let index = LineIndex::new(text);
        assert_eq!(index.lines(), 2);
        assert_eq!(index.offset(text, Position::new(1, 0)), Ok(3));
        assert_eq!(
            index.offset(text, Position::new(2, 0)),
            Err(PastEnd { line: 2, lines: 2 })
        );
        assert!(index.offset(text, Position::new(u32::MAX, u32::MAX)).is_err());
        assert_eq!(index.offset_clamped(text, Position::new(7, 0)), 3);
        assert_eq!(index.position(text, 99), Position::new(1, 0));
    }

    #[test]
    fn a_column_inside_a_surrogate_pair_moves_to_the_character() {
        let text = "🦀x";
        let index = LineIndex::new(text);
        assert_eq!(index.offset(text, Position::new(0, 1)), Ok(0));
        assert_eq!(index.offset(text, Position::new(0, 2)), Ok(4));
        assert_eq!(index.position(text, 2), Position::new(0, 0));
    }
}
