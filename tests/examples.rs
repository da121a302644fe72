//! Every example compiles without errors, and its outputs for both targets
//! are pinned as snapshots (reviewed in pull requests like generated code).

use std::path::PathBuf;

use vpcec::aws::Catalog;
use vpcec::diagnostics::{render_human, SourceFile};
use vpcec::driver::compile;
use vpcec::emit::{cfn, tf};

fn examples() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "vpce"));
    files.sort();
    files
}

fn source(path: &std::path::Path) -> SourceFile {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let name = format!(
        "examples/{}",
        path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()
    );
    SourceFile { name, text }
}

fn stem(path: &std::path::Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The five seed labs the project was created from, each an example whose
/// header names it ("From seed 00N").
const SEED_LABS: [&str; 5] = ["000", "001", "002", "003", "004"];

#[test]
fn there_is_an_example_per_seed_lab() {
    let headers: Vec<String> = examples()
        .iter()
        .map(|path| std::fs::read_to_string(path).expect("example is readable"))
        .collect();
    for seed in SEED_LABS {
        let marker = format!("# From seed {seed},");
        assert!(
            headers.iter().any(|text| text.contains(&marker)),
            "no example says `{marker}`"
        );
    }
}

#[test]
fn every_example_builds_for_cloudformation() {
    let catalog = Catalog::builtin().expect("catalog");
    for path in examples() {
        let file = source(&path);
        let compilation = compile(&file, catalog);
        let warnings = render_human(&file, &compilation.diagnostics, false);
        let plan = compilation
            .plan
            .unwrap_or_else(|| panic!("{} does not compile:\n{warnings}", file.name));
        insta::assert_snapshot!(format!("{}.diagnostics", stem(&path)), warnings);
        let templates = cfn::emit(&plan, cfn::TemplateFormat::Yaml).unwrap_or_else(|d| panic!("{}: {d:?}", file.name));
        assert!(!templates.is_empty(), "{} produced no template", file.name);
        for template in templates {
            insta::assert_snapshot!(format!("{}.cfn.{}", stem(&path), template.name), template.content);
        }
    }
}

#[test]
fn every_example_builds_for_terraform() {
    let catalog = Catalog::builtin().expect("catalog");
    for path in examples() {
        let file = source(&path);
        let plan = compile(&file, catalog)
            .plan
            .unwrap_or_else(|| panic!("{} does not compile", file.name));
        let output = tf::emit(&plan).unwrap_or_else(|d| panic!("{}: {d:?}", file.name));
        insta::assert_snapshot!(format!("{}.tf", stem(&path)), output.content);
    }
}

#[test]
fn builds_are_byte_deterministic() {
    let catalog = Catalog::builtin().expect("catalog");
    for path in examples() {
        let file = source(&path);
        let first = compile(&file, catalog)
            .plan
            .map(|p| (cfn::emit(&p, cfn::TemplateFormat::Json), tf::emit(&p)));
        let second = compile(&file, catalog)
            .plan
            .map(|p| (cfn::emit(&p, cfn::TemplateFormat::Json), tf::emit(&p)));
        assert_eq!(first, second, "{}", file.name);
    }
}
