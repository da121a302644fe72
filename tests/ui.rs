//! UI tests: every `tests/ui/CODE.vpce` is compiled as `vpcec build --target
//! cfn` would (parse, check, plan, CloudFormation emission), its human
//! diagnostics are snapshotted (one snapshot per file, named after it), and
//! the diagnostics must include CODE. Every code of the registry has a file.

use std::path::PathBuf;

use vpcec::aws::Catalog;
use vpcec::diagnostics::{self, render_human, Diagnostic, SourceFile};
use vpcec::driver::compile;
use vpcec::emit::cfn::{emit, TemplateFormat};
use vpcec::rules::RULES;

fn fixtures() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/ui");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "vpce"))
        .collect();
    files.sort();
    files
}

fn stem(path: &std::path::Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

/// The diagnostics `vpcec build --target cfn` would give for the file.
fn diagnose(file: &SourceFile) -> Vec<Diagnostic> {
    let catalog = Catalog::builtin().unwrap();
    let compilation = compile(file, catalog);
    let mut found = compilation.diagnostics;
    if let Some(plan) = &compilation.plan {
        if let Err(emitted) = emit(plan, TemplateFormat::Yaml) {
            found.extend(emitted);
        }
    }
    diagnostics::sort(&mut found);
    found
}

#[test]
fn every_fixture_reports_its_code() {
    let mut missing = Vec::new();
    for path in fixtures() {
        let code = stem(&path);
        let file = SourceFile {
            name: format!("tests/ui/{code}.vpce"),
            text: std::fs::read_to_string(&path).unwrap(),
        };
        let found = diagnose(&file);
        insta::assert_snapshot!(code.clone(), render_human(&file, &found, false));
        if !found.iter().any(|d| d.code.as_str() == code) {
            missing.push(code);
        }
    }
    assert!(
        missing.is_empty(),
        "fixtures that do not report their own code: {missing:?}"
    );
}

/// Codes no source file can produce: E123 reports a plan that breaks its own
/// invariants (a bug in vpcec). `tests/cfn_emit.rs` and the Terraform emitter's
/// tests produce it from hand-built broken plans instead.
const NOT_FROM_SOURCE: &[&str] = &["E123"];

#[test]
fn every_code_has_a_fixture() {
    let have: Vec<String> = fixtures().iter().map(|p| stem(p)).collect();
    let missing: Vec<&str> = RULES
        .iter()
        .map(|r| r.code.as_str())
        .filter(|c| !NOT_FROM_SOURCE.contains(c))
        .filter(|c| !have.iter().any(|h| h == c))
        .collect();
    assert!(missing.is_empty(), "codes without a tests/ui fixture: {missing:?}");
}
