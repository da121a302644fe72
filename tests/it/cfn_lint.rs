//! Runs cfn-lint on emitted templates: those of the hand-built plans, and
//! those of every `examples/*.vpce`. Error findings (E codes) fail the test;
//! warnings are printed. Also checks that a YAML 1.1 reader (PyYAML, as
//! CloudFormation reads YAML 1.1) reads the YAML templates as their JSON twins.
//!
//! The tools come from `.tools/` (scripts/install-tools.sh); a missing one is
//! handled by `support::tools` (fail under CI, skip with a note locally).

use crate::support;
use crate::support::programs;
use crate::support::tools::{self, Needs};

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use vpcec::aws::Catalog;
use vpcec::diagnostics::SourceFile;
use vpcec::emit::cfn::{emit, TemplateFormat};
use vpcec::emit::OutputFile;
use vpcec::plan::model::Plan;

fn manifest_dir() -> PathBuf {
    support::root()
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
    let Some(cfn_lint) = Needs::new("cfn-lint").venv_bin("cfn-lint") else {
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

/// Every example, then the programs of `tests/fixtures/deploy/` (cross-region
/// cycles and dependencies between endpoints).
fn examples() -> Vec<PathBuf> {
    let mut found = programs::examples();
    found.extend(programs::deploy_fixtures());
    found
}

#[test]
fn examples_pass_cfn_lint() {
    let examples = examples();
    if examples.is_empty() {
        eprintln!("note: no examples/*.vpce yet; nothing to lint");
        return;
    }
    let Some(cfn_lint) = Needs::new("cfn-lint").venv_bin("cfn-lint") else {
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
    let Some(python) = Needs::new("reading YAML as YAML 1.1")
        .python_modules(&["yaml"])
        .python()
    else {
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
        "PyYAML reads these differently from their JSON:\n{}",
        tools::captured(&output)
    );
}

// ---------------------------------------------------------------- deploy on a mock cloud

/// `.tools/venv`'s Python when it has moto, boto3 and PyYAML.
fn moto_python() -> Option<PathBuf> {
    Needs::new("the mock deploy")
        .python_modules(&["moto", "boto3", "yaml"])
        .python()
}

/// Builds `program` with the real binary into `dir`, as a user would, and
/// keeps what the build printed on standard error (the deployment order) in
/// `dir/order.txt`.
fn build_for_deploy(program: &Path, dir: &Path, format: &str) {
    let output = Command::new(env!("CARGO_BIN_EXE_vpcec"))
        .arg("build")
        .arg(program)
        .args(["--target", "cfn", "--format", format, "-o"])
        .arg(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{} does not build: {stderr}",
        program.display()
    );
    fs::write(dir.join("order.txt"), stderr.as_bytes()).unwrap();
}

/// Runs tests/moto/deploy.py on the folders; returns its exit status and output.
fn run_deploy(python: &Path, dirs: &[PathBuf]) -> (bool, String) {
    tools::run_captured(
        Command::new(python)
            .arg(manifest_dir().join("tests/moto/deploy.py"))
            .args(dirs)
            .env("PYTHONWARNINGS", "ignore"),
    )
}

/// Every example, and every program of tests/fixtures/deploy (the
/// cross-region cycle among them, once in JSON too), is deployed on moto's
/// mock CloudFormation (tests/moto/deploy.py): each template, in the order
/// `build` printed, reaches CREATE_COMPLETE with its parameters fed from the
/// outputs of the stacks before it.
///
/// A smoke test of references, ordering and EC2 conflicts, not of meaning.
/// What moto 5.2 checks: every `Ref` and `Fn::GetAtt` resolves, every
/// parameter has a value, the EC2 calls succeed (a second `0.0.0.0/0` route
/// in one table fails with RouteAlreadyExists, as on AWS). What it ignores:
/// - resource types it skips entirely: `AWS::S3::BucketPolicy`,
///   `AWS::EC2::VPCEndpointService` and `AWS::EC2::VPCEndpointServicePermissions`
///   (so `deny public` policies and endpoint services are never created);
/// - every policy document (endpoint, role, table resource policies): stored,
///   never parsed or evaluated;
/// - whether an endpoint's service exists (any `ServiceName` is accepted, an
///   endpoint service's id included), `ServiceRegion`, and NLB ARNs;
/// - `DnsOptions`: `OnlyInboundResolver` is accepted without an S3 gateway
///   endpoint, so the DependsOn that AWS needs there is checked by
///   tests/it/examples.rs, not here;
/// - security-group rules and private DNS resolution.
#[test]
fn examples_deploy_on_moto_in_the_printed_order() {
    let Some(python) = moto_python() else {
        return;
    };
    let root = tempfile::tempdir().unwrap();
    let mut dirs = Vec::new();
    for program in examples() {
        let stem = program.file_stem().unwrap().to_string_lossy().to_string();
        let dir = root.path().join(&stem);
        build_for_deploy(&program, &dir, "yaml");
        dirs.push(dir);
        if stem == "cross-region-cycle" {
            let dir = root.path().join(format!("{stem}-json"));
            build_for_deploy(&program, &dir, "json");
            dirs.push(dir);
        }
    }
    let (passed, report) = run_deploy(&python, &dirs);
    eprintln!("{report}");
    assert!(passed, "some templates do not deploy on moto:\n{report}");
    let expected = format!("deployed {0} of {0} programs", dirs.len());
    assert!(report.contains(&expected), "{report}");
    assert!(
        report.contains("cross-region-cycle.us-east-1.late.yaml: CREATE_COMPLETE"),
        "{report}"
    );
}

/// The deploy script is no rubber stamp: the multi-region example deployed
/// in the wrong order fails, because a parameter names an output that no
/// earlier stack has.
#[test]
fn a_deployment_in_the_wrong_order_fails_on_moto() {
    let Some(python) = moto_python() else {
        return;
    };
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("multi-region");
    build_for_deploy(&manifest_dir().join("examples/multi-region.vpce"), &dir, "yaml");
    let printed = fs::read_to_string(dir.join("order.txt")).unwrap();
    let mut steps: Vec<&str> = printed
        .lines()
        .filter(|l| l.trim_start().starts_with(['1', '2']))
        .collect();
    assert_eq!(steps.len(), 2, "{printed}");
    steps.reverse();
    let reversed = steps
        .iter()
        .enumerate()
        .map(|(i, line)| format!("  {}. {}\n", i + 1, line.split_once(". ").unwrap().1))
        .collect::<String>();
    fs::write(dir.join("order.txt"), reversed).unwrap();
    let (passed, report) = run_deploy(&python, &[dir]);
    assert!(!passed, "{report}");
    assert!(report.contains("which no earlier stack has"), "{report}");
}
