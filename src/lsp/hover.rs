//! Hover: on a diagnostic, its `vpcec explain` text; on a service target,
//! what the AWS data knows about its endpoints; on a name, its declaration;
//! on a region or a zone, what the data knows about it.

use std::fmt::Write;

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind};

use super::documents::{Analysis, Document};
use super::symbols::{self, Occurrence, Role};
use crate::aws::{Catalog, Service, ZoneForm};
use crate::report::cost::Pricing;
use crate::syntax::ast::{Program, StatementKind};
use crate::syntax::NameKind;

/// The hover at byte `offset` of `doc`, if there is anything to say.
pub fn hover(doc: &Document, offset: usize, catalog: &Catalog, pricing: Option<&Pricing>) -> Option<Hover> {
    let analysis = doc.analysis.as_ref()?;
    let mut sections: Vec<String> = analysis
        .diagnostics
        .iter()
        .filter(|d| {
            d.span
                .is_some_and(|span| span.start <= offset && offset < span.end.max(span.start + 1))
        })
        .map(|d| {
            format!(
                "**{}** {}\n\n{}",
                d.code.as_str(),
                d.message,
                crate::cli::explain::render(d.code.rule())
            )
        })
        .collect();
    let occurrence = analysis.symbols.at(offset);
    if let Some(occurrence) = occurrence {
        if let Some(text) = describe(doc, analysis, occurrence, catalog, pricing) {
            sections.push(text);
        }
    }
    if sections.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: sections.join("\n\n---\n\n"),
        }),
        range: occurrence.map(|o| doc.lines.range(&doc.text, o.span)),
    })
}

fn describe(
    doc: &Document,
    analysis: &Analysis,
    occurrence: &Occurrence,
    catalog: &Catalog,
    pricing: Option<&Pricing>,
) -> Option<String> {
    match occurrence.role {
        Role::Declaration(kind) | Role::Reference(kind) => Some(declaration(doc, analysis, kind, &occurrence.text)),
        Role::Region => Some(region(catalog, &occurrence.text)),
        Role::Zone => Some(zone(catalog, &occurrence.text)),
        Role::Service => {
            let region = intent_region(&analysis.program, occurrence.statement);
            Some(service(catalog, pricing, &occurrence.text, region))
        }
    }
}

/// The declaration of a name, as written, with its line.
fn declaration(doc: &Document, analysis: &Analysis, kind: NameKind, name: &str) -> String {
    let Some(decl) = analysis.symbols.declaration(kind, name) else {
        return format!("{} `{name}` is not declared", kind.keyword());
    };
    let line = doc.lines.position(&doc.text, decl.span.start).line + 1;
    let statement = analysis
        .program
        .statements
        .get(decl.statement)
        .and_then(|s| doc.text.get(s.span.start..s.span.end))
        .unwrap_or("");
    let uses = analysis.symbols.uses(kind, name).count().saturating_sub(1);
    format!(
        "{} `{name}`, declared on line {line} and used {uses} time{}:\n\n```vpce\n{}\n```",
        kind.keyword(),
        if uses == 1 { "" } else { "s" },
        statement.trim()
    )
}

/// The region of a service target of intent `statement`: the intent's own
/// region, else its first subnet's.
fn intent_region(program: &Program, statement: usize) -> Option<&str> {
    let StatementKind::Intent(intent) = &program.statements.get(statement)?.kind else {
        return None;
    };
    match &intent.region {
        Some(region) => Some(region.node.as_str()),
        None => symbols::subnet_region(program, intent.subnets.first()?.node.as_str()),
    }
}

fn yes_no(value: bool) -> &'static str {
    if value {
        "yes"
    } else {
        "no"
    }
}

