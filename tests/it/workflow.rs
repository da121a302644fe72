//! The infrastructure-repository workflow, through the built binary in
//! temporary folders: `build --check`, `fmt`, suppressions,
//! `--deny-warnings`, `check DIR`, and the command-line contract.

use crate::support::tools::Needs;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;
use vpcec::aws::Catalog;
use vpcec::diagnostics::SourceFile;
use vpcec::driver::compile;
use vpcec::emit::cfn;
use vpcec::syntax::format::format;

const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");

use crate::support::cli::vpcec_in;

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

fn json(output: &Output) -> Vec<Value> {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("not a JSON array ({e}): {}", String::from_utf8_lossy(&output.stdout)))
}

fn codes(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics.iter().map(|d| d["code"].as_str().unwrap()).collect()
}

fn repo_file(path: &str) -> String {
    fs::read_to_string(Path::new(MANIFEST_DIR).join(path)).unwrap()
}

/// Every file below `dir`, by relative path, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.insert(path.strip_prefix(root).unwrap().to_path_buf(), fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn vpce_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(Path::new(MANIFEST_DIR).join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "vpce"))
        .collect();
    files.sort();
    files
}

// ---------------------------------------------------------------- build --check

/// A temp folder holding `net.vpce` (two regions) built into `out/`.
fn built_two_region_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("net.vpce"), repo_file("examples/multi-region.vpce")).unwrap();
    let build = vpcec_in(dir.path(), &["build", "net.vpce", "--target", "cfn", "-o", "out"]);
    assert_eq!(code(&build), 0, "{}", stderr(&build));
    let names: Vec<_> = snapshot(&dir.path().join("out")).into_keys().collect();
    assert_eq!(
        names,
        [PathBuf::from("net.eu-west-1.yaml"), PathBuf::from("net.us-east-1.yaml")]
    );
    dir
}

fn check_out(dir: &Path) -> Output {
    vpcec_in(dir, &["build", "net.vpce", "--target", "cfn", "-o", "out", "--check"])
}

#[test]
fn build_check_passes_right_after_a_build() {
    let dir = built_two_region_project();
    let before = snapshot(dir.path());
    let check = check_out(dir.path());
    assert_eq!(code(&check), 0, "{}", stderr(&check));
    assert!(stderr(&check).contains("up to date (2 files)"), "{}", stderr(&check));
    assert_eq!(snapshot(dir.path()), before, "--check wrote something");
}

#[test]
fn build_check_names_a_hand_edited_file_stale_and_leaves_it_alone() {
    let dir = built_two_region_project();
    let path = dir.path().join("out/net.eu-west-1.yaml");
    let edited = fs::read_to_string(&path).unwrap().replacen(
        "AWSTemplateFormatVersion",
        "# edited by hand\nAWSTemplateFormatVersion",
        1,
    );
    fs::write(&path, &edited).unwrap();
    let before = snapshot(dir.path());

    let check = check_out(dir.path());
    let text = stderr(&check);
    assert_eq!(code(&check), 1, "{text}");
    assert!(text.contains("stale: out/net.eu-west-1.yaml"), "{text}");
    assert!(
        text.lines().any(|l| l == "-# edited by hand"),
        "no diff line in:\n{text}"
    );
    assert!(!text.contains("net.us-east-1.yaml"), "the other file is fine:\n{text}");
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        edited,
        "the hand edit was overwritten"
    );
    assert_eq!(snapshot(dir.path()), before, "--check wrote something");
}

