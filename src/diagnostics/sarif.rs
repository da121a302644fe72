//! SARIF 2.1.0 output for code-scanning tools.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use super::{Diagnostic, LineIndex, SourceFile};
use crate::rules::{Code, Severity};

/// The SARIF schema URI this output conforms to.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// A SARIF log with one run: the rules that were reported (in code order),
/// and the results of all files, each pointing at its rule by `ruleIndex`.
pub fn log(files: &[(SourceFile, Vec<Diagnostic>)]) -> Value {
    let reported: BTreeSet<Code> = files
        .iter()
        .flat_map(|(_, diagnostics)| diagnostics)
        .map(|d| d.code)
        .collect();
    let reported: Vec<Code> = reported.into_iter().collect();
    let rules: Vec<Value> = reported
        .iter()
        .map(|code| {
            let rule = code.rule();
            json!({
                "id": rule.code.as_str(),
                "name": rule.name,
                "shortDescription": { "text": rule.summary },
                "fullDescription": { "text": rule.summary },
                "help": { "text": rule.doc, "markdown": rule.doc },
                "defaultConfiguration": { "level": level(rule.severity) },
            })
        })
        .collect();
    let results: Vec<Value> = files
        .iter()
        .flat_map(|(file, diagnostics)| {
            let index = LineIndex::new(&file.text);
            let reported = &reported;
            diagnostics.iter().map(move |d| {
                // `reported` holds every code of `files`, sorted.
                let rule_index = reported.binary_search(&d.code).unwrap_or_default();
                result(file, &index, d, rule_index)
            })
        })
        .collect();
    // No `informationUri`: the tool has no public page to point at.
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "vpcec",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The file name as a SARIF `artifactLocation.uri`: a URI reference, so path
/// separators become `/` and every byte outside the unreserved and path
/// characters of RFC 3986 (spaces, `#`, `?`, `%`, `:`, non-ASCII) is
/// percent-encoded.
pub fn artifact_uri(name: &str) -> String {
    let mut uri = String::with_capacity(name.len());
    for byte in name.replace('\\', "/").bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@/".contains(&byte);
        if keep {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

fn result(file: &SourceFile, index: &LineIndex, d: &Diagnostic, rule_index: usize) -> Value {
    let at = |offset: usize| index.line_column(&file.text, offset);
    let span = d.position();
    let (start_line, start_column) = at(span.start);
    let (end_line, end_column) = at(span.end.max(span.start));
    let uri = artifact_uri(&file.name);
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<Value> = d
        .related
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let (line, column) = at(r.span.start);
            let (end_line, end_column) = at(r.span.end.max(r.span.start));
            json!({
                "id": i,
                "message": { "text": r.message },
                "physicalLocation": {
                    "artifactLocation": { "uri": uri },
                    "region": { "startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column },
                },
            })
        })
        .collect();
    let mut value = json!({
        "ruleId": d.code.as_str(),
        "ruleIndex": rule_index,
        "level": level(d.severity()),
        "message": { "text": message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": uri },
                "region": {
                    "startLine": start_line,
                    "startColumn": start_column,
                    "endLine": end_line,
                    "endColumn": end_column,
                },
            },
        }],
    });
    if !related.is_empty() {
        value["relatedLocations"] = Value::Array(related);
    }
    value
}

#[cfg(test)]
mod tests {
    use super::artifact_uri;

    #[test]
    fn artifact_uris_are_uri_references() {
        assert_eq!(artifact_uri("infra/prod.vpce"), "infra/prod.vpce");
        assert_eq!(artifact_uri("my infra/a#1?.vpce"), "my%20infra/a%231%3F.vpce");
        assert_eq!(artifact_uri("100%/c:d.vpce"), "100%25/c%3Ad.vpce");
        assert_eq!(artifact_uri("r\u{e9}seau\\x.vpce"), "r%C3%A9seau/x.vpce");
    }
}
