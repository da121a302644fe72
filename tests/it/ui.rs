//! UI tests: every `tests/ui/NAME.vpce` runs through the real binary, as a
//! user would run it from the root of the checkout: `vpcec check FILE`, and,
//! where the check passes, `vpcec build FILE --target cfn -o DIR` and
//! `--target tf`. Each fixture is its own test (the `fixtures!` list below,
//! which must equal the directory) with one snapshot, `it__ui__NAME.snap`,
//! holding every command's exit status, standard output and standard error;
//! and the fixture must report the code it is named after. Every code of the
//! registry has a fixture; further cases of a code are named `CODE-what.vpce`.

use std::path::Path;
use std::process::Command;

use vpcec::aws::Catalog;
use vpcec::diagnostics::{self, render_human, Diagnostic, SourceFile};
use vpcec::driver::compile;
use vpcec::emit::cfn::{emit, TemplateFormat};
use vpcec::rules::RULES;

use crate::support;

/// One `#[test]` per fixture, so that one mismatch hides no other.
macro_rules! fixtures {
    ($($test:ident => $name:literal,)*) => {
        /// Every fixture's name, as listed.
        const FIXTURES: &[&str] = &[$($name),*];

        mod fixture {
            $(
                #[test]
                fn $test() {
                    super::run_fixture($name);
                }
            )*
        }
    };
}

fixtures! {
    e001 => "E001",
    e001_port => "E001-port",
    e002 => "E002",
    e003 => "E003",
    e004 => "E004",
    e101 => "E101",
    e102 => "E102",
    e102_table_no_vpc_there => "E102-table-no-vpc-there",
    e102_table_vpc_there => "E102-table-vpc-there",
    e103 => "E103",
    e104 => "E104",
    e104_aws_buckets => "E104-aws-buckets",
    e105 => "E105",
    e106 => "E106",
    e107 => "E107",
    e108 => "E108",
    e109 => "E109",
    e110 => "E110",
    e111 => "E111",
    e111_no_action_for_table => "E111-no-action-for-table",
    e112 => "E112",
    e113 => "E113",
    e114 => "E114",
    e115 => "E115",
    e116 => "E116",
    e116_china_service => "E116-china-service",
    e117 => "E117",
    e117_region => "E117-region",
    e118 => "E118",
    e118_route_table => "E118-route-table",
    e119 => "E119",
    e120 => "E120",
    e121 => "E121",
    e122 => "E122",
    e124 => "E124",
    e124_nat => "E124-nat",
    e125 => "E125",
    e126 => "E126",
    e127 => "E127",
    e128 => "E128",
    w201 => "W201",
    w202 => "W202",
    w203 => "W203",
    w203_bucket => "W203-bucket",
    w204 => "W204",
    w205 => "W205",
    w206 => "W206",
    w207 => "W207",
    w208 => "W208",
    w208_above => "W208-above",
    w209 => "W209",
    w210 => "W210",
    w210_partition => "W210-partition",
    w211 => "W211",
    w212 => "W212",
}

/// The `*.vpce` names of `tests/ui`, sorted.
fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(support::root().join("tests/ui"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "vpce"))
        .map(|path| path.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn the_fixture_list_is_the_directory() {
    assert_eq!(FIXTURES, fixture_names(), "update the `fixtures!` list to tests/ui");
}

/// The code a fixture is about: its name up to the first `-`.
fn code_of(stem: &str) -> &str {
    stem.split('-').next().unwrap_or(stem)
}

/// What one command printed, and how it ended.
struct Run {
    status: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `vpcec ARGS` at the root of the checkout, without colours, with
/// `out` (a temporary folder) written as `OUT` in what it printed.
fn vpcec(args: &[&str], out: &Path) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_vpcec"))
        .args(args)
        .current_dir(support::root())
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .unwrap_or_else(|error| panic!("cannot run vpcec: {error}"));
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).replace(&out.display().to_string(), "OUT");
    Run {
        status: output.status.code(),
        stdout: text(&output.stdout),
        stderr: text(&output.stderr),
    }
}

/// The run as the snapshot shows it, with `out` written as `OUT`.
fn transcript(args: &[&str], run: &Run, out: &Path) -> String {
    let status = run
        .status
        .map_or("killed by a signal".to_string(), |code| code.to_string());
    format!(
        "$ vpcec {}\nexit status: {status}\n--- stdout\n{}--- stderr\n{}\n",
        args.join(" ").replace(&out.display().to_string(), "OUT"),
        run.stdout,
        run.stderr
    )
}

/// The words of a text (runs of letters and digits): where a code is found
/// in what `build` printed.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Runs one fixture through the binary, snapshots what it printed, and checks
/// that it reports its own code.
fn run_fixture(name: &str) {
    let file = format!("tests/ui/{name}.vpce");
    let out = tempfile::tempdir().unwrap();
    let mut shown = String::new();
    let check = ["check", file.as_str()];
    let checked = vpcec(&check, out.path());
    shown.push_str(&transcript(&check, &checked, out.path()));
    let json = vpcec(&["check", "--format", "json", &file], out.path());
    let listed: serde_json::Value = serde_json::from_str(&json.stdout)
        .unwrap_or_else(|error| panic!("`check --format json` printed no JSON ({error}): {}", json.stdout));
    let mut reported: Vec<String> = listed
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["code"].as_str().map(str::to_string))
        .collect();
    if checked.status == Some(0) {
        for target in ["cfn", "tf"] {
            let dir = out.path().join(target).display().to_string();
            let build = ["build", file.as_str(), "--target", target, "-o", dir.as_str()];
            let built = vpcec(&build, out.path());
            shown.push_str(&transcript(&build, &built, out.path()));
            reported.extend(words(&built.stderr).map(str::to_string));
        }
    }
    insta::assert_snapshot!(name, shown);
    let code = code_of(name);
    assert!(
        reported.iter().any(|c| c == code),
        "{file} does not report {code}; it reports {reported:?}"
    );
}

/// The diagnostics `vpcec build --target cfn` would give for a text that is
/// not a file of the checkout (the rule docs' examples, random files).
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

/// Codes no source file can produce: E123 reports a plan that breaks its own
/// invariants (a bug in vpcec). `cfn_emit.rs` and the Terraform emitter's
/// tests produce it from hand-built broken plans instead.
const NOT_FROM_SOURCE: &[&str] = &["E123"];

#[test]
fn every_code_has_a_fixture() {
    let have = fixture_names();
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
