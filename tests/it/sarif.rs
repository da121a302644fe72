//! `vpcec check --format sarif` against the official SARIF 2.1.0 schema
//! (tests/schemas/sarif-schema-2.1.0.json, see tests/schemas/README.md),
//! validated by the `jsonschema` package of `.tools/venv`; plus what code
//! scanning needs beyond the schema: rule docs, rule ids and indexes, levels,
//! and regions that match the JSON format's line and column.
//!
//! Without the tool the schema tests fail when `CI` is set, and are skipped
//! with a note otherwise; the other assertions always run.

use crate::support;
use crate::support::tools::Needs;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// Validates a SARIF log read from stdin against the schema given as argv[1];
/// prints every error and exits 1 when there is one.
const VALIDATE: &str = r#"
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1], encoding="utf-8"))
assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema", schema["$schema"]
validator = jsonschema.Draft202012Validator(
    schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
errors = sorted(validator.iter_errors(json.load(sys.stdin)), key=lambda e: list(e.path))
for error in errors:
    print("/".join(str(p) for p in error.path), ":", error.message)
sys.exit(1 if errors else 0)
"#;

/// `.tools/venv`'s Python with `jsonschema`, when installed.
fn python() -> Option<PathBuf> {
    Needs::new("SARIF schema validation")
        .python_modules(&["jsonschema"])
        .python()
}

/// Whether the schema accepts `log`, with the validator's complaints.
fn validate(python: &Path, log: &str) -> (bool, String) {
    let schema = Path::new(MANIFEST_DIR).join("tests/schemas/sarif-schema-2.1.0.json");
    let mut child = Command::new(python)
        .args(["-c", VALIDATE])
        .arg(schema)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(log.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("Traceback") || stderr.contains("SystemExit"),
        "the validator crashed: {stderr}"
    );
    (
        output.status.success(),
        format!("{}{stderr}", String::from_utf8_lossy(&output.stdout)),
    )
}

/// Every `.vpce` file directly in `dir` (relative to the manifest), sorted.
fn vpce_files(dir: &str) -> Vec<String> {
    let mut files: Vec<String> = fs::read_dir(Path::new(MANIFEST_DIR).join(dir))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".vpce"))
        .map(|name| format!("{dir}/{name}"))
        .collect();
    files.sort();
    files
}

/// Runs `check` on `files` in `dir` as SARIF and as JSON; returns both (and
/// checks they agree on the exit status).
fn sarif_and_json(files: &[String], dir: &Path) -> (String, Value, Vec<Value>) {
    let mut args = vec!["check", "--format", "sarif"];
    args.extend(files.iter().map(String::as_str));
    let sarif = support::cli::vpcec_in(dir, &args);
    args[2] = "json";
    let json = support::cli::vpcec_in(dir, &args);
    assert_eq!(sarif.status.code(), json.status.code());
    assert!(matches!(sarif.status.code(), Some(0 | 1)), "{sarif:?}");
    let text = String::from_utf8(sarif.stdout).unwrap();
    let log: Value = serde_json::from_str(&text).unwrap();
    let diagnostics: Vec<Value> = serde_json::from_slice(&json.stdout).unwrap();
    (text, log, diagnostics)
}

/// The checks beyond the schema: rules and their docs, and each result
/// against the JSON diagnostic at the same position.
fn assert_code_scanning_ready(log: &Value, diagnostics: &[Value]) {
    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "vpcec");
    let rules = driver["rules"].as_array().unwrap();

    let docs_dir = Path::new(MANIFEST_DIR).join("src/rules/docs");
    let mut documented: Vec<String> = fs::read_dir(&docs_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|name| name.strip_suffix(".md").map(str::to_string))
        .collect();
    documented.sort();
    assert!(
        driver.get("informationUri").is_none(),
        "no informationUri: vpcec has no public page to point at"
    );
    let ids: Vec<String> = rules.iter().map(|r| r["id"].as_str().unwrap().to_string()).collect();
    let mut reported: Vec<String> = diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    reported.sort();
    reported.dedup();
    assert_eq!(ids, reported, "one SARIF rule per reported code, in code order");
    for id in &ids {
        assert!(documented.contains(id), "{id} has no doc");
    }
    for rule in rules {
        let id = rule["id"].as_str().unwrap();
        let doc = fs::read_to_string(docs_dir.join(format!("{id}.md"))).unwrap();
        assert_eq!(rule["help"]["text"], doc.as_str(), "{id}: help is the rule's doc");
        assert_eq!(rule["help"]["markdown"], doc.as_str(), "{id}");
        assert!(!rule["shortDescription"]["text"].as_str().unwrap().is_empty(), "{id}");
        assert!(!rule["name"].as_str().unwrap().is_empty(), "{id}");
        let level = if id.starts_with('E') { "error" } else { "warning" };
        assert_eq!(rule["defaultConfiguration"]["level"], level, "{id}");
    }

    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), diagnostics.len(), "one result per JSON diagnostic");
    for (result, diagnostic) in results.iter().zip(diagnostics) {
        let id = result["ruleId"].as_str().unwrap();
        assert_eq!(id, diagnostic["code"].as_str().unwrap());
        assert_eq!(result["level"], diagnostic["severity"], "{id}");
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], id, "ruleIndex points at the rule");
        let message = result["message"]["text"].as_str().unwrap();
        assert!(
            message.starts_with(diagnostic["message"].as_str().unwrap()),
            "{message}"
        );
        let location = &result["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().unwrap();
        assert!(
            uri.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@/%".contains(&b)),
            "`{uri}` is not a URI reference"
        );
        let region = &location["region"];
        assert_eq!(region["startLine"], diagnostic["line"], "{id} in {uri}");
        assert_eq!(region["startColumn"], diagnostic["column"], "{id} in {uri}");
        assert_eq!(region["endLine"], diagnostic["end_line"], "{id} in {uri}");
        assert_eq!(region["endColumn"], diagnostic["end_column"], "{id} in {uri}");
    }
}

