//! UI tests: every `tests/ui/CODE.vpce` is compiled as `vpcec build --target
//! cfn` would (parse, check, plan, CloudFormation emission), its human
//! diagnostics are snapshotted (one snapshot per file, named after it), and
//! the diagnostics must include CODE. Every code of the registry has a file;
//! further cases of a code are named `CODE-what.vpce`.

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

/// The code a fixture is about: its name up to the first `-`.
fn code_of(stem: &str) -> &str {
    stem.split('-').next().unwrap_or(stem)
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
        let name = stem(&path);
        let file = SourceFile {
            name: format!("tests/ui/{name}.vpce"),
            text: std::fs::read_to_string(&path).unwrap(),
        };
        let found = diagnose(&file);
        insta::assert_snapshot!(name.clone(), render_human(&file, &found, false));
        if !found.iter().any(|d| d.code.as_str() == code_of(&name)) {
            missing.push(name);
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
        .filter(|c| !have.iter().any(|h| code_of(h) == *c))
        .collect();
    assert!(missing.is_empty(), "codes without a tests/ui fixture: {missing:?}");
}

#[test]
fn suppressed_warnings_are_gone() {
    let text = "region eu-west-1;\nvpc main cidr 10.0.0.0/16;\nsubnet app cidr 10.0.1.0/24 az eu-west-1a;\n\
                subnet edge cidr 10.0.0.0/24 az eu-west-1a public;\n\
                # vpcec-allow: W203 the vendor appliance only speaks to s3 over the internet\n\
                subnet app reaches s3 via nat;\n\
                subnet edge reaches s3 via nat; # vpcec-allow: W203 also fine\n";
    let file = SourceFile {
        name: "suppressed.vpce".into(),
        text: text.into(),
    };
    let compilation = compile(&file, Catalog::builtin().unwrap());
    assert_eq!(compilation.diagnostics, Vec::<Diagnostic>::new());
    assert!(compilation.plan.is_some());
}

/// The plan's warnings (W203, W210) are not computed when the checker finds an
/// error, so their suppressions are not reported unused (W208) then; when
/// the plan runs and the warning does not apply, they are.
#[test]
fn suppressions_of_plan_warnings_wait_for_the_plan() {
    let text = "region eu-west-1;\nvpc main cidr 10.0.0.0/16;\nsubnet app cidr 10.0.1.0/24 az eu-west-1a;\n\
                subnet edge cidr 10.0.0.0/24 az eu-west-1a public;\nbucket app-data-eu-west-1;\n\
                # vpcec-allow: W210 only our bucket\n\
                subnet app reaches bucket app-data-eu-west-1 via gateway allow read;\n\
                subnet edge reaches s3 via nat; # vpcec-allow: W203 the appliance speaks to s3 over the internet\n";
    let codes = |text: &str| -> Vec<&'static str> {
        let file = SourceFile {
            name: "plan-warnings.vpce".into(),
            text: text.into(),
        };
        compile(&file, Catalog::builtin().unwrap())
            .diagnostics
            .iter()
            .map(|d| d.code.as_str())
            .collect()
    };
    assert_eq!(codes(text), Vec::<&str>::new());
    let broken = format!("{text}subnet nowhere reaches internet via nat;\n");
    assert_eq!(codes(&broken), ["E002"]);
    let not_applying = text.replace("subnet edge reaches s3 via nat;", "subnet edge reaches s3 via gateway;");
    assert_eq!(codes(&not_applying), ["W208"]);
}

/// The ```vpce blocks of a rule doc: the wrong example, then the fixed one.
fn doc_examples(doc: &str) -> Vec<String> {
    doc.split("```vpce\n")
        .skip(1)
        .filter_map(|block| block.split("```").next())
        .map(str::to_string)
        .collect()
}

#[test]
fn rule_doc_examples_show_the_code_and_its_fix() {
    let mut wrong = Vec::new();
    for rule in RULES.iter().filter(|r| !NOT_FROM_SOURCE.contains(&r.code.as_str())) {
        let code = rule.code.as_str();
        let examples = doc_examples(rule.doc);
        assert_eq!(examples.len(), 2, "{code}: expected a wrong and a fixed example");
        let name = format!("docs/{code}.md");
        let before = diagnose(&SourceFile {
            name: name.clone(),
            text: examples[0].clone(),
        });
        // E121's example is abbreviated: the real file would be hundreds of lines long.
        if code != "E121" && !before.iter().any(|d| d.code == rule.code) {
            wrong.push(format!("{code}: the wrong example does not report {code}"));
        }
        let after = diagnose(&SourceFile {
            name,
            text: examples[1].clone(),
        });
        if after.iter().any(|d| d.code == rule.code || d.is_error()) {
            let codes: Vec<&str> = after.iter().map(|d| d.code.as_str()).collect();
            wrong.push(format!("{code}: the fixed example still reports {codes:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Statements, good and bad, that random files are made of.
const LINES: &[&str] = &[
    "region eu-west-1;",
    "region us-east-1;",
    "vpc main cidr 10.0.0.0/16;",
    "vpc east cidr 10.1.0.0/16 region us-east-1;",
    "vpc old id vpc-0a1b2c3d;",
    "subnet app cidr 10.0.1.0/24 az eu-west-1a;",
    "subnet web in main cidr 10.0.2.0/24 az euw1-az2 public;",
    "subnet far in east cidr 10.1.1.0/24 az use1-az1;",
    "subnet ex in old id subnet-0a1b2c3d route-table rtb-0a1b2c3d;",
    "subnet ex2 id subnet-1a1b2c3d route-table rtb-0a1b2c3d cidr 10.0.9.0/24;",
    "bucket assets;",
    "bucket far-away region us-east-1 existing;",
    "table orders key id;",
    "table remote region us-east-1 existing;",
    "service api nlb arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/a/0123456789abcdef;",
    "subnet app, web reaches s3, bucket assets via gateway allow read;",
    "subnet app reaches bucket far-away, table remote via interface;",
    "subnet far, app reaches kms, ssm via interface private-dns off;",
    "subnet ex, ex2 reaches s3, table orders via gateway allow dynamodb:Query;",
    "subnet web reaches internet, s3 via nat;",
    "subnet app reaches service api, service com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0 via interface;",
    "subnet nope reaches internet via gateway;",
    "deny public;",
    "deny public on bucket assets, table orders;",
    "allow admin arn:aws:iam::123456789012:role/Admin;",
    "role worker for ec2 in app, far managed AmazonSSMManagedInstanceCore allow read on bucket assets, table remote;",
    "# vpcec-allow: W203 fine",
    "subnet app reaches s3 via nat; # vpcec-allow: W203, W206 fine",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

    /// Any mix of statements is checked without a panic, and twice alike.
    #[test]
    fn random_files_check_deterministically(picks in proptest::collection::vec(0..LINES.len(), 0..24)) {
        let text: String = picks.iter().filter_map(|i| LINES.get(*i)).map(|l| format!("{l}\n")).collect();
        let file = SourceFile { name: "random.vpce".into(), text };
        let first = diagnose(&file);
        let second = diagnose(&file);
        proptest::prop_assert_eq!(render_human(&file, &first, false), render_human(&file, &second, false));
    }
}
