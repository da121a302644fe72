//! Reading generated Terraform with HashiCorp's own tools: the HCL parser
//! (node + @cdktf/hcl2json) and `terraform`.

use std::path::PathBuf;
use std::process::Command;

use super::root;
use super::tools::Needs;

/// Whether the parser package (and node) is installed; see [`Needs::ready`].
pub fn hcl2json_available() -> bool {
    Needs::new("parsing HCL").node_package("@cdktf/hcl2json").ready()
}

/// Parses HCL files with HashiCorp's parser; returns one JSON value per file.
pub fn hcl2json(files: &[PathBuf]) -> Vec<serde_json::Value> {
    let output = Command::new("node")
        .arg(root().join("tests/support/hcl2json.mjs"))
        .args(files)
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "hcl2json failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let all: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    all.as_array().unwrap().clone()
}

/// `terraform`, if installed; see [`Needs::ready`].
pub fn terraform() -> Option<PathBuf> {
    Needs::new("`terraform fmt`").venv_bin("terraform")
}

/// Undoes hcl2json's JSON-syntax escaping of literal strings; a bare `${` or
/// `%{` in its output means the value was read as a template.
pub fn template_literal(text: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("$${") || rest.starts_with("%%{") {
            out.push(c);
            out.push('{');
            rest = &rest[3..];
        } else if rest.starts_with("${") || rest.starts_with("%{") {
            return Err(format!("interpolation in `{text}`"));
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    Ok(out)
}
