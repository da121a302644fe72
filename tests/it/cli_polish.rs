//! What a new user met on the command line (issue 8, "CLI polish"): a man
//! page for every subcommand the top page names, rustc-style diagnostic
//! headers, one summary line, empty files rejected alike by `check` and
//! `build` (E128), closed pipes, and the `cost` report's field names.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::support::cli::{vpcec, vpcec_in};
use serde_json::Value;

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

// ------------------------------------------------------------------ man pages

/// The pages a roff page refers to as `vpcec\-NAME(1)`.
fn named_pages(roff: &str) -> Vec<String> {
    let mut names: Vec<String> = roff
        .split("vpcec\\-")
        .skip(1)
        .filter_map(|rest| rest.split_once("(1)").map(|(name, _)| name.to_string()))
        .filter(|name| name.bytes().all(|b| b.is_ascii_lowercase()))
        .collect();
    names.sort();
    names.dedup();
    names
}

#[test]
fn every_page_the_top_man_page_names_exists() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("man1");
    let output = vpcec(&["man", "--dir", &out_dir.to_string_lossy()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let top = fs::read_to_string(out_dir.join("vpcec.1")).unwrap();
    assert_eq!(top, stdout(&vpcec(&["man"])), "`vpcec man` prints the top page");
    let named = named_pages(&top);
    for subcommand in ["build", "check", "explain", "fmt", "reach", "graph", "cost", "man"] {
        assert!(
            named.iter().any(|n| n == subcommand),
            "vpcec(1) names no vpcec-{subcommand}(1): {named:?}"
        );
    }
    assert!(
        !named.iter().any(|n| n == "help"),
        "vpcec(1) names a help page: {named:?}"
    );
    for name in &named {
        let path = out_dir.join(format!("vpcec-{name}.1"));
        let page = fs::read_to_string(&path).unwrap_or_else(|e| panic!("vpcec-{name}.1: {e}"));
        assert!(
            page.contains(&format!(".TH vpcec-{name} 1 ")),
            "{name}: not its man page"
        );
        assert!(
            page.contains(&format!("\"vpcec {}\"", env!("CARGO_PKG_VERSION"))),
            "{name}: not from vpcec's own version"
        );
        let printed = vpcec(&["man", name]);
        assert_eq!(printed.status.code(), Some(0), "{}", stderr(&printed));
        assert_eq!(stdout(&printed), page, "`vpcec man {name}` prints vpcec-{name}.1");
    }
    let written = fs::read_dir(&out_dir).unwrap().count();
    assert_eq!(written, named.len() + 1, "one page per subcommand, and the top page");
}

#[test]
fn a_man_page_for_an_unknown_subcommand_is_a_usage_error() {
    let output = vpcec(&["man", "biuld"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("did you mean `build`?"), "{}", stderr(&output));
}

// --------------------------------------------------------- diagnostic headers

#[test]
fn diagnostics_start_with_a_rustc_style_header_line() {
    let output = vpcec(&["check", "tests/ui/E102.vpce"]);
    let text = stderr(&output);
    let first = text.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("error[E102]: `bucket us-archive` is in `us-east-1`, but a gateway endpoint"),
        "{text}"
    );
    assert!(
        first.ends_with("only reaches `eu-west-1`"),
        "the message stays on one line: {text}"
    );
    assert!(!text.contains("  × "), "{text}");
    assert!(text.contains("help: use `via interface`"), "{text}");
    let warning = stderr(&vpcec(&["check", "tests/ui/W201.vpce"]));
    assert!(
        warning.starts_with("warning[W201]: `deny public` without any `allow admin`\n"),
        "{warning}"
    );
}

// ------------------------------------------------------------------- summary

fn last_line(output: &Output) -> String {
    stderr(output).lines().last().unwrap_or_default().to_string()
}

#[test]
fn one_summary_line_for_one_file_many_files_and_build() {
    let clean = vpcec(&["check", "examples/s3-gateway.vpce"]);
    assert_eq!(last_line(&clean), "checked 1 file: 0 errors, 0 warnings");
    let failing = vpcec(&["check", "tests/ui/E102.vpce"]);
    assert_eq!(last_line(&failing), "checked 1 file: 1 error, 0 warnings");
    let many = vpcec(&[
        "check",
        "tests/ui/E102.vpce",
        "tests/ui/W201.vpce",
        "examples/s3-gateway.vpce",
    ]);
    assert_eq!(last_line(&many), "checked 3 files: 1 error, 1 warning");
    let built = vpcec(&["build", "--target", "tf", "tests/ui/E102.vpce"]);
    assert_eq!(last_line(&built), "checked 1 file: 1 error, 0 warnings");
    for output in [&failing, &many, &built] {
        let summaries = stderr(output).lines().filter(|l| l.contains(" error")).count();
        assert_eq!(summaries, 1, "one summary, no per-file count: {}", stderr(output));
    }
}

// ---------------------------------------------------------------- E128 empty

#[test]
fn empty_files_get_the_same_verdict_from_check_and_build() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("empty", ""),
        ("blank", "  \n\n\t\n"),
        ("comments", "# to be written\n# region eu-west-1;\n"),
    ] {
        let file = dir.path().join(format!("{name}.vpce"));
        fs::write(&file, text).unwrap();
        let path = file.to_string_lossy().into_owned();
        for args in [
            vec!["check", path.as_str()],
            vec!["build", "--target", "cfn", path.as_str()],
            vec!["build", "--target", "tf", path.as_str()],
        ] {
            let output = vpcec(&args);
            assert_eq!(output.status.code(), Some(1), "{name}: {args:?}: {}", stderr(&output));
            assert!(
                stderr(&output).starts_with("error[E128]: "),
                "{name}: {args:?}: {}",
                stderr(&output)
            );
            assert!(output.stdout.is_empty(), "{name}: {args:?}");
        }
        let json = vpcec(&["check", "--format", "json", &path]);
        let diagnostics: Value = serde_json::from_slice(&json.stdout).unwrap();
        assert_eq!(diagnostics[0]["code"], "E128", "{name}");
        assert_eq!(diagnostics[0]["rule"], "empty-program", "{name}");
    }
}

