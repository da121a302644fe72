//! The compiler's diagnostics as LSP diagnostics: the same code, message,
//! related locations and help as `vpcec check` prints.

use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, Location, NumberOrString, PublishDiagnosticsParams,
};

use super::documents::Document;
use crate::diagnostics::Diagnostic;
use crate::rules::{Code, Severity};

/// The most diagnostics published for one document: beyond this, an editor
/// only slows down, and the first ones are the ones to fix.
pub const MAX_PUBLISHED: usize = 1000;

/// The name in front of every diagnostic in the editor.
pub const SOURCE: &str = "vpcec";

/// Converts one diagnostic of `doc`.
pub fn to_lsp(doc: &Document, diagnostic: &Diagnostic) -> lsp_types::Diagnostic {
    let range = doc.lines.range(&doc.text, diagnostic.position());
    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<DiagnosticRelatedInformation> = diagnostic
        .related
        .iter()
        .map(|r| DiagnosticRelatedInformation {
            location: Location::new(doc.uri.clone(), doc.lines.range(&doc.text, r.span)),
            message: r.message.clone(),
        })
        .collect();
    lsp_types::Diagnostic {
        range,
        severity: Some(match diagnostic.severity() {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(diagnostic.code.as_str().to_string())),
        code_description: None,
        source: Some(SOURCE.to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        // An unused suppression is shown faded, as editors show dead code.
        tags: (diagnostic.code == Code::W208).then(|| vec![DiagnosticTag::UNNECESSARY]),
        data: None,
    }
}

/// The `textDocument/publishDiagnostics` of a document: its analysis's
/// diagnostics, or none when it has no analysis (too large to check).
pub fn publish(doc: &Document) -> PublishDiagnosticsParams {
    let diagnostics = doc
        .analysis
        .as_ref()
        .map(|a| {
            a.diagnostics
                .iter()
                .take(MAX_PUBLISHED)
                .map(|d| to_lsp(doc, d))
                .collect()
        })
        .unwrap_or_default();
    PublishDiagnosticsParams::new(doc.uri.clone(), diagnostics, Some(doc.version))
}