#[test]
fn ui_fixtures_and_examples_give_valid_sarif() {
    let mut files = vpce_files("tests/ui");
    files.extend(vpce_files("examples"));
    assert!(files.len() >= 30, "{files:?}");
    let (text, log, diagnostics) = sarif_and_json(&files, Path::new(MANIFEST_DIR));
    assert_code_scanning_ready(&log, &diagnostics);

    // Every fixture named after a code reports that code, except the codes
    // only a build for one target reports (E120: CloudFormation limits; E126:
    // CloudFormation templates with no deployment order).
    let results = log["runs"][0]["results"].as_array().unwrap();
    let silent: Vec<String> = vpce_files("tests/ui")
        .into_iter()
        .filter(|file| {
            // `E117-region.vpce` is a second fixture of E117.
            let stem = file.trim_start_matches("tests/ui/").trim_end_matches(".vpce");
            let code = stem.split('-').next().unwrap_or(stem);
            !results.iter().any(|r| {
                r["ruleId"] == code && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == file.as_str()
            })
        })
        .collect();
    assert_eq!(silent, ["tests/ui/E120.vpce", "tests/ui/E126.vpce"]);

    let Some(python) = python() else { return };
    let (valid, complaints) = validate(&python, &text);
    assert!(valid, "the SARIF log breaks the schema:\n{complaints}");
}

#[test]
fn awkward_file_names_give_valid_sarif() {
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join("my infra/réseau #1");
    fs::create_dir_all(&nested).unwrap();
    fs::copy(
        Path::new(MANIFEST_DIR).join("tests/ui/W201.vpce"),
        nested.join("deny 100%.vpce"),
    )
    .unwrap();
    fs::copy(
        Path::new(MANIFEST_DIR).join("tests/ui/E003.vpce"),
        dir.path().join("dup.vpce"),
    )
    .unwrap();
    let (text, log, diagnostics) = sarif_and_json(&[".".to_string()], dir.path());
    assert_code_scanning_ready(&log, &diagnostics);
    let uris: Vec<&str> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(uris.contains(&"./dup.vpce"), "{uris:?}");
    assert!(
        uris.contains(&"./my%20infra/r%C3%A9seau%20%231/deny%20100%25.vpce"),
        "{uris:?}"
    );

    let Some(python) = python() else { return };
    let (valid, complaints) = validate(&python, &text);
    assert!(valid, "the SARIF log breaks the schema:\n{complaints}");
}

#[test]
fn a_clean_file_gives_a_run_with_no_results() {
    let files = vec!["examples/s3-gateway.vpce".to_string()];
    let (text, log, diagnostics) = sarif_and_json(&files, Path::new(MANIFEST_DIR));
    assert!(diagnostics.is_empty());
    assert_eq!(log["runs"][0]["results"], Value::Array(Vec::new()));
    let Some(python) = python() else { return };
    let (valid, complaints) = validate(&python, &text);
    assert!(valid, "{complaints}");
}

/// The validator is not a rubber stamp: a log the schema forbids is refused.
#[test]
fn the_validator_rejects_invalid_sarif() {
    let Some(python) = python() else { return };
    let files = vec!["tests/ui/E101.vpce".to_string()];
    let (_, mut log, _) = sarif_and_json(&files, Path::new(MANIFEST_DIR));
    log["runs"][0]["results"][0]["level"] = Value::from("fatal");
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = Value::from(0);
    let (valid, complaints) = validate(&python, &log.to_string());
    assert!(!valid);
    assert!(complaints.contains("'fatal' is not one of"), "{complaints}");
    assert!(complaints.contains("0 is less than the minimum of 1"), "{complaints}");
}
