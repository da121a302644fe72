//! Completion in context: what the grammar accepts at the cursor
//! ([`crate::syntax::expected_at`]), filled in with the file's declared
//! names of the kind wanted, the catalog's services and regions, and the
//! zones of the VPC's region.

use lsp_types::{CompletionItem, CompletionItemKind, CompletionTextEdit, TextEdit};

use super::documents::Document;
use super::symbols::{self, Symbols};
use crate::aws::Catalog;
use crate::syntax::ast::{Program, Span};
use crate::syntax::{expected_at, NameKind, Want};

/// The completions at byte `offset` of `doc`.
pub fn complete(doc: &Document, offset: usize, catalog: &Catalog) -> Vec<CompletionItem> {
    let Some(expected) = expected_at(&doc.text, offset) else {
        return Vec::new();
    };
    // The edit replaces the word typed so far, so that names with `-` and `.`
    // are completed whole whatever the editor's idea of a word.
    let replaced = doc.lines.range(&doc.text, Span::new(expected.word.start, offset));
    let analysis = doc.analysis.as_ref();
    let mut items: Vec<CompletionItem> = Vec::new();
    let mut add = |label: &str, kind: CompletionItemKind, detail: String, rank: u8| {
        if items.iter().any(|i| i.label == label) {
            return;
        }
        items.push(CompletionItem {
            label: label.to_string(),
            kind: Some(kind),
            detail: (!detail.is_empty()).then_some(detail),
            sort_text: Some(format!("{rank}{label}")),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(replaced, label.to_string()))),
            ..CompletionItem::default()
        });
    };
    for want in &expected.wants {
        match *want {
            Want::Keyword(keyword) => add(keyword, CompletionItemKind::KEYWORD, String::new(), 1),
            Want::Name { kind, declaring: false } => {
                if let Some(analysis) = analysis {
                    for decl in names(&analysis.symbols, kind) {
                        let line = doc.lines.position(&doc.text, decl.1).line + 1;
                        add(
                            &decl.0,
                            CompletionItemKind::VARIABLE,
                            format!("{} declared on line {line}", kind.keyword()),
                            0,
                        );
                    }
                }
            }
            Want::Region => {
                let home = analysis.and_then(|a| symbols::home_region(&a.program));
                for region in catalog.regions() {
                    let rank = if Some(region.name.as_str()) == home { 0 } else { 2 };
                    add(
                        &region.name,
                        CompletionItemKind::CONSTANT,
                        format!("region ({})", region.partition.arn_segment()),
                        rank,
                    );
                }
            }
            Want::Zone => {
                let region = analysis
                    .and_then(|a| zone_region(&a.program, &expected.before))
                    .and_then(|r| catalog.region(r));
                if let Some(region) = region {
                    for zone in &region.zone_names {
                        add(
                            zone,
                            CompletionItemKind::CONSTANT,
                            format!("zone name in {}", region.name),
                            0,
                        );
                    }
                    for zone in &region.zone_ids {
                        add(
                            zone,
                            CompletionItemKind::CONSTANT,
                            format!("zone id in {}", region.name),
                            1,
                        );
                    }
                }
            }
            Want::AwsService => {
                for service in catalog.services() {
                    let endpoints = match (service.gateway, service.interface) {
                        (true, true) => "gateway or interface endpoint",
                        (true, false) => "gateway endpoint",
                        _ => "interface endpoint",
                    };
                    add(&service.name, CompletionItemKind::MODULE, endpoints.to_string(), 2);
                }
            }
            Want::Name { declaring: true, .. } | Want::Access | Want::Literal => {}
        }
    }
    items
}

/// The declared names of `kind` with the offset of their declaration.
fn names(symbols: &Symbols, kind: NameKind) -> Vec<(String, usize)> {
    symbols
        .declared(kind)
        .into_iter()
        .map(|o| (o.text.clone(), o.span.start))
        .collect()
}

/// The region whose zones a `subnet` statement wants: that of the VPC after
/// `in`, else of the file's only VPC, else the file's region.
fn zone_region<'a>(program: &'a Program, before: &[String]) -> Option<&'a str> {
    let vpc = before
        .iter()
        .position(|w| w == "in")
        .and_then(|i| before.get(i + 1))
        .map(String::as_str);
    symbols::vpc_region(program, vpc)
}
