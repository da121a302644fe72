//! The examples and the outside tools (node + @cdktf/hcl2json, terraform).

use std::path::{Path, PathBuf};
use std::process::Command;

/// The root of the checkout.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `examples/*.vpce`, sorted.
pub fn examples() -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .map(|entries| entries.filter_map(Result::ok).map(|entry| entry.path()).collect())
        .unwrap_or_default();
    found.retain(|path| path.extension().is_some_and(|ext| ext == "vpce"));
    found.sort();
    found
}

/// The programs of `tests/fixtures/deploy/` (deployment concerns), sorted.
pub fn deploy_fixtures() -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(root().join("tests/fixtures/deploy"))
        .map(|entries| entries.filter_map(Result::ok).map(|entry| entry.path()).collect())
        .unwrap_or_default();
    found.retain(|path| path.extension().is_some_and(|ext| ext == "vpce"));
    found.sort();
    found
}

/// Compiles a program of the checkout and emits its Terraform; `None` when
/// the file has errors (examples of diagnostics).
pub fn example_tf(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).unwrap();
    // Named as a user would type it in the checkout, so snapshots do not depend on where it is.
    let name = path.strip_prefix(root()).unwrap_or(path).display().to_string();
    let file = vpcec::diagnostics::SourceFile { name, text };
    let catalog = vpcec::aws::Catalog::builtin().unwrap();
    let compilation = vpcec::driver::compile(&file, catalog);
    let plan = compilation.plan?;
    Some(vpcec::emit::tf::emit(&plan).unwrap().content)
}

/// Whether a tool is there; when it is not, fails under CI and skips (with a note) locally.
pub fn tool_available(path: &Path, what: &str) -> bool {
    if path.exists() {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!("{what} is missing at {} (run scripts/install-tools.sh)", path.display());
    }
    eprintln!(
        "note: skipping, {what} is missing at {} (run scripts/install-tools.sh)",
        path.display()
    );
    false
}

/// The parser package, if installed.
pub fn hcl2json_available() -> bool {
    tool_available(
        &root().join(".tools/node/node_modules/@cdktf/hcl2json/package.json"),
        "@cdktf/hcl2json",
    )
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

/// `terraform`, if installed.
pub fn terraform() -> Option<PathBuf> {
    let path = root().join(".tools/venv/bin/terraform");
    tool_available(&path, "terraform").then_some(path)
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
