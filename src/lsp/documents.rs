//! The open documents: their text as the editor has it, and the last
//! analysis of it (the AST, the diagnostics of the whole pipeline, the
//! symbol index).

use std::collections::BTreeMap;

use lsp_types::{TextDocumentContentChangeEvent, Uri};

use super::position::LineIndex;
use super::symbols::Symbols;
use crate::aws::Catalog;
use crate::cli::io::MAX_SOURCE_BYTES;
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::syntax::ast::Program;

/// What the compiler made of a document's text.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The statements that parse.
    pub program: Program,
    /// Every diagnostic of every phase, as `vpcec check` gives them.
    pub diagnostics: Vec<Diagnostic>,
    /// The words an editor can point at.
    pub symbols: Symbols,
}

impl Analysis {
    /// Parses, checks and plans a text.
    pub fn of(name: &str, text: &str, catalog: &Catalog) -> Self {
        let file = SourceFile {
            name: name.to_string(),
            text: text.to_string(),
        };
        // `compile` parses too; parsing is a small part of a check, and the
        // AST is kept here for the editor's questions.
        let (program, _) = crate::syntax::parse(text);
        let diagnostics = crate::driver::compile(&file, catalog).diagnostics;
        let symbols = Symbols::new(&program);
        Analysis {
            program,
            diagnostics,
            symbols,
        }
    }
}

/// One open document.
#[derive(Debug, Clone)]
pub struct Document {
    /// Its URI, as the editor names it.
    pub uri: Uri,
    /// The editor's version number of the text.
    pub version: i32,
    /// The text.
    pub text: String,
    /// Where its lines start.
    pub lines: LineIndex,
    /// The analysis of `text`: `None` while it is stale, or when the text is
    /// too large to check (over [`MAX_SOURCE_BYTES`], as for `vpcec check`).
    pub analysis: Option<Analysis>,
    /// Whether the text changed since diagnostics were last published.
    pub pending: bool,
}

impl Document {
    /// Whether the text is too large to check.
    pub fn too_large(&self) -> bool {
        self.text.len() as u64 > MAX_SOURCE_BYTES
    }

    /// Applies the editor's changes in order. A range that names a line
    /// past the end is taken to mean the end of the text; the count of such
    /// ranges is returned, so that the server can log that the editor and
    /// the server disagree about the text.
    pub fn apply(&mut self, version: i32, changes: Vec<TextDocumentContentChangeEvent>) -> usize {
        let mut clamped = 0;
        for change in changes {
            match change.range {
                None => self.text = change.text,
                Some(range) => {
                    let start = self.lines.offset_clamped(&self.text, range.start);
                    let end = self.lines.offset_clamped(&self.text, range.end);
                    if self.lines.offset(&self.text, range.start).is_err()
                        || self.lines.offset(&self.text, range.end).is_err()
                    {
                        clamped += 1;
                    }
                    let (start, end) = (start.min(end), start.max(end));
                    self.text.replace_range(start..end, &change.text);
                }
            }
            self.lines = LineIndex::new(&self.text);
        }
        self.version = version;
        self.analysis = None;
        self.pending = true;
        clamped
    }

    /// Analyses the text if it is stale and small enough.
    pub fn analyse(&mut self, catalog: &Catalog) {
        if self.analysis.is_none() && !self.too_large() {
            let name = display_name(&self.uri);
            self.analysis = Some(Analysis::of(&name, &self.text, catalog));
        }
    }
}

/// The file name diagnostics mention: the last part of the URI's path.
pub fn display_name(uri: &Uri) -> String {
    let path = uri.path().as_str();
    let name = path.rsplit('/').next().unwrap_or(path);
    if name.is_empty() {
        "untitled.vpce".to_string()
    } else {
        name.to_string()
    }
}

/// The open documents by URI.
#[derive(Debug, Default)]
pub struct Documents {
    by_uri: BTreeMap<String, Document>,
}

impl Documents {
    /// Opens (or reopens) a document.
    pub fn open(&mut self, uri: Uri, version: i32, text: String) {
        let lines = LineIndex::new(&text);
        self.by_uri.insert(
            uri.as_str().to_string(),
            Document {
                uri,
                version,
                text,
                lines,
                analysis: None,
                pending: true,
            },
        );
    }

    /// Closes a document.
    pub fn close(&mut self, uri: &Uri) -> Option<Document> {
        self.by_uri.remove(uri.as_str())
    }

    /// An open document.
    pub fn get(&self, uri: &Uri) -> Option<&Document> {
        self.by_uri.get(uri.as_str())
    }

    /// An open document, to change.
    pub fn get_mut(&mut self, uri: &Uri) -> Option<&mut Document> {
        self.by_uri.get_mut(uri.as_str())
    }

    /// The documents changed since their diagnostics were last published.
    pub fn pending(&mut self) -> impl Iterator<Item = &mut Document> {
        self.by_uri.values_mut().filter(|d| d.pending)
    }
}

#[cfg(test)]
mod tests {
    use lsp_types::{Position, Range};

    use super::*;

    fn uri() -> Uri {
        "file:///project/dir/net.vpce".parse().unwrap()
    }

    #[test]
    fn incremental_changes_apply_in_order() {
        let mut docs = Documents::default();
        docs.open(uri(), 1, "vpc app cidr 10.0.0.0/16;\n".into());
        let doc = docs.get_mut(&uri()).unwrap();
        let change = |range: Option<Range>, text: &str| TextDocumentContentChangeEvent {
            range,
            range_length: None,
            text: text.into(),
        };
        let clamped = doc.apply(
            2,
            vec![
                change(Some(Range::new(Position::new(0, 4), Position::new(0, 7))), "net"),
                change(Some(Range::new(Position::new(1, 0), Position::new(1, 0))), "# é\n"),
                change(Some(Range::new(Position::new(1, 3), Position::new(1, 3))), "!"),
            ],
        );
        assert_eq!(clamped, 0);
        assert_eq!(doc.text, "vpc net cidr 10.0.0.0/16;\n# é!\n");
        assert_eq!(doc.version, 2);
        let clamped = doc.apply(
            3,
            vec![change(Some(Range::new(Position::new(9, 0), Position::new(9, 0))), "x")],
        );
        assert_eq!(clamped, 1);
        assert!(doc.text.ends_with("!\nx"));
        doc.apply(4, vec![change(None, "region eu-west-1;")]);
        assert_eq!(doc.text, "region eu-west-1;");
        assert_eq!(display_name(&doc.uri), "net.vpce");
    }
}