#[test]
fn build_check_names_missing_and_extra_files() {
    let dir = built_two_region_project();
    let out = dir.path().join("out");
    fs::remove_file(out.join("net.us-east-1.yaml")).unwrap();
    fs::write(out.join("net.eu-central-1.yaml"), "Resources: {}\n").unwrap();
    // Files the build does not own are not "extra".
    fs::write(out.join("README.md"), "generated, do not edit\n").unwrap();
    fs::write(out.join("other.eu-west-1.yaml"), "Resources: {}\n").unwrap();
    fs::write(out.join("net.eu-west-1.json"), "{}\n").unwrap();
    let before = snapshot(dir.path());

    let check = check_out(dir.path());
    let text = stderr(&check);
    assert_eq!(code(&check), 1, "{text}");
    assert!(text.contains("missing: out/net.us-east-1.yaml"), "{text}");
    assert!(text.contains("extra: out/net.eu-central-1.yaml"), "{text}");
    for innocent in ["README.md", "other.eu-west-1.yaml", "net.eu-west-1.json", "stale:"] {
        assert!(!text.contains(innocent), "{innocent} reported in:\n{text}");
    }
    assert!(text.contains("(2 problems)"), "{text}");
    assert_eq!(snapshot(dir.path()), before, "--check wrote or deleted something");
}

#[test]
fn build_check_never_creates_the_folder_or_files() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("net.vpce"), repo_file("examples/multi-region.vpce")).unwrap();
    let check = vpcec_in(
        dir.path(),
        &["build", "net.vpce", "--target", "cfn", "-o", "out/nested", "--check"],
    );
    let text = stderr(&check);
    assert_eq!(code(&check), 1, "{text}");
    assert!(text.contains("missing: out/nested/net.eu-west-1.yaml"), "{text}");
    assert!(text.contains("missing: out/nested/net.us-east-1.yaml"), "{text}");
    assert!(!dir.path().join("out").exists(), "--check created the folder");

    // An input with errors: exit 1, still nothing written.
    fs::write(dir.path().join("bad.vpce"), repo_file("tests/ui/E101.vpce")).unwrap();
    let check = vpcec_in(
        dir.path(),
        &["build", "bad.vpce", "--target", "cfn", "-o", "out", "--check"],
    );
    assert_eq!(code(&check), 1, "{}", stderr(&check));
    assert!(stderr(&check).contains("E101"));
    assert!(!dir.path().join("out").exists());
}

#[test]
fn build_check_requires_an_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("net.vpce"), repo_file("examples/s3-gateway.vpce")).unwrap();
    let check = vpcec_in(dir.path(), &["build", "net.vpce", "--target", "cfn", "--check"]);
    assert_eq!(code(&check), 2, "{}", stderr(&check));
    assert_eq!(snapshot(dir.path()).len(), 1);
}

// ---------------------------------------------------------------- fmt

const MESSY: &str = "# The network of the payments team.
region   eu-west-1 ;
vpc main cidr 10.0.0.0/16;   subnet app cidr 10.0.1.0/24
      az eu-west-1a;   # where the app runs
subnet app reaches s3 via gateway;
";

#[test]
fn fmt_check_fails_until_fmt_rewrites_the_file_keeping_comments() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("net.vpce");
    fs::write(&file, MESSY).unwrap();

    let check = vpcec_in(dir.path(), &["fmt", "--check", "net.vpce"]);
    assert_eq!(code(&check), 1, "{}", stderr(&check));
    assert!(stderr(&check).contains("not formatted: net.vpce"), "{}", stderr(&check));
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        MESSY,
        "fmt --check changed the file"
    );

    let fmt = vpcec_in(dir.path(), &["fmt", "net.vpce"]);
    assert_eq!(code(&fmt), 0, "{}", stderr(&fmt));
    let formatted = fs::read_to_string(&file).unwrap();
    assert_ne!(formatted, MESSY);
    for comment in ["# The network of the payments team.", "# where the app runs"] {
        assert!(formatted.contains(comment), "lost `{comment}`:\n{formatted}");
    }
    assert!(formatted.contains("region eu-west-1;\n"), "{formatted}");

    let check = vpcec_in(dir.path(), &["fmt", "--check", "net.vpce"]);
    assert_eq!(code(&check), 0, "{}", stderr(&check));
    let again = vpcec_in(dir.path(), &["fmt", "net.vpce"]);
    assert_eq!(code(&again), 0);
    assert_eq!(fs::read_to_string(&file).unwrap(), formatted, "fmt is not idempotent");
    assert_eq!(snapshot(dir.path()).len(), 1, "fmt left temporary files");
}