#[test]
fn check_dir_reports_an_empty_file_among_files_with_errors() {
    let dir = tempfile::tempdir().unwrap();
    let infra = dir.path().join("infra");
    fs::create_dir_all(&infra).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::copy(root.join("tests/ui/E101.vpce"), infra.join("a.vpce")).unwrap();
    fs::write(infra.join("b.vpce"), "# nothing yet\n").unwrap();
    fs::copy(root.join("tests/ui/W201.vpce"), infra.join("c.vpce")).unwrap();
    let output = vpcec_in(dir.path(), &["check", "--format", "json", "infra"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let diagnostics: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    let found: Vec<(&str, &str)> = diagnostics
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap_or_default(),
                d["code"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("infra/a.vpce", "E101"),
            ("infra/b.vpce", "E128"),
            ("infra/c.vpce", "W201")
        ]
    );
    let human = vpcec_in(dir.path(), &["check", "infra"]);
    assert_eq!(human.status.code(), Some(1));
    let text = stderr(&human);
    let positions: Vec<Option<usize>> = ["error[E101]", "error[E128]: `infra/b.vpce`", "warning[W201]"]
        .iter()
        .map(|needle| text.find(needle))
        .collect();
    assert!(positions.iter().all(Option::is_some), "{text}");
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "in the files' order: {text}");
    assert_eq!(last_line(&human), "checked 3 files: 2 errors, 1 warning");
}

// -------------------------------------------------------------- closed pipes

/// Runs vpcec with standard output a pipe whose reading end is already
/// closed, as `vpcec … | head -1` leaves it once `head` has read its line.
/// A shell waits for a line on its standard input before it starts vpcec, so
/// the reading end is surely closed first.
#[cfg(unix)]
fn into_closed_pipe(args: &[&str]) -> Output {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("read _ && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_vpcec"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"go\n").unwrap();
    drop(stdin);
    child.wait_with_output().unwrap()
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_quietly_with_status_zero() {
    for args in [
        &["reach", "examples/nat-egress.vpce"][..],
        &["reach", "examples/nat-egress.vpce", "--format", "json"],
        &["check", "--format", "json", "examples/nat-egress.vpce"],
        &["check", "--format", "sarif", "examples/nat-egress.vpce"],
        &["build", "--target", "tf", "examples/nat-egress.vpce"],
        &["build", "--target", "cfn", "examples/nat-egress.vpce"],
        &["explain", "E102"],
        &["explain", "--list"],
        &["graph", "examples/nat-egress.vpce", "--format", "dot"],
        &["cost", "examples/nat-egress.vpce"],
        &["cost", "examples/nat-egress.vpce", "--format", "json"],
        &["man"],
        &["man", "build"],
        &["completions", "bash"],
    ] {
        let output = into_closed_pipe(args);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {}", stderr(&output));
        assert_eq!(stderr(&output), "", "{args:?}");
    }
}

// ---------------------------------------------------------------------- cost

#[test]
fn cost_json_names_monthly_figures_and_marks_borrowed_prices() {
    let output = vpcec(&["cost", "examples/multi-region.vpce", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let items = report["items"].as_array().unwrap();
    let mut regions = Vec::new();
    for item in items {
        assert!(
            item.get("hourly_usd").is_none(),
            "a monthly figure named hourly: {item}"
        );
        let hours = item["hours_usd_per_month"].as_f64().unwrap();
        let data = item["data_usd_per_month"].as_f64().unwrap();
        let month = item["monthly_usd"].as_f64().unwrap();
        assert!((hours + data - month).abs() < 0.011, "{item}");
        assert_eq!(item["prices_of_region"], "us-east-1", "{item}");
        let region = item["region"].as_str().unwrap();
        assert_eq!(item["other_region_prices"], region != "us-east-1", "{item}");
        regions.push(region.to_string());
    }
    assert!(regions.iter().any(|r| r == "us-east-1") && regions.iter().any(|r| r != "us-east-1"));
    // An interface endpoint in two zones: 2 x 730 h x USD 0.01.
    let kms = items
        .iter()
        .find(|i| i["kind"] == "interface-endpoint" && i["zones"] == 2)
        .unwrap();
    assert_eq!(kms["hours_usd_per_month"].as_f64(), Some(14.6));

    let table = stdout(&vpcec(&["cost", "examples/multi-region.vpce"]));
    assert!(table.contains("eu-west-1 *"), "{table}");
    assert!(!table.contains("us-east-1 *"), "{table}");
    assert!(table.contains("\n* priced with us-east-1 list prices"), "{table}");
    assert!(table.contains("hours USD/month"), "{table}");
}
