//! Formatting: the layout of `vpcec fmt`, sent as one edit that covers only
//! the lines that change, so that the editor keeps the cursor and the undo
//! history small.

use lsp_types::TextEdit;

use super::documents::Document;
use crate::syntax::ast::Span;
use crate::syntax::format::format;

/// The one edit that turns `old` into `new`: the part between their common
/// beginning and their common end. `None` when they are equal.
pub fn minimal_edit(old: &str, new: &str) -> Option<(Span, String)> {
    if old == new {
        return None;
    }
    let mut prefix = old.bytes().zip(new.bytes()).take_while(|(a, b)| a == b).count();
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = old.len().min(new.len()) - prefix;
    let mut suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    let replacement = new.get(prefix..new.len() - suffix)?.to_string();
    Some((Span::new(prefix, old.len() - suffix), replacement))
}

/// The edit that turns the document's text into `new`, as LSP wants it.
pub fn text_edit(doc: &Document, new: &str) -> Option<TextEdit> {
    let (span, replacement) = minimal_edit(&doc.text, new)?;
    Some(TextEdit::new(doc.lines.range(&doc.text, span), replacement))
}

/// The formatting edits of a document: none when it is already in
/// canonical form, or when it does not parse (its E001 diagnostics say why).
pub fn format_document(doc: &Document) -> Vec<TextEdit> {
    if doc.too_large() {
        return Vec::new();
    }
    match format(&doc.text) {
        Ok(formatted) => text_edit(doc, &formatted).into_iter().collect(),
        Err(_) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(old: &str, new: &str) -> String {
        match minimal_edit(old, new) {
            None => old.to_string(),
            Some((span, text)) => format!("{}{}{}", &old[..span.start], text, &old[span.end..]),
        }
    }

    #[test]
    fn the_edit_covers_only_the_change() {
        assert_eq!(minimal_edit("abc", "abc"), None);
        assert_eq!(
            minimal_edit("vpc  a;\nb;\n", "vpc a;\nb;\n"),
            Some((Span::new(4, 5), String::new()))
        );
        for (old, new) in [
            ("aé", "aè"),
            ("éé", "é"),
            ("x", "xyx"),
            ("xyx", "x"),
            ("", "a"),
            ("🦀a🦀", "🦀🦀"),
        ] {
            assert_eq!(apply(old, new), new, "{old} -> {new}");
        }
    }
}