#[test]
fn fmt_leaves_a_file_that_does_not_parse_alone() {
    let dir = tempfile::tempdir().unwrap();
    let broken = repo_file("tests/ui/E001.vpce");
    fs::write(dir.path().join("broken.vpce"), &broken).unwrap();
    let fmt = vpcec_in(dir.path(), &["fmt", "broken.vpce"]);
    assert_eq!(code(&fmt), 1, "{}", stderr(&fmt));
    assert!(stderr(&fmt).contains("E001"));
    assert_eq!(fs::read_to_string(dir.path().join("broken.vpce")).unwrap(), broken);
}

#[test]
fn fmt_is_idempotent_on_every_example_and_fixture_that_parses() {
    let mut files = vpce_files("examples");
    files.extend(vpce_files("tests/ui"));
    let mut formatted_count = 0;
    for path in &files {
        let text = fs::read_to_string(path).unwrap();
        let Ok(once) = format(&text) else { continue };
        let twice =
            format(&once).unwrap_or_else(|d| panic!("{}: formatted text does not parse: {d:?}", path.display()));
        assert_eq!(once, twice, "{}: formatting twice differs from once", path.display());
        formatted_count += 1;
    }
    assert!(
        formatted_count >= files.len() - 2,
        "only {formatted_count} of {} parse",
        files.len()
    );
}

/// Spaces doubled and trailing blanks added everywhere (comments included):
/// the same program, badly laid out.
fn mess_up(text: &str) -> String {
    text.replace(' ', "  ").replace('\n', " \n").replace(";", " ;")
}

fn cloudformation(name: &str, text: &str) -> Vec<(String, String)> {
    let catalog = Catalog::builtin().unwrap();
    let file = SourceFile {
        name: name.to_string(),
        text: text.to_string(),
    };
    let plan = compile(&file, catalog)
        .plan
        .unwrap_or_else(|| panic!("{name} does not compile:\n{text}"));
    let mut outputs = Vec::new();
    for format in [cfn::TemplateFormat::Yaml, cfn::TemplateFormat::Json] {
        let emitted = cfn::emit(&plan, format).unwrap_or_else(|d| panic!("{name}: {d:?}"));
        outputs.extend(emitted.into_iter().map(|o| (o.name, o.content)));
    }
    outputs
}

#[test]
fn fmt_preserves_meaning_byte_for_byte_in_cloudformation() {
    let examples = vpce_files("examples");
    assert!(examples.len() >= 5);
    for path in examples {
        let name = format!("examples/{}", path.file_name().unwrap().to_string_lossy());
        let text = fs::read_to_string(&path).unwrap();
        let expected = cloudformation(&name, &text);
        assert!(!expected.is_empty());
        let formatted = format(&text).unwrap();
        assert_eq!(
            cloudformation(&name, &formatted),
            expected,
            "{name}: fmt changed the template"
        );

        let messy = mess_up(&text);
        assert_ne!(messy, text);
        assert_eq!(
            cloudformation(&name, &messy),
            expected,
            "{name}: layout changed the template"
        );
        let tidied = format(&messy).unwrap();
        assert_eq!(
            format(&tidied).unwrap(),
            tidied,
            "{name}: not idempotent from a messy start"
        );
        assert_eq!(
            cloudformation(&name, &tidied),
            expected,
            "{name}: fmt of the messy text changed the template"
        );
    }
}

// ---------------------------------------------------------------- suppressions

/// tests/ui/W201.vpce without its last line (`deny public;`).
fn w201_prefix() -> String {
    let text = repo_file("tests/ui/W201.vpce");
    let body = text.trim_end().strip_suffix("deny public;").unwrap();
    body.to_string()
}

fn check_json(text: &str, extra: &[&str]) -> (i32, Vec<Value>) {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("net.vpce"), text).unwrap();
    let mut args = vec!["check", "--format", "json", "net.vpce"];
    args.extend(extra);
    let output = vpcec_in(dir.path(), &args);
    (code(&output), json(&output))
}

#[test]
fn the_unsuppressed_warning_is_reported() {
    let (status, diagnostics) = check_json(&format!("{}deny public;\n", w201_prefix()), &[]);
    assert_eq!(status, 0);
    assert_eq!(codes(&diagnostics), ["W201"]);
}