/// What the data knows about a service's endpoints in `region`.
fn service(catalog: &Catalog, pricing: Option<&Pricing>, name: &str, region: Option<&str>) -> String {
    let Some(service) = catalog.service(name) else {
        return format!("`{name}` is not a service with VPC endpoints in vpcec's data");
    };
    let known_region = region.and_then(|r| catalog.region(r));
    let mut text = format!("**{name}**: AWS service");
    if let Some(region) = known_region {
        let _ = write!(text, " in `{}`", region.name);
    }
    text.push_str("\n\n| | |\n|---|---|\n");
    let kinds = match (service.gateway, service.interface) {
        (true, true) => "gateway (free) and interface",
        (true, false) => "gateway (free)",
        (false, true) => "interface (PrivateLink)",
        (false, false) => "none",
    };
    let _ = writeln!(text, "| endpoints | {kinds} |");
    if let Some(region) = known_region {
        if service.gateway {
            let _ = writeln!(
                text,
                "| gateway endpoint | `{}` |",
                catalog.gateway_service_name(service, region)
            );
        }
        if service.interface {
            let _ = writeln!(
                text,
                "| interface endpoint | `{}` |",
                catalog.service_name(service, region)
            );
        }
    }
    let _ = writeln!(text, "| cross-region (interface) | {} |", yes_no(service.cross_region));
    let ports: Vec<String> = service.ports.iter().map(u16::to_string).collect();
    let _ = writeln!(text, "| ports | TCP {} |", ports.join(", "));
    let _ = writeln!(text, "| endpoint policy | {} |", yes_no(service.endpoint_policy));
    let _ = writeln!(text, "| private DNS | {} |", yes_no(service.private_dns));
    if let Some(namespace) = service.iam_namespace() {
        let _ = writeln!(text, "| IAM actions | `{namespace}:*` |");
    }
    if let Some(pricing) = pricing {
        let _ = writeln!(text, "| price | {} |", price(service, pricing));
    }
    text
}

fn price(service: &Service, pricing: &Pricing) -> String {
    let mut parts = Vec::new();
    if service.gateway {
        parts.push(format!("gateway USD {:.2}/hour", pricing.gateway_endpoint_hour_usd));
    }
    if service.interface {
        parts.push(format!(
            "interface USD {:.2} per zone-hour (USD {:.2} a month per zone) + USD {:.2}/GB",
            pricing.interface_endpoint_az_hour_usd,
            pricing.interface_endpoint_az_hour_usd * pricing.hours_per_month,
            pricing.interface_endpoint_gb_usd
        ));
    }
    format!("{} (us-east-1 list prices)", parts.join("; "))
}

/// What the data knows about a region.
fn region(catalog: &Catalog, name: &str) -> String {
    let Some(region) = catalog.region(name) else {
        return match catalog.suggest_region(name) {
            Some(close) => format!("`{name}` is not an AWS region; did you mean `{close}`?"),
            None => format!("`{name}` is not an AWS region"),
        };
    };
    let mut text = format!(
        "**{}**: AWS region in partition `{}`{}\n\n",
        region.name,
        region.partition.arn_segment(),
        if region.opt_in {
            " (opt-in: enable it in the account first)"
        } else {
            ""
        }
    );
    let _ = writeln!(text, "- zone names: {}", code_list(&region.zone_names));
    let _ = writeln!(text, "- zone ids: {}", code_list(&region.zone_ids));
    text
}

/// What the data knows about an availability zone.
fn zone(catalog: &Catalog, name: &str) -> String {
    match catalog.zone_region(name) {
        Some((region, ZoneForm::Name)) => format!(
            "**{name}**: zone name in `{}`. Zone names map to physical zones per account; \
             zone ids ({}) are the same in every account.",
            region.name,
            code_list(&region.zone_ids)
        ),
        Some((region, ZoneForm::Id)) => format!(
            "**{name}**: zone id in `{}`, the same physical zone in every account (zone names of the region: {}).",
            region.name,
            code_list(&region.zone_names)
        ),
        None => format!("`{name}` is no availability zone vpcec knows"),
    }
}

fn code_list(items: &[String]) -> String {
    if items.is_empty() {
        return "none known".to_string();
    }
    items.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
}
