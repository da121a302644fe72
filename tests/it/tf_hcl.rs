//! Every generated Terraform file parses with HashiCorp's HCL parser
//! (@cdktf/hcl2json) and is exactly what `terraform fmt` prints.
//! The tools come from scripts/install-tools.sh; without them the tests fail
//! under CI and skip (with a note) locally.

use crate::support;

use std::path::PathBuf;
use std::process::Command;

/// Every file under test: the hand-built plans and the examples that compile.
fn generated() -> Vec<(String, String)> {
    let mut files = vec![
        (
            "full.tf".to_string(),
            vpcec::emit::tf::emit(&support::plans::full_plan_for_terraform())
                .unwrap()
                .content,
        ),
        (
            "hostile.tf".to_string(),
            vpcec::emit::tf::emit(&support::plans::hostile_plan(HOSTILE))
                .unwrap()
                .content,
        ),
    ];
    for path in support::programs::examples() {
        if let Some(content) = support::programs::example_tf(&path) {
            let stem = path.file_stem().unwrap().to_string_lossy().to_string();
            files.push((format!("example_{stem}.tf"), content));
        }
    }
    // The deployment fixtures, and the loop of endpoint services that only
    // CloudFormation cannot order (E126).
    let loop_of_services = support::root().join("tests/ui/E126.vpce");
    for path in support::programs::deploy_fixtures()
        .into_iter()
        .chain([loop_of_services])
    {
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let content = support::programs::example_tf(&path).unwrap_or_else(|| panic!("{stem} does not compile"));
        files.push((format!("fixture_{stem}.tf"), content));
    }
    files
}

const HOSTILE: &str = "q\"b\\s ${x} %{y} $${z} %%{w}\nline\r\ttab é 中 😀 \u{1}\u{7f}\u{202e}$";

fn write_all(dir: &std::path::Path) -> Vec<PathBuf> {
    generated()
        .into_iter()
        .map(|(name, content)| {
            let path = dir.join(name);
            std::fs::write(&path, content).unwrap();
            path
        })
        .collect()
}

#[test]
fn generated_files_parse_with_hcl2json() {
    if !support::terraform::hcl2json_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let paths = write_all(dir.path());
    let parsed = support::terraform::hcl2json(&paths);
    assert_eq!(parsed.len(), paths.len());
    for body in &parsed {
        let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
        assert!(
            keys.iter()
                .all(|k| ["terraform", "provider", "data", "resource", "output"].contains(&k.as_str())),
            "{keys:?}"
        );
        assert!(body.get("terraform").is_some() && body.get("provider").is_some());
    }
    // The header comment names the source file without breaking out of the comment,
    // and the hostile text comes back as the same value wherever it was written.
    let hostile = &parsed[1];
    let vpc = &hostile["resource"]["aws_vpc"]["a_b"][0];
    assert_eq!(
        support::terraform::template_literal(vpc["tags"]["Name"].as_str().unwrap()).as_deref(),
        Ok(HOSTILE)
    );
    let group = &hostile["resource"]["aws_security_group"]["a_b_kms"][0];
    assert_eq!(
        support::terraform::template_literal(group["description"].as_str().unwrap()).as_deref(),
        Ok(HOSTILE)
    );
    let rule = &hostile["resource"]["aws_vpc_security_group_ingress_rule"];
    let rule = rule.as_object().unwrap().values().next().unwrap();
    assert_eq!(
        support::terraform::template_literal(rule[0]["description"].as_str().unwrap()).as_deref(),
        Ok(HOSTILE)
    );
}

#[test]
fn generated_files_are_terraform_fmt_clean() {
    let Some(terraform) = support::terraform::terraform() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let paths = write_all(dir.path());
    let output = Command::new(terraform)
        .args(["fmt", "-check", "-diff", "-no-color", "-list=true"])
        .arg(dir.path())
        .env("CHECKPOINT_DISABLE", "1")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "terraform fmt would change {:?}:\n{}",
        paths,
        support::tools::captured(&output)
    );
}