#[test]
fn a_suppression_on_the_line_above_silences_the_warning() {
    let text = format!(
        "{}# vpcec-allow: W201 admins use a break-glass role outside this account\ndeny public;\n",
        w201_prefix()
    );
    let (status, diagnostics) = check_json(&text, &["--deny-warnings"]);
    assert_eq!(status, 0, "{diagnostics:?}");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
}

#[test]
fn a_suppression_at_the_end_of_the_line_silences_the_warning() {
    let text = format!("{}deny public; # vpcec-allow: W201 break-glass role\n", w201_prefix());
    let (status, diagnostics) = check_json(&text, &["--deny-warnings"]);
    assert_eq!(status, 0, "{diagnostics:?}");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
}

#[test]
fn a_suppression_separated_by_a_blank_line_silences_nothing() {
    let text = format!(
        "{}# vpcec-allow: W201 break-glass role\n\ndeny public;\n",
        w201_prefix()
    );
    let (status, diagnostics) = check_json(&text, &[]);
    assert_eq!(status, 0);
    assert_eq!(codes(&diagnostics), ["W208", "W201"], "{diagnostics:?}");
}

#[test]
fn a_suppression_without_a_reason_is_e122() {
    let text = format!("{}deny public; # vpcec-allow: W201\n", w201_prefix());
    let (status, diagnostics) = check_json(&text, &[]);
    assert_eq!(status, 1);
    assert_eq!(codes(&diagnostics), ["W201", "E122"], "{diagnostics:?}");
    assert!(
        diagnostics[1]["message"].as_str().unwrap().contains("no reason"),
        "{diagnostics:?}"
    );
}

#[test]
fn an_error_cannot_be_suppressed() {
    let text = repo_file("tests/ui/E101.vpce").trim_end().to_string() + " # vpcec-allow: E101 we know\n";
    let (status, diagnostics) = check_json(&text, &[]);
    assert_eq!(status, 1);
    let found = codes(&diagnostics);
    assert!(found.contains(&"E101") && found.contains(&"E122"), "{found:?}");
}

#[test]
fn an_unused_suppression_is_w208() {
    let text = format!(
        "{}deny public;\nallow admin arn:aws:iam::123456789012:role/Admin; # vpcec-allow: W201 not needed any more\n",
        w201_prefix()
    );
    let (status, diagnostics) = check_json(&text, &[]);
    assert_eq!(status, 0);
    assert_eq!(codes(&diagnostics), ["W208"], "{diagnostics:?}");
}

// ---------------------------------------------------------------- --deny-warnings

#[test]
fn deny_warnings_turns_a_warning_only_file_into_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("warn.vpce"), repo_file("tests/ui/W201.vpce")).unwrap();
    let plain = vpcec_in(dir.path(), &["check", "warn.vpce"]);
    assert_eq!(code(&plain), 0, "{}", stderr(&plain));
    assert!(stderr(&plain).contains("W201"));
    let denied = vpcec_in(dir.path(), &["check", "--deny-warnings", "warn.vpce"]);
    assert_eq!(code(&denied), 1, "{}", stderr(&denied));
    assert!(stderr(&denied).contains("warnings are denied"), "{}", stderr(&denied));
    for format in ["json", "sarif"] {
        let denied = vpcec_in(
            dir.path(),
            &["check", "--deny-warnings", "--format", format, "warn.vpce"],
        );
        assert_eq!(code(&denied), 1, "{format}");
    }
    // A clean file stays clean under --deny-warnings.
    fs::write(dir.path().join("warn.vpce"), repo_file("examples/s3-gateway.vpce")).unwrap();
    assert_eq!(
        code(&vpcec_in(dir.path(), &["check", "--deny-warnings", "warn.vpce"])),
        0
    );
}

// ---------------------------------------------------------------- check DIR

