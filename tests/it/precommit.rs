//! The pre-commit hooks of `.pre-commit-hooks.yaml`, driven by the real
//! `pre-commit` (installed into `.tools/` by `scripts/install-tools.sh`).
//!
//! The test makes a throwaway git repository whose `.pre-commit-config.yaml`
//! points at THIS checkout by path, pinned to `git rev-parse HEAD`. pre-commit
//! clones that commit, so **uncommitted changes are not seen**: commit first
//! (the test prints a note when the worktree is dirty).
//!
//! pre-commit builds the hook with `cargo install --path .` inside its cache.
//! To keep that affordable the test shares one cache between runs
//! (`target/pre-commit-home`, plus `target/pre-commit-cargo` as cargo's target
//! folder so a new commit only recompiles vpcec itself), builds offline from
//! the local registry cache (`CARGO_NET_OFFLINE=true`) and turns release
//! optimisation off (`CARGO_PROFILE_RELEASE_OPT_LEVEL=0`). The first run takes
//! about a minute on two cores.
//!
//! Without the tool the test fails when `CI` is set, and is skipped with a
//! note otherwise.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::tools::{self, Needs};

const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// The `pre-commit` executable, when installed.
fn pre_commit() -> Option<PathBuf> {
    Needs::new("the pre-commit test").venv_bin("pre-commit")
}

fn run(command: &mut Command) -> Output {
    match command.output() {
        Ok(output) => output,
        Err(error) => panic!("cannot run {command:?}: {error}"),
    }
}

fn text(output: &Output) -> String {
    tools::captured(output)
}

fn git(dir: &Path, args: &[&str]) -> Output {
    let output = run(Command::new("git")
        .args(["-c", "user.name=vpcec test", "-c", "user.email=test@vpcec.invalid"])
        .args(["-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"])
        .args(args)
        .current_dir(dir));
    assert!(output.status.success(), "git {args:?} failed: {}", text(&output));
    output
}

/// The commit pre-commit will clone: HEAD of this checkout.
fn head_commit() -> String {
    let root = Path::new(MANIFEST_DIR);
    let head = String::from_utf8_lossy(&git(root, &["rev-parse", "HEAD"]).stdout)
        .trim()
        .to_string();
    let status = git(root, &["status", "--porcelain", "--untracked-files=no"]);
    if !status.stdout.is_empty() {
        eprintln!(
            "note: the worktree has uncommitted changes; pre-commit tests commit {head}, not them:\n{}",
            String::from_utf8_lossy(&status.stdout)
        );
    }
    head
}

/// Runs `pre-commit run --all-files` with both hooks in a fresh repository
/// holding `files`, and returns the result.
fn run_hooks(tool: &Path, files: &[(&str, &str)]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "--quiet"]);
    let config = format!(
        "repos:\n  - repo: {MANIFEST_DIR}\n    rev: {}\n    hooks:\n      - id: vpcec-check\n      - id: vpcec-fmt\n",
        head_commit()
    );
    fs::write(repo.join(".pre-commit-config.yaml"), config).unwrap();
    for (name, content) in files {
        let path = repo.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, content).unwrap();
    }
    git(repo, &["add", "--all"]);
    git(repo, &["commit", "--quiet", "--message", "infrastructure"]);
    let target = Path::new(MANIFEST_DIR).join("target");
    run(Command::new(tool)
        .args(["run", "--all-files", "--color", "never"])
        .current_dir(repo)
        .env("PRE_COMMIT_HOME", target.join("pre-commit-home"))
        .env("CARGO_TARGET_DIR", target.join("pre-commit-cargo"))
        .env("CARGO_NET_OFFLINE", "true")
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
        .env("NO_COLOR", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE"))
}

const CONTRADICTION: &str = "region eu-west-1;

vpc main cidr 10.0.0.0/16;
subnet app cidr 10.0.1.0/24 az eu-west-1a;

subnet app reaches kms via gateway;
";

const CLEAN: &str = "# Private subnets reach S3 and KMS without a NAT gateway.
region eu-west-1;

vpc main cidr 10.0.0.0/16;
subnet app cidr 10.0.1.0/24 az eu-west-1a;

subnet app reaches s3 via gateway;
subnet app reaches kms via interface;
";

const NOT_CANONICAL: &str = "region   eu-west-1;
vpc main cidr 10.0.0.0/16; subnet app cidr 10.0.1.0/24 az eu-west-1a;
subnet app reaches s3 via gateway;
";

#[test]
fn hooks_gate_a_repository_of_vpce_files() {
    let Some(tool) = pre_commit() else { return };

    let bad = run_hooks(&tool, &[("network/contradiction.vpce", CONTRADICTION)]);
    let output = text(&bad);
    assert_eq!(bad.status.code(), Some(1), "{output}");
    assert!(output.contains("E101"), "{output}");
    assert!(output.contains("`kms` has no gateway endpoint"), "{output}");
    assert!(output.contains("contradiction.vpce"), "{output}");
    assert!(output.contains("- hook id: vpcec-check"), "{output}");

    let good = run_hooks(&tool, &[("network/clean.vpce", CLEAN), ("README.md", "# infra\n")]);
    let output = text(&good);
    assert_eq!(good.status.code(), Some(0), "{output}");
    assert!(output.contains("vpcec check"), "{output}");
    assert!(output.contains("vpcec fmt"), "{output}");
    assert!(!output.contains("Failed"), "{output}");

    let messy = run_hooks(&tool, &[("messy.vpce", NOT_CANONICAL)]);
    let output = text(&messy);
    assert_eq!(messy.status.code(), Some(1), "{output}");
    assert!(output.contains("- hook id: vpcec-fmt"), "{output}");
    assert!(output.contains("not formatted: messy.vpce"), "{output}");
    assert!(!output.contains("- hook id: vpcec-check"), "{output}");

    // Drop the clones of earlier commits from the shared cache (best effort:
    // their temporary configs are gone, so pre-commit sees them as unused).
    let _ = Command::new(&tool)
        .arg("gc")
        .env(
            "PRE_COMMIT_HOME",
            Path::new(MANIFEST_DIR).join("target/pre-commit-home"),
        )
        .output();
}
