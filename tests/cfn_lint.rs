//! Runs cfn-lint on emitted templates: those of the hand-built plans, and
//! those of every `examples/*.vpce`. Error findings (E codes) fail the test;
//! warnings are printed. Also checks that a YAML 1.1 reader (PyYAML, as
//! CloudFormation reads YAML 1.1) reads the YAML templates as their JSON twins.
//!
//! The tools come from `.tools/` (scripts/install-tools.sh). When they are
//! missing the tests fail if `CI` is set, and otherwise skip with a note.

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use vpcec::aws::Catalog;
use vpcec::diagnostics::SourceFile;
use vpcec::emit::cfn::{emit, TemplateFormat};
use vpcec::emit::OutputFile;
use vpcec::plan::model::Plan;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The tool at `relative` under `.tools/`, or `None` (after a note) when it
/// is missing outside CI. Inside CI a missing tool fails the test.
fn tool(relative: &str) -> Option<PathBuf> {
    let path = manifest_dir().join(".tools").join(relative);
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{} is missing; run scripts/install-tools.sh",
        path.display()
    );
    eprintln!(
        "note: skipping, {} is missing (run scripts/install-tools.sh)",
        path.display()
    );
    None
}

fn templates(plan: &Plan, format: TemplateFormat) -> Vec<OutputFile> {
    emit(plan, format).unwrap_or_else(|d| panic!("`{}` does not emit: {d:#?}", plan.source_name))
}

/// Writes the files into `dir` and returns their paths.
fn write_all(dir: &Path, files: &[OutputFile]) -> Vec<PathBuf> {
    files
        .iter()
        .map(|file| {
            let path = dir.join(&file.name);
            assert!(!path.exists(), "two templates named {}", file.name);
            fs::write(&path, &file.content).unwrap();
            path
        })
        .collect()
}

/// Runs cfn-lint on the files; panics on any error-level finding.
fn lint(cfn_lint: &Path, files: &[PathBuf]) {
    assert!(!files.is_empty(), "nothing to lint");
    let output = Command::new(cfn_lint)
        .arg("--format")
        .arg("parseable")
        .args(files)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    // parseable: FILE:LINE:COL:END_LINE:END_COL:CODE:MESSAGE
    let errors: Vec<&str> = stdout
        .lines()
        .filter(|line| line.split(':').nth(5).is_some_and(|code| code.starts_with('E')))
        .collect();
    let warnings: Vec<&str> = stdout.lines().filter(|line| !errors.contains(line)).collect();
    for line in warnings.iter().take(10) {
        eprintln!("cfn-lint: {line}");
    }
    if warnings.len() > 10 {
        eprintln!("cfn-lint: ... and {} more warnings", warnings.len() - 10);
    }
    // Exit status bits: 2 errors, 4 warnings, 8 informational; anything else is a failure to run.
    let status = output.status.code().unwrap_or(-1);
    let ran = status >= 0 && status & !(2 | 4 | 8) == 0;
    assert!(
        ran && errors.is_empty(),
        "cfn-lint exit {status}, errors:\n{}\n{stderr}",
        errors.join("\n")
    );
    eprintln!("cfn-lint: {} templates, no errors", files.len());
}

fn hand_built_plans() -> Vec<Plan> {
    vec![
        support::plans::full_plan(),
        support::plans::yaml_1_1_names_plan(),
        support::plans::many_subnets(166),
    ]
}

#[test]
fn hand_built_plans_pass_cfn_lint() {
    let Some(cfn_lint) = tool("venv/bin/cfn-lint") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for plan in hand_built_plans() {
        for format in [TemplateFormat::Yaml, TemplateFormat::Json] {
            paths.extend(write_all(dir.path(), &templates(&plan, format)));
        }
    }
    lint(&cfn_lint, &paths);
}

/// The `.vpce` files directly under `dir` (from the checkout's root), sorted.
fn vpce_files(dir: &str) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(manifest_dir().join(dir)) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "vpce"))
        .collect();
    found.sort();
    found
}

/// Every example, then the programs of `tests/fixtures/deploy/` (cross-region
/// cycles and dependencies between endpoints).
fn examples() -> Vec<PathBuf> {
    let mut found = vpce_files("examples");
    found.extend(vpce_files("tests/fixtures/deploy"));
    found
}

#[test]
fn examples_pass_cfn_lint() {
    let examples = examples();
    if examples.is_empty() {
        eprintln!("note: no examples/*.vpce yet; nothing to lint");
        return;
    }
    let Some(cfn_lint) = tool("venv/bin/cfn-lint") else {
        return;
    };
    let catalog = Catalog::builtin().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for example in &examples {
        let name = example
            .strip_prefix(manifest_dir())
            .unwrap_or(example)
            .display()
            .to_string();
        let file = SourceFile {
            name: name.clone(),
            text: fs::read_to_string(example).unwrap(),
        };
        let compilation = vpcec::driver::compile(&file, catalog);
        let plan = compilation
            .plan
            .unwrap_or_else(|| panic!("{name} does not compile: {:#?}", compilation.diagnostics));
        let files = templates(&plan, TemplateFormat::Yaml);
        assert!(!files.is_empty(), "{name} gives no template");
        paths.extend(write_all(dir.path(), &files));
    }
    assert!(
        paths.len() >= examples.len(),
        "every example gives at least one template"
    );
    lint(&cfn_lint, &paths);
}

#[test]
fn yaml_1_1_reads_the_yaml_templates_as_their_json_twins() {
    let Some(python) = tool("venv/bin/python") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut pairs = Vec::new();
    for plan in hand_built_plans() {
        let yaml = write_all(dir.path(), &templates(&plan, TemplateFormat::Yaml));
        let json: Vec<OutputFile> = templates(&plan, TemplateFormat::Json)
            .into_iter()
            // Parameter descriptions name the other template, whose extension differs.
            .map(|f| OutputFile {
                content: f.content.replace(".json (output", ".yaml (output"),
                ..f
            })
            .collect();
        pairs.extend(yaml.into_iter().zip(write_all(dir.path(), &json)));
    }
    let script = "import sys, json, yaml\n\
        bad = [y for y, j in zip(sys.argv[1::2], sys.argv[2::2])\n\
               if yaml.safe_load(open(y)) != json.load(open(j))]\n\
        print('\\n'.join(bad)); sys.exit(1 if bad else 0)\n";
    let args = pairs.iter().flat_map(|(y, j)| [y.clone(), j.clone()]);
    let output = Command::new(python).arg("-c").arg(script).args(args).output().unwrap();
    assert!(
        output.status.success(),
        "PyYAML reads these differently from their JSON:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
