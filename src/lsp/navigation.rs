//! Go to definition, find references, rename and the document outline, for
//! the names a file declares. Each kind of name has its own namespace, as in
//! the checker: renaming bucket `orders` leaves table `orders` alone.

use std::collections::HashMap;

use lsp_types::{DocumentSymbol, Location, PrepareRenameResponse, SymbolKind, TextEdit, Uri, WorkspaceEdit};

use super::documents::Document;
use super::symbols::{Occurrence, Role};
use crate::syntax::NameKind;

/// The declared name under `offset`: its kind and text, when it is declared.
fn declared_name_at(doc: &Document, offset: usize) -> Option<(&Occurrence, NameKind)> {
    let analysis = doc.analysis.as_ref()?;
    let occurrence = analysis.symbols.at(offset)?;
    let kind = occurrence.name_kind()?;
    analysis.symbols.declaration(kind, &occurrence.text)?;
    Some((occurrence, kind))
}

/// Where the name under `offset` is declared.
pub fn definition(doc: &Document, offset: usize) -> Option<Location> {
    let (occurrence, kind) = declared_name_at(doc, offset)?;
    let decl = doc.analysis.as_ref()?.symbols.declaration(kind, &occurrence.text)?;
    Some(Location::new(doc.uri.clone(), doc.lines.range(&doc.text, decl.span)))
}

/// Every use of the name under `offset`, with its declaration if asked.
pub fn references(doc: &Document, offset: usize, include_declaration: bool) -> Vec<Location> {
    let Some((occurrence, kind)) = declared_name_at(doc, offset) else {
        return Vec::new();
    };
    let Some(analysis) = doc.analysis.as_ref() else {
        return Vec::new();
    };
    analysis
        .symbols
        .uses(kind, &occurrence.text)
        .filter(|o| include_declaration || o.role != Role::Declaration(kind))
        .map(|o| Location::new(doc.uri.clone(), doc.lines.range(&doc.text, o.span)))
        .collect()
}

/// Why a rename is refused; the text the editor shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenameError {
    /// The cursor is not on the name of a declaration or of a use of one.
    NotADeclaredName,
    /// The new name is not written as names are.
    NotAName(String),
    /// The new name is a keyword.
    Keyword(String),
    /// The document has not been analysed yet.
    NotAnalysed,
    /// Another declaration of the kind already has the new name.
    AlreadyDeclared {
        /// The kind's keyword (`subnet`).
        keyword: &'static str,
        /// The new name.
        name: String,
    },
}

impl std::fmt::Display for RenameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenameError::NotADeclaredName => {
                f.write_str("only the name of a declared vpc, subnet, bucket, table, service or role can be renamed")
            }
            RenameError::NotAName(name) => write!(
                f,
                "`{name}` is not a name: use letters, digits, `.`, `_` and `-`, starting with a letter or digit"
            ),
            RenameError::Keyword(name) => write!(f, "`{name}` is a keyword; pick a name such as `{name}-a`"),
            RenameError::NotAnalysed => f.write_str("the document is not analysed"),
            RenameError::AlreadyDeclared { keyword, name } => write!(f, "{keyword} `{name}` is already declared"),
        }
    }
}

impl std::error::Error for RenameError {}

/// Whether the name under `offset` can be renamed, and which text.
pub fn prepare_rename(doc: &Document, offset: usize) -> Result<PrepareRenameResponse, RenameError> {
    let (occurrence, _) = declared_name_at(doc, offset).ok_or(RenameError::NotADeclaredName)?;
    Ok(PrepareRenameResponse::RangeWithPlaceholder {
        range: doc.lines.range(&doc.text, occurrence.span),
        placeholder: occurrence.text.clone(),
    })
}

/// Whether `name` is written as the language wants names: a letter or
/// digit, then letters, digits, `.`, `_` and `-`; and not a keyword.
fn check_new_name(name: &str) -> Result<(), RenameError> {
    let mut chars = name.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphanumeric());
    if !first_ok || !chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')) {
        return Err(RenameError::NotAName(name.to_string()));
    }
    if crate::syntax::KEYWORDS.contains(&name) {
        return Err(RenameError::Keyword(name.to_string()));
    }
    Ok(())
}

/// The edits that rename the name under `offset` to `new_name` everywhere.
// `WorkspaceEdit::changes` is keyed by `Uri`, whose hash and equality read
// only its text; the interior mutability clippy sees is a cache inside it.
#[allow(clippy::mutable_key_type)]
pub fn rename(doc: &Document, offset: usize, new_name: &str) -> Result<WorkspaceEdit, RenameError> {
    let (occurrence, kind) = declared_name_at(doc, offset).ok_or(RenameError::NotADeclaredName)?;
    check_new_name(new_name)?;
    let analysis = doc.analysis.as_ref().ok_or(RenameError::NotAnalysed)?;
    if new_name != occurrence.text && analysis.symbols.declaration(kind, new_name).is_some() {
        return Err(RenameError::AlreadyDeclared {
            keyword: kind.keyword(),
            name: new_name.to_string(),
        });
    }
    let edits: Vec<TextEdit> = analysis
        .symbols
        .uses(kind, &occurrence.text)
        .map(|o| TextEdit::new(doc.lines.range(&doc.text, o.span), new_name.to_string()))
        .collect();
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    changes.insert(doc.uri.clone(), edits);
    Ok(WorkspaceEdit::new(changes))
}

/// The outline: every declaration, with its statement as the full range.
#[allow(deprecated)] // `DocumentSymbol::deprecated` must be given; it is `None`.
pub fn document_symbols(doc: &Document) -> Vec<DocumentSymbol> {
    let Some(analysis) = doc.analysis.as_ref() else {
        return Vec::new();
    };
    analysis
        .symbols
        .occurrences
        .iter()
        .filter_map(|o| match o.role {
            Role::Declaration(kind) => Some((o, kind)),
            _ => None,
        })
        .map(|(o, kind)| {
            let statement = analysis.program.statements.get(o.statement).map_or(o.span, |s| s.span);
            DocumentSymbol {
                name: o.text.clone(),
                detail: Some(kind.keyword().to_string()),
                kind: match kind {
                    NameKind::Vpc => SymbolKind::NAMESPACE,
                    NameKind::Subnet => SymbolKind::STRUCT,
                    NameKind::Bucket | NameKind::Table => SymbolKind::OBJECT,
                    NameKind::Service => SymbolKind::INTERFACE,
                    NameKind::Role => SymbolKind::CLASS,
                },
                tags: None,
                deprecated: None,
                range: doc.lines.range(&doc.text, statement),
                selection_range: doc.lines.range(&doc.text, o.span),
                children: None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_names_follow_the_language() {
        assert!(check_new_name("app-2.b_c").is_ok());
        assert!(check_new_name("-app").is_err());
        assert!(check_new_name("a b").is_err());
        assert!(check_new_name("").is_err());
        assert!(check_new_name("public").is_err());
        assert!(check_new_name("é").is_err());
    }
}
