//! `vpcec reach`, `graph` and `cost`, run as a user would, on every example:
//! the JSON shapes the contract promises, and snapshots of the text forms.
//! And `reach` against an independent evaluator of the generated templates
//! (tests/evaluator, Python): its matrix must equal `reach --format json` row
//! for row, on both targets, and it answers named questions about access.

use crate::support;
use crate::support::tools::{self, Needs};

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn vpcec(args: &[&str]) -> (i32, String) {
    let output = support::cli::vpcec(args);
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

fn examples() -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/examples"))
        .expect("examples/")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".vpce"))
        .map(|n| format!("examples/{n}"))
        .collect();
    found.sort();
    found
}

#[test]
fn reach_json_has_the_contract_fields_for_every_example() {
    for example in examples() {
        let (status, stdout) = vpcec(&["reach", &example, "--format", "json"]);
        assert_eq!(status, 0, "{example}");
        let rows: Value = serde_json::from_str(&stdout).expect("json");
        let rows = rows.as_array().expect("an array");
        assert!(!rows.is_empty(), "{example}");
        for row in rows {
            assert!(row["subnet"].is_string() && row["target"].is_string(), "{row}");
            assert!(row["reachable"].is_boolean() && row["reason"].is_string(), "{row}");
            let via = &row["via"];
            let allowed = ["gateway", "interface", "nat", "internet"];
            assert!(
                via.is_null() || allowed.contains(&via.as_str().unwrap_or_default()),
                "{row}"
            );
        }
        let name = example.trim_start_matches("examples/").trim_end_matches(".vpce");
        insta::assert_snapshot!(format!("reach-{name}"), vpcec(&["reach", &example]).1);
    }
}

#[test]
fn reach_explains_a_bucket_the_endpoint_policy_keeps_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("scoped.vpce");
    std::fs::write(
        &file,
        "region eu-west-1;\nvpc v cidr 10.0.0.0/16;\nsubnet a cidr 10.0.1.0/24 az eu-west-1a;\n\
         bucket allowed-bucket-1;\nbucket other-bucket-1;\nsubnet a reaches bucket allowed-bucket-1 via gateway;\n",
    )
    .expect("write");
    let (status, stdout) = vpcec(&["reach", &file.to_string_lossy(), "--format", "json"]);
    assert_eq!(status, 0);
    let rows: Value = serde_json::from_str(&stdout).expect("json");
    let other = rows
        .as_array()
        .and_then(|r| r.iter().find(|row| row["target"] == "bucket other-bucket-1"))
        .expect("a row for the other bucket");
    assert_eq!(other["reachable"], false);
    assert_eq!(other["via"], "gateway");
    assert!(
        other["reason"]
            .as_str()
            .unwrap_or_default()
            .contains("does not allow it"),
        "{other}"
    );
}