/// infra/ with a clean file, a nested warning, a deeper error, and a file in a
/// hidden folder that must be ignored.
fn infra_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let infra = dir.path().join("infra");
    for sub in ["prod/eu", "staging", ".cache"] {
        fs::create_dir_all(infra.join(sub)).unwrap();
    }
    fs::write(infra.join("shared.vpce"), repo_file("examples/s3-gateway.vpce")).unwrap();
    fs::write(infra.join("staging/warn.vpce"), repo_file("tests/ui/W201.vpce")).unwrap();
    fs::write(infra.join("prod/eu/kms.vpce"), repo_file("tests/ui/E101.vpce")).unwrap();
    fs::write(infra.join(".cache/ignored.vpce"), repo_file("tests/ui/E104.vpce")).unwrap();
    fs::write(infra.join("prod/notes.txt"), "not a vpce file\n").unwrap();
    dir
}

#[test]
fn check_dir_reports_every_nested_file_in_one_json_array() {
    let dir = infra_tree();
    let output = vpcec_in(dir.path(), &["check", "--format", "json", "infra"]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let diagnostics = json(&output);
    let located: Vec<(&str, &str)> = diagnostics
        .iter()
        .map(|d| (d["file"].as_str().unwrap(), d["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        located,
        [("infra/prod/eu/kms.vpce", "E101"), ("infra/staging/warn.vpce", "W201")]
    );
}

#[test]
fn check_dir_human_output_counts_every_file() {
    let dir = infra_tree();
    fs::remove_file(dir.path().join("infra/prod/eu/kms.vpce")).unwrap();
    let output = vpcec_in(dir.path(), &["check", "infra"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(
        stderr(&output).contains("checked 2 files: 0 errors, 1 warning"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn check_dir_exits_with_the_worst_status_across_files() {
    let dir = infra_tree();
    fs::write(
        dir.path().join("infra/prod/latin1.vpce"),
        b"region eu-west-1; # r\xe9seau\n",
    )
    .unwrap();
    let output = vpcec_in(dir.path(), &["check", "--format", "json", "infra"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    let text = stderr(&output);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.contains("infra/prod/latin1.vpce") && text.contains("not UTF-8"),
        "{text}"
    );
    // The readable files are still reported.
    assert_eq!(codes(&json(&output)), ["E101", "W201"]);
}

#[test]
fn check_dir_with_only_good_files_passes() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("infra/a/b")).unwrap();
    for (i, example) in vpce_files("examples").iter().enumerate() {
        let target = dir.path().join(format!("infra/a/b/{i}.vpce"));
        fs::copy(example, target).unwrap();
    }
    let output = vpcec_in(dir.path(), &["check", "--format", "json", "infra"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(json(&output).is_empty());
}

#[test]
fn check_dir_without_vpce_files_is_a_usage_problem() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("empty")).unwrap();
    let output = vpcec_in(dir.path(), &["check", "empty"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("no .vpce files found in `empty`"),
        "{}",
        stderr(&output)
    );
}

// ---------------------------------------------------------------- the contract

#[test]
fn json_diagnostics_carry_the_contract_fields() {
    let files: Vec<String> = vpce_files("tests/ui")
        .iter()
        .map(|p| format!("tests/ui/{}", p.file_name().unwrap().to_string_lossy()))
        .collect();
    let mut args = vec!["check", "--format", "json"];
    args.extend(files.iter().map(String::as_str));
    let output = vpcec_in(Path::new(MANIFEST_DIR), &args);
    assert_eq!(code(&output), 1);
    let diagnostics = json(&output);
    assert!(diagnostics.len() >= 30);
    for d in &diagnostics {
        let code = d["code"].as_str().unwrap();
        assert!(
            code.len() == 4 && (code.starts_with('E') || code.starts_with('W')),
            "{d}"
        );
        let severity = if code.starts_with('E') { "error" } else { "warning" };
        assert_eq!(d["severity"], severity, "{d}");
        assert!(!d["message"].as_str().unwrap().is_empty(), "{d}");
        assert!(files.contains(&d["file"].as_str().unwrap().to_string()), "{d}");
        assert!(d["line"].as_u64().unwrap() >= 1, "{d}");
        assert!(d["column"].as_u64().unwrap() >= 1, "{d}");
    }
}

#[test]
fn build_without_out_dir_refuses_two_outputs_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("net.vpce"), repo_file("examples/multi-region.vpce")).unwrap();
    let output = vpcec_in(dir.path(), &["build", "net.vpce", "--target", "cfn"]);
    assert_eq!(code(&output), 2);
    let text = stderr(&output);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.starts_with("error: ") && text.contains("-o DIR"), "{text}");
    assert!(output.stdout.is_empty());
    assert_eq!(snapshot(dir.path()).len(), 1, "something was written");
}

#[test]
fn build_writes_one_template_per_region_in_the_chosen_format() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("net.vpce"), repo_file("examples/multi-region.vpce")).unwrap();
    for (format, extension) in [("yaml", "yaml"), ("json", "json")] {
        let out = format!("out-{format}");
        let build = vpcec_in(
            dir.path(),
            &["build", "net.vpce", "--target", "cfn", "--format", format, "-o", &out],
        );
        assert_eq!(code(&build), 0, "{}", stderr(&build));
        let files = snapshot(&dir.path().join(&out));
        let names: Vec<String> = files.keys().map(|p| p.display().to_string()).collect();
        assert_eq!(
            names,
            [
                format!("net.eu-west-1.{extension}"),
                format!("net.us-east-1.{extension}")
            ]
        );
        if format == "json" {
            for bytes in files.values() {
                let template: Value = serde_json::from_slice(bytes).unwrap();
                assert!(template["Resources"].is_object());
            }
        }
    }
}

#[test]
fn the_same_input_gives_byte_identical_output() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("net.vpce"), repo_file("examples/multi-region.vpce")).unwrap();
    for format in ["yaml", "json"] {
        let runs: Vec<_> = ["first", "second"]
            .iter()
            .map(|run| {
                let out = format!("{run}-{format}");
                let build = vpcec_in(
                    dir.path(),
                    &["build", "net.vpce", "--target", "cfn", "--format", format, "-o", &out],
                );
                assert_eq!(code(&build), 0, "{}", stderr(&build));
                snapshot(&dir.path().join(out))
            })
            .collect();
        assert_eq!(runs[0], runs[1], "{format} builds differ");
    }
    let single = |args: &[&str]| vpcec_in(Path::new(MANIFEST_DIR), args).stdout;
    for args in [
        &["build", "examples/ssm-private-instances.vpce", "--target", "cfn"][..],
        &["check", "--format", "json", "tests/ui"][..],
        &["check", "--format", "sarif", "tests/ui", "examples"][..],
    ] {
        let first = single(args);
        assert!(!first.is_empty(), "{args:?}");
        assert_eq!(first, single(args), "{args:?} differs between runs");
    }
}

#[test]
fn completions_and_man_page_are_generated() {
    let here = Path::new(MANIFEST_DIR);
    for shell in ["bash", "zsh", "fish"] {
        let output = vpcec_in(here, &["completions", shell]);
        assert_eq!(code(&output), 0, "{shell}");
        let script = String::from_utf8(output.stdout).unwrap();
        for word in ["vpcec", "build", "check", "fmt", "deny-warnings"] {
            assert!(script.contains(word), "{shell} completions lack {word}");
        }
    }
    let man = vpcec_in(here, &["man"]);
    assert_eq!(code(&man), 0);
    let page = String::from_utf8(man.stdout).unwrap();
    assert!(
        page.starts_with(".ie") || page.contains(".TH vpcec"),
        "{}",
        &page[..page.len().min(200)]
    );
    assert!(page.contains("build") && page.contains("check"));
}

// ---------------------------------------------------------------- regions that go away

const TWO_REGIONS: &str = "region eu-west-1;

vpc eu cidr 10.0.0.0/16;
subnet eu-a in eu cidr 10.0.1.0/24 az eu-west-1a;
subnet eu-a reaches s3 via gateway;

vpc us cidr 10.1.0.0/16 region us-east-1;
subnet us-a in us cidr 10.1.1.0/24 az us-east-1a;
subnet us-a reaches s3 via gateway;
";

#[test]
fn a_build_removes_the_template_of_a_region_the_source_no_longer_has() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("net.vpce");
    fs::write(&source, TWO_REGIONS).unwrap();
    let build = ["build", "net.vpce", "--target", "cfn", "-o", "out"];
    assert_eq!(code(&vpcec_in(dir.path(), &build)), 0);
    fs::write(dir.path().join("out/net.params.yaml"), "Parameters: {}\n").unwrap();
    fs::write(dir.path().join("out/net.eu-west-1.json"), "{}\n").unwrap();

    let one_region = TWO_REGIONS.split("\nvpc us").next().unwrap().to_string();
    fs::write(&source, one_region).unwrap();
    let check = vpcec_in(
        dir.path(),
        &["build", "net.vpce", "--target", "cfn", "-o", "out", "--check"],
    );
    assert_eq!(code(&check), 1);
    assert!(
        stderr(&check).contains("extra: out/net.us-east-1.yaml"),
        "{}",
        stderr(&check)
    );

    // The advice of --check works: a build makes the folder up to date.
    let rebuild = vpcec_in(dir.path(), &build);
    assert_eq!(code(&rebuild), 0, "{}", stderr(&rebuild));
    assert!(
        stderr(&rebuild).contains("removed out/net.us-east-1.yaml"),
        "{}",
        stderr(&rebuild)
    );
    let check = vpcec_in(
        dir.path(),
        &["build", "net.vpce", "--target", "cfn", "-o", "out", "--check"],
    );
    assert_eq!(code(&check), 0, "{}", stderr(&check));
    // Files that are not this build's templates are kept.
    let names: Vec<String> = snapshot(&dir.path().join("out"))
        .keys()
        .map(|p| p.display().to_string())
        .collect();
    assert_eq!(names, ["net.eu-west-1.json", "net.eu-west-1.yaml", "net.params.yaml"]);
}