/// A template whose literal part ends in `$` right before an interpolation
/// evaluates, in Terraform itself, to that `$` followed by the value.
#[test]
fn templates_interpolate_after_a_literal_dollar() {
    use vpcec::emit::tf::hcl::{render, HclValue, TemplatePart};
    let Some(terraform) = support::terraform::terraform() else {
        return;
    };
    let template = HclValue::template(vec![
        TemplatePart::Lit("a$".into()),
        TemplatePart::Ref(vec!["local".into(), "b".into()]),
        TemplatePart::Lit("%${c} \"q\"".into()),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let source = format!("locals {{\n  b = \"X\"\n  x = {}\n}}\n", render(&template).unwrap());
    std::fs::write(dir.path().join("main.tf"), source).unwrap();
    let mut child = Command::new(terraform)
        .arg("console")
        .current_dir(dir.path())
        .env("CHECKPOINT_DISABLE", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    child.stdin.take().unwrap().write_all(b"jsonencode(local.x)\n").unwrap();
    let output = child.wait_with_output().unwrap();
    let printed = String::from_utf8_lossy(&output.stdout);
    let json: String = serde_json::from_str(printed.trim()).unwrap();
    assert_eq!(json, "\"a$X%${c} \\\"q\\\"\"");
}

/// The `aws_TYPE.NAME` references in every string below `value`.
fn references(value: &serde_json::Value, out: &mut std::collections::BTreeSet<(String, String)>) {
    match value {
        serde_json::Value::String(text) => {
            let ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
            let mut rest = text.as_str();
            while let Some(start) = rest.find("aws_") {
                let after = &rest[start..];
                let kind_end = after
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(after.len());
                let (kind, tail) = after.split_at(kind_end);
                if let Some(name_part) = tail.strip_prefix('.') {
                    let name_end = name_part.find(|c: char| !ident(c)).unwrap_or(name_part.len());
                    out.insert((kind.to_string(), name_part[..name_end].to_string()));
                }
                rest = &after[kind_end..];
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|item| references(item, out)),
        serde_json::Value::Object(fields) => fields.values().for_each(|field| references(field, out)),
        _ => {}
    }
}

/// Terraform orders the resources of its one file by their references, and
/// fails on a cycle; the references between resources, across regions too,
/// form none, in every generated file: even where the CloudFormation
/// templates of two regions need each other's ids (tests/fixtures/deploy),
/// and where they cannot be ordered at all (E126).
#[test]
fn resource_references_form_no_cycle() {
    use std::collections::{BTreeMap, BTreeSet};
    if !support::terraform::hcl2json_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let paths = write_all(dir.path());
    let parsed = support::terraform::hcl2json(&paths);
    for (path, body) in paths.iter().zip(&parsed) {
        let mut needs: BTreeMap<(String, String), BTreeSet<(String, String)>> = BTreeMap::new();
        for (kind, blocks) in body["resource"].as_object().into_iter().flatten() {
            for (name, block) in blocks.as_object().into_iter().flatten() {
                let mut found = BTreeSet::new();
                references(block, &mut found);
                needs.insert((kind.clone(), name.clone()), found);
            }
        }
        let nodes: BTreeSet<(String, String)> = needs.keys().cloned().collect();
        for found in needs.values_mut() {
            found.retain(|node| nodes.contains(node));
        }
        // Kahn: remove resources whose references are all removed; what is left lies on or behind a cycle.
        let mut left = needs.clone();
        loop {
            let ready: Vec<(String, String)> = left
                .iter()
                .filter(|(_, wanted)| wanted.iter().all(|w| !left.contains_key(w)))
                .map(|(node, _)| node.clone())
                .collect();
            if ready.is_empty() {
                break;
            }
            for node in ready {
                left.remove(&node);
            }
        }
        assert!(
            left.is_empty(),
            "{}: references form a cycle among {:?}",
            path.display(),
            left.keys()
        );
        let total_references: usize = needs.values().map(BTreeSet::len).sum();
        assert!(
            total_references > 0,
            "{}: no reference found; the scan is broken",
            path.display()
        );
    }
    let cycle_fixture = paths
        .iter()
        .position(|p| p.ends_with("fixture_cross-region-cycle.tf"))
        .expect("the cycle fixture is among the files");
    let mut found = BTreeSet::new();
    references(&parsed[cycle_fixture]["resource"]["aws_s3_bucket_policy"], &mut found);
    assert!(
        found.iter().any(|(kind, _)| kind == "aws_vpc_endpoint"),
        "the bucket policies refer to the endpoints directly: {found:?}"
    );
}