#[test]
fn cost_json_totals_the_items() {
    for example in examples() {
        let (status, stdout) = vpcec(&["cost", &example, "--format", "json", "--gb-per-month", "100"]);
        assert_eq!(status, 0, "{example}");
        let report: Value = serde_json::from_str(&stdout).expect("json");
        let total = report["monthly_usd"].as_f64().expect("monthly_usd is a number");
        let sum: f64 = report["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter_map(|i| i["monthly_usd"].as_f64())
            .sum();
        assert!((total - sum).abs() < 0.011, "{example}: {total} vs {sum}");
    }
    // Two interface endpoints in three zones, no NAT: 2 x 3 x 730 h x 0.01 + 2 x 10 GB x 0.01.
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("c.vpce");
    std::fs::write(
        &file,
        "region eu-west-1;\nvpc v cidr 10.0.0.0/16;\nsubnet a cidr 10.0.1.0/24 az eu-west-1a;\n\
         subnet b cidr 10.0.2.0/24 az eu-west-1b;\nsubnet c cidr 10.0.3.0/24 az eu-west-1c;\n\
         subnet a, b, c reaches kms, sts via interface;\nsubnet a reaches s3 via gateway;\n",
    )
    .expect("write");
    let (_, stdout) = vpcec(&[
        "cost",
        &file.to_string_lossy(),
        "--format",
        "json",
        "--gb-per-month",
        "10",
    ]);
    let report: Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(report["monthly_usd"].as_f64(), Some(44.0));
}

#[test]
fn graphs_are_stable() {
    let (status, mermaid) = vpcec(&["graph", "examples/nat-egress.vpce", "--format", "mermaid"]);
    assert_eq!(status, 0);
    assert!(mermaid.starts_with("flowchart LR\n"));
    insta::assert_snapshot!("graph-nat-egress-mermaid", mermaid);
    let (status, dot) = vpcec(&["graph", "examples/privatelink-service.vpce", "--format", "dot"]);
    assert_eq!(status, 0);
    assert!(dot.starts_with("digraph vpcec {") && dot.ends_with("}\n"));
    insta::assert_snapshot!("graph-privatelink-service-dot", dot);
}

#[test]
fn reports_refuse_a_file_with_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("bad.vpce");
    std::fs::write(&file, "region eu-west-1;\nvpc v cidr 10.0.0.0/16;\nsubnet a cidr 10.0.1.0/24 az eu-west-1a;\nsubnet a reaches kms via gateway;\n")
        .expect("write");
    for command in ["reach", "cost"] {
        let (status, stdout) = vpcec(&[command, &file.to_string_lossy()]);
        assert_eq!(status, 1, "{command}");
        assert!(stdout.is_empty(), "{command} printed a report for a broken file");
    }
}

/// The evaluator's Python (with cfn-lint) when every outside tool it needs is
/// installed: `.tools/venv`, `.tools/node` (@cdktf/hcl2json) and `node`.
fn evaluator_python() -> Option<PathBuf> {
    Needs::new("the evaluator")
        .file("venv/bin/cfn-lint")
        .node_package("@cdktf/hcl2json")
        .python()
}

/// Runs `tests/evaluator/run.py ARGS` with the built binary; (success, stdout and stderr).
fn run_evaluator(python: &Path, args: &[&str]) -> (bool, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    tools::run_captured(
        Command::new(python)
            .arg(root.join("tests/evaluator/run.py"))
            .arg("--vpcec")
            .arg(env!("CARGO_BIN_EXE_vpcec"))
            .args(args)
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .current_dir(root),
    )
}

/// Every example, every fixture that builds and 500 generated programs (seed
/// from `VPCEC_EVAL_SEED`, else a fresh one, printed): the evaluator's matrix
/// from the CloudFormation, its matrix from the Terraform and `vpcec reach
/// --format json` agree row for row. `VPCEC_EVAL_PROGRAMS` changes the count.
#[test]
fn evaluator_matrix_equals_reach_on_every_program() {
    let Some(python) = evaluator_python() else {
        return;
    };
    let count = std::env::var("VPCEC_EVAL_PROGRAMS").unwrap_or_else(|_| "500".to_string());
    let (ok, report) = run_evaluator(&python, &["--generated", &count]);
    eprintln!("{report}");
    assert!(ok, "the evaluator disagrees with `vpcec reach` (report above)");
    assert!(report.contains(" programs built ("), "no summary line: {report}");
}

/// The admin and the deployer keep management access, a principal outside
/// the endpoints cannot read guarded data, and a subnet left out of an intent
/// with private DNS on gets the endpoint (tests/evaluator/questions.py).
#[test]
fn evaluator_answers_the_named_questions() {
    let Some(python) = evaluator_python() else {
        return;
    };
    let (ok, report) = run_evaluator(&python, &["--questions"]);
    eprintln!("{report}");
    assert!(ok, "a named question is answered wrongly (report above)");
    assert!(report.contains("evaluator self-test:"), "no self-test line: {report}");
}