#[test]
fn only_region_shaped_names_count_as_extra() {
    let dir = built_two_region_project();
    let out = dir.path().join("out");
    for name in [
        "net.params.yaml",
        "net.local.yaml",
        "net.eu-west.yaml",
        "net.1-2-3.yaml",
    ] {
        fs::write(out.join(name), "Parameters: {}\n").unwrap();
    }
    fs::write(out.join("net.us-gov-west-1.yaml"), "Resources: {}\n").unwrap();
    let check = check_out(dir.path());
    let text = stderr(&check);
    assert_eq!(code(&check), 1, "{text}");
    assert!(text.contains("extra: out/net.us-gov-west-1.yaml"), "{text}");
    assert!(text.contains("(1 problem)"), "{text}");
}

// ---------------------------------------------------------------- deployment order

#[test]
fn build_prints_the_deployment_order_and_check_and_prune_know_late_templates() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("net.vpce"),
        repo_file("tests/fixtures/deploy/cross-region-cycle.vpce"),
    )
    .unwrap();
    let build = vpcec_in(dir.path(), &["build", "net.vpce", "--target", "cfn", "-o", "out"]);
    assert_eq!(code(&build), 0, "{}", stderr(&build));
    assert!(build.stdout.is_empty(), "the order goes to standard error");
    let text = stderr(&build);
    let order: Vec<&str> = text
        .lines()
        .skip_while(|line| !line.starts_with("deploy the templates in this order"))
        .skip(1)
        .collect();
    assert_eq!(
        order,
        [
            "  1. out/net.eu-west-1.yaml",
            "  2. out/net.us-east-1.yaml",
            "  3. out/net.eu-west-1.late.yaml  (parameters from out/net.eu-west-1.yaml, out/net.us-east-1.yaml)",
            "  4. out/net.us-east-1.late.yaml  (parameters from out/net.eu-west-1.yaml, out/net.us-east-1.yaml)",
        ],
        "{text}"
    );
    let names: Vec<String> = snapshot(&dir.path().join("out"))
        .into_keys()
        .map(|p| p.display().to_string())
        .collect();
    assert_eq!(
        names,
        [
            "net.eu-west-1.late.yaml",
            "net.eu-west-1.yaml",
            "net.us-east-1.late.yaml",
            "net.us-east-1.yaml"
        ]
    );
    let check = check_out(dir.path());
    assert_eq!(code(&check), 0, "{}", stderr(&check));
    assert!(stderr(&check).contains("up to date (4 files)"), "{}", stderr(&check));
    assert!(!stderr(&check).contains("deploy the templates"), "{}", stderr(&check));

    // A late template the source no longer calls for is extra to --check, and pruned by a build.
    fs::write(dir.path().join("out/net.ap-south-1.late.yaml"), "stale\n").unwrap();
    fs::write(dir.path().join("out/net.notes.late.yaml"), "not ours\n").unwrap();
    let check = check_out(dir.path());
    assert_eq!(code(&check), 1, "{}", stderr(&check));
    assert!(
        stderr(&check).contains("extra: out/net.ap-south-1.late.yaml"),
        "{}",
        stderr(&check)
    );
    let rebuild = vpcec_in(dir.path(), &["build", "net.vpce", "--target", "cfn", "-o", "out"]);
    assert_eq!(code(&rebuild), 0, "{}", stderr(&rebuild));
    assert!(
        stderr(&rebuild).contains("removed out/net.ap-south-1.late.yaml"),
        "{}",
        stderr(&rebuild)
    );
    assert!(
        dir.path().join("out/net.notes.late.yaml").exists(),
        "not a template of this build"
    );
    assert_eq!(code(&check_out(dir.path())), 0);
}

