//! Positions in a source file, found in logarithmic time.
//!
//! [`LineIndex`] records where every line starts, once per file, so that a
//! byte offset becomes a line and column by binary search instead of by
//! counting newlines from the start of the file for every diagnostic.
//! [`Windowed`] hands miette only the few lines around a span: miette's own
//! `SourceCode` for a string scans from byte 0 for every span it draws, which
//! made drawing many diagnostics of a large file quadratic.

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// Where the lines of one text start.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset of the start of every line: 0, then one past each `\n`.
    starts: Vec<usize>,
    /// For each entry of `starts`, how many line breaks miette counts before
    /// it: `\n`, `\r\n` and a lone `\r` each count once.
    breaks_before: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text` in one pass.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut breaks_before = vec![0];
        let mut breaks = 0;
        for (i, &byte) in bytes.iter().enumerate() {
            match byte {
                b'\n' => {
                    breaks += 1;
                    starts.push(i + 1);
                    breaks_before.push(breaks);
                }
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => breaks += 1,
                _ => {}
            }
        }
        LineIndex { starts, breaks_before }
    }

    /// The 0-based line (counting `\n` only) that holds byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset).saturating_sub(1)
    }

    /// The 1-based line and column (in characters) of byte `offset` of `text`,
    /// which must be the text this index was built from.
    pub fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let column = text.get(start..offset).map(|s| s.chars().count()).unwrap_or(0) + 1;
        (line + 1, column)
    }

    /// The byte range of lines `first..=last` (0-based, clamped), with the
    /// final line's newline.
    fn lines(&self, text_len: usize, first: usize, last: usize) -> (usize, usize) {
        let start = self.starts.get(first).copied().unwrap_or(text_len);
        let end = self.starts.get(last + 1).copied().unwrap_or(text_len);
        (start, end.max(start))
    }
}

/// A named source that miette reads a window at a time.
#[derive(Debug)]
pub struct Windowed<'a> {
    /// The file name shown in the snippet header.
    pub name: &'a str,
    /// The whole text.
    pub text: &'a str,
    /// Its line index.
    pub index: &'a LineIndex,
}

impl SourceCode for Windowed<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let text = self.text;
        if span.offset() + span.len() > text.len() {
            return Err(MietteError::OutOfBounds);
        }
        // One line more on each side than miette shows, so that its scan of
        // the window stops exactly where a scan of the whole text would.
        let first_line = self.index.line_of(span.offset());
        let last_line = self.index.line_of((span.offset() + span.len()).saturating_sub(1));
        let first = first_line.saturating_sub(context_lines_before + 1);
        let (start, end) = self.index.lines(text.len(), first, last_line + context_lines_after + 1);
        let window = text.as_bytes().get(start..end).ok_or(MietteError::OutOfBounds)?;
        let shifted = SourceSpan::new((span.offset() - start).into(), span.len());
        let inner = window.read_span(&shifted, context_lines_before, context_lines_after)?;
        let lines_before = self.index.breaks_before.get(first).copied().unwrap_or(0);
        let inner_span = inner.span();
        let data = text
            .as_bytes()
            .get(start + inner_span.offset()..start + inner_span.offset() + inner_span.len())
            .ok_or(MietteError::OutOfBounds)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            data,
            SourceSpan::new((start + inner_span.offset()).into(), inner_span.len()),
            inner.line() + lines_before,
            inner.column(),
            inner.line_count() + lines_before,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every span of every small text reads the same through the window as
    /// through miette's whole-text reader.
    #[test]
    fn windows_read_what_the_whole_text_reads() {
        let texts = [
            "a;\nbb;\n\nccc;\ndddd;\n",
            "one\r\ntwo\rthree\nfour",
            "x",
            "\n\n\nlast line without newline",
            "é;\nßü;\n  名前;\n",
        ];
        for text in texts {
            let index = LineIndex::new(text);
            let windowed = Windowed {
                name: "f.vpce",
                text,
                index: &index,
            };
            for start in 0..text.len() {
                for len in 0..=(text.len() - start).min(9) {
                    if !text.is_char_boundary(start) || !text.is_char_boundary(start + len) {
                        continue;
                    }
                    for context in 0..3 {
                        let span = SourceSpan::new(start.into(), len);
                        let whole = text.read_span(&span, context, context);
                        let ours = windowed.read_span(&span, context, context);
                        match (whole, ours) {
                            (Ok(w), Ok(o)) => {
                                let at = format!("{text:?} {start}+{len} context {context}");
                                assert_eq!(w.data(), o.data(), "data at {at}");
                                assert_eq!(w.span(), o.span(), "span at {at}");
                                assert_eq!(w.line(), o.line(), "line at {at}");
                                assert_eq!(w.column(), o.column(), "column at {at}");
                                assert_eq!(w.line_count(), o.line_count(), "line count at {at}");
                            }
                            (Err(_), Err(_)) => {}
                            (w, o) => panic!("{text:?} {start}+{len}: {:?} vs {:?}", w.is_ok(), o.is_ok()),
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn line_column_counts_characters_from_the_line_start() {
        let text = "ab\né;x\n\nz";
        let index = LineIndex::new(text);
        assert_eq!(index.line_column(text, 0), (1, 1));
        assert_eq!(index.line_column(text, 3), (2, 1));
        assert_eq!(index.line_column(text, 5), (2, 2));
        assert_eq!(index.line_column(text, 8), (3, 1));
        assert_eq!(index.line_column(text, 9), (4, 1));
        assert_eq!(index.line_column(text, 99), (4, 2));
    }
}
