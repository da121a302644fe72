//! Code actions: each fix a diagnostic carries (a did-you-mean, `allow
//! admin`, the missing Session Manager endpoints...), and "fix all", which
//! applies the machine-applicable ones exactly as `vpcec check --fix` does.

use std::collections::HashMap;

use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, TextEdit, Uri, WorkspaceEdit};

use super::diagnostics::to_lsp;
use super::documents::Document;
use super::formatting::text_edit;
use crate::aws::Catalog;
use crate::diagnostics::{Applicability, SourceFile};
use crate::fix::fix_file;
use crate::syntax::ast::Span;

/// The kind of the "fix all" action.
pub fn fix_all_kind() -> CodeActionKind {
    CodeActionKind::new("source.fixAll.vpcec")
}

// `WorkspaceEdit::changes` is keyed by `Uri`, whose hash and equality read
// only its text; the interior mutability clippy sees is a cache inside it.
#[allow(clippy::mutable_key_type)]
fn workspace_edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    let mut changes = HashMap::new();
    changes.insert(uri.clone(), edits);
    WorkspaceEdit::new(changes)
}

/// Whether an action of `kind` is wanted by a request limited to `only`.
fn wanted(kind: &CodeActionKind, only: Option<&[CodeActionKind]>) -> bool {
    only.is_none_or(|only| {
        only.iter()
            .any(|o| kind.as_str() == o.as_str() || kind.as_str().starts_with(&format!("{}.", o.as_str())))
    })
}

/// The actions for the byte range `span` of `doc`: the fixes of the
/// diagnostics that touch it, then "fix all" when there is anything to fix.
pub fn code_actions(
    doc: &Document,
    span: Span,
    only: Option<&[CodeActionKind]>,
    catalog: &Catalog,
) -> Vec<CodeActionOrCommand> {
    let Some(analysis) = doc.analysis.as_ref() else {
        return Vec::new();
    };
    let mut actions = Vec::new();
    if wanted(&CodeActionKind::QUICKFIX, only) {
        let touching = analysis
            .diagnostics
            .iter()
            .filter(|d| d.span.is_some_and(|at| at.start <= span.end && span.start <= at.end));
        for diagnostic in touching {
            for suggestion in &diagnostic.suggestions {
                let edits = suggestion
                    .edits
                    .iter()
                    .map(|e| TextEdit::new(doc.lines.range(&doc.text, e.span), e.text.clone()))
                    .collect();
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("{} ({})", suggestion.title, diagnostic.code.as_str()),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![to_lsp(doc, diagnostic)]),
                    edit: Some(workspace_edit(&doc.uri, edits)),
                    is_preferred: Some(suggestion.applicability != Applicability::HasPlaceholders),
                    ..CodeAction::default()
                }));
            }
        }
    }
    let any_automatic = analysis
        .diagnostics
        .iter()
        .flat_map(|d| &d.suggestions)
        .any(|s| s.applicability == Applicability::MachineApplicable);
    if any_automatic && wanted(&fix_all_kind(), only) {
        let file = SourceFile {
            name: super::documents::display_name(&doc.uri),
            text: doc.text.clone(),
        };
        let fixed = fix_file(&file, catalog);
        if let Some(edit) = text_edit(doc, &fixed.text) {
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!(
                    "Fix all auto-fixable problems ({} fix{}, as `vpcec check --fix`)",
                    fixed.applied,
                    if fixed.applied == 1 { "" } else { "es" }
                ),
                kind: Some(fix_all_kind()),
                edit: Some(workspace_edit(&doc.uri, vec![edit])),
                ..CodeAction::default()
            }));
        }
    }
    actions
}