#[test]
fn a_single_template_goes_to_standard_output_with_nothing_else() {
    let output = vpcec_in(
        Path::new(MANIFEST_DIR),
        &["build", "examples/ssm-private-instances.vpce", "--target", "cfn"],
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("AWSTemplateFormatVersion"));
    assert!(!stderr(&output).contains("deploy"), "{}", stderr(&output));
}

// ---------------------------------------------------------------- check --fix

#[test]
fn check_fix_rewrites_only_what_is_certain_and_reports_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Region eu-west-1;\nvpc app cidr 10.0.0.1/16;\nsubnet a cidr 10.0.1.0/24 az eu-west-1a\n\
                subnet a reaches ssm, ksm via interface;\nbucket data-bucket-x;\ndeny public;\n";
    fs::write(dir.path().join("net.vpce"), text).unwrap();
    let output = vpcec_in(dir.path(), &["check", "--fix", "--format", "json", "net.vpce"]);
    let fixed = fs::read_to_string(dir.path().join("net.vpce")).unwrap();
    assert_eq!(
        fixed,
        "region eu-west-1;\nvpc app cidr 10.0.0.0/16;\nsubnet a cidr 10.0.1.0/24 az eu-west-1a;\n\
         subnet a reaches ssm, ssmmessages, ec2messages, ksm via interface;\nbucket data-bucket-x;\ndeny public;\n"
    );
    assert!(
        stderr(&output).contains("fixed 4 problems in net.vpce"),
        "{}",
        stderr(&output)
    );
    // A guessed service name and a missing admin are left to a person.
    assert_eq!(codes(&json(&output)), ["E104", "E109", "W201"]);
    assert_eq!(code(&output), 1);

    let again = vpcec_in(dir.path(), &["check", "--fix", "net.vpce"]);
    assert!(!stderr(&again).contains("fixed"), "{}", stderr(&again));
    assert_eq!(fs::read_to_string(dir.path().join("net.vpce")).unwrap(), fixed);
}

// ---------------------------------------------------------------- editors

/// The editor suite in tests/editor: `vpcec lsp` driven by pytest-lsp, and the
/// TextMate grammar run by vscode-textmate on every example and fixture. It
/// needs `.tools/` (scripts/install-tools.sh); see `support::tools`.
#[test]
fn editor_suite() {
    let root = Path::new(MANIFEST_DIR);
    let Some(python) = Needs::new("the editor suite")
        .python_modules(&["pytest", "pytest_lsp"])
        .node_package("vscode-textmate")
        .node_package("vscode-oniguruma")
        .python()
    else {
        return;
    };
    let output = std::process::Command::new(&python)
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/editor"])
        .current_dir(root)
        .env("VPCEC", env!("CARGO_BIN_EXE_vpcec"))
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "the editor suite failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        stderr(&output)
    );
}
