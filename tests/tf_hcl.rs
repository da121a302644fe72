//! Every generated Terraform file parses with HashiCorp's HCL parser
//! (@cdktf/hcl2json) and is exactly what `terraform fmt` prints.
//! The tools come from scripts/install-tools.sh; without them the tests fail
//! under CI and skip (with a note) locally.

mod support;
mod tf_support;

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
    for path in tf_support::examples() {
        if let Some(content) = tf_support::example_tf(&path) {
            let stem = path.file_stem().unwrap().to_string_lossy().to_string();
            files.push((format!("example_{stem}.tf"), content));
        }
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
    if !tf_support::hcl2json_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let paths = write_all(dir.path());
    let parsed = tf_support::hcl2json(&paths);
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
        tf_support::template_literal(vpc["tags"]["Name"].as_str().unwrap()).as_deref(),
        Ok(HOSTILE)
    );
    let group = &hostile["resource"]["aws_security_group"]["a_b_kms"][0];
    assert_eq!(
        tf_support::template_literal(group["description"].as_str().unwrap()).as_deref(),
        Ok(HOSTILE)
    );
    let rule = &hostile["resource"]["aws_vpc_security_group_ingress_rule"];
    let rule = rule.as_object().unwrap().values().next().unwrap();
    assert_eq!(
        tf_support::template_literal(rule[0]["description"].as_str().unwrap()).as_deref(),
        Ok(HOSTILE)
    );
}

#[test]
fn generated_files_are_terraform_fmt_clean() {
    let Some(terraform) = tf_support::terraform() else {
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
        "terraform fmt would change {:?}:\n{}{}",
        paths,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A template whose literal part ends in `$` right before an interpolation
/// evaluates, in Terraform itself, to that `$` followed by the value.
#[test]
fn templates_interpolate_after_a_literal_dollar() {
    use vpcec::emit::tf::hcl::{render, HclValue, TemplatePart};
    let Some(terraform) = tf_support::terraform() else {
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
