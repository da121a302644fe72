//! Bad input from the filesystem and the command line: one-line errors, the
//! contract's exit statuses, never a panic, and nothing written.

use std::fs;
use std::path::Path;
use std::process::Output;

use crate::support::cli::vpcec;

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn assert_one_line_error(output: &Output, status: i32, needle: &str) {
    assert_eq!(output.status.code(), Some(status), "stderr: {}", stderr(output));
    let text = stderr(output);
    assert_eq!(text.lines().count(), 1, "expected one line, got: {text}");
    assert!(text.starts_with("error: "), "{text}");
    assert!(text.contains(needle), "{text} should mention {needle}");
    assert!(!text.contains("panicked"), "{text}");
}

#[test]
fn missing_file() {
    let out = vpcec(&["build", "/definitely/not/here.vpce", "--target", "cfn"]);
    assert_one_line_error(&out, 2, "no such file");
}

#[test]
fn directory_given_to_build() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().to_string_lossy().into_owned();
    let out = vpcec(&["build", &path, "--target", "cfn"]);
    assert_one_line_error(&out, 2, "is a directory");
    Ok(())
}

#[test]
fn not_utf8() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("latin1.vpce");
    fs::write(&file, b"region eu-west-1; # caf\xe9\n")?;
    let out = vpcec(&["check", &file.to_string_lossy()]);
    assert_one_line_error(&out, 2, "not UTF-8");
    Ok(())
}

#[test]
fn binary_file() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("blob.vpce");
    fs::write(&file, [0x7f, b'E', b'L', b'F', 0, 0, 1, 2])?;
    let out = vpcec(&["build", &file.to_string_lossy(), "--target", "tf"]);
    assert_one_line_error(&out, 2, "binary");
    Ok(())
}

#[test]
fn empty_file() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("empty.vpce");
    fs::write(&file, "  \n\n")?;
    let out = vpcec(&["build", &file.to_string_lossy(), "--target", "cfn"]);
    // An error in the input (E128, exit 1), not a problem reading it.
    assert_eq!(out.status.code(), Some(1), "stderr: {}", stderr(&out));
    assert!(stderr(&out).starts_with("error[E128]: "), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    Ok(())
}

#[test]
fn huge_file() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("huge.vpce");
    let line = "# padding padding padding padding padding padding padding padding padding\n";
    fs::write(&file, line.repeat(9 * 1024 * 1024 / line.len() + 1))?;
    let out = vpcec(&["check", &file.to_string_lossy()]);
    assert_one_line_error(&out, 2, "over the limit");
    Ok(())
}

#[test]
fn unknown_explain_code() {
    let out = vpcec(&["explain", "E999"]);
    assert_one_line_error(&out, 2, "unknown diagnostic code `E999`");
}

#[test]
fn usage_errors_exit_2() {
    let out = vpcec(&["build"]);
    assert_eq!(out.status.code(), Some(2));
    let out = vpcec(&["build", "x.vpce", "--target", "pulumi"]);
    assert_eq!(out.status.code(), Some(2));
    let out = vpcec(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn explain_prints_every_code() {
    for rule in vpcec::rules::RULES {
        let out = vpcec(&["explain", rule.code.as_str()]);
        assert_eq!(out.status.code(), Some(0), "{}", rule.code.as_str());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.starts_with(rule.code.as_str()), "{text}");
        assert!(text.contains("## How to fix it"), "{text}");
        assert!(!text.contains("TODO"), "{} has a TODO doc", rule.code.as_str());
    }
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish"] {
        let out = vpcec(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0));
        assert!(String::from_utf8_lossy(&out.stdout).contains("vpcec"));
    }
    let out = vpcec(&["man"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains(".TH vpcec"));
}

/// Snapshot of a folder: every file name and its bytes.
fn listing(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| {
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        fs::read(e.path()).unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn a_failing_build_writes_nothing() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let source = dir.path().join("broken.vpce");
    fs::write(&source, "region eu-west-1;\nvpc v cidr 10.0.0.0/16;\nsubnet s cidr 10.0.1.0/24 az eu-west-1a;\nsubnet s reaches kms via gateway;\n")?;
    let out_dir = dir.path().join("out");
    fs::create_dir(&out_dir)?;
    fs::write(out_dir.join("broken.eu-west-1.yaml"), "hand edited\n")?;
    let before = listing(&out_dir);
    let out = vpcec(&[
        "build",
        &source.to_string_lossy(),
        "--target",
        "cfn",
        "-o",
        &out_dir.to_string_lossy(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(listing(&out_dir), before);
    Ok(())
}

#[cfg(unix)]
#[test]
fn unwritable_output_folder() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let source = dir.path().join("ok.vpce");
    fs::write(&source, "region eu-west-1;\nvpc v cidr 10.0.0.0/16;\nsubnet s cidr 10.0.1.0/24 az eu-west-1a;\nsubnet s reaches s3 via gateway;\n")?;
    // A regular file where the output folder should be cannot be written into, even as root.
    let blocker = dir.path().join("out");
    fs::write(&blocker, "not a folder")?;
    let out = vpcec(&[
        "build",
        &source.to_string_lossy(),
        "--target",
        "cfn",
        "-o",
        &blocker.to_string_lossy(),
    ]);
    assert_one_line_error(&out, 2, "cannot create");
    assert_eq!(fs::read_to_string(&blocker)?, "not a folder");
    Ok(())
}

#[test]
fn the_language_reference_lists_every_code() {
    let reference =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/language.md")).unwrap_or_default();
    for rule in vpcec::rules::RULES {
        let row = format!("| {} | {} |", rule.code.as_str(), rule.name);
        assert!(
            reference.contains(&row),
            "docs/language.md lacks the row of {}",
            rule.code.as_str()
        );
    }
}

#[test]
fn a_declaration_that_does_not_parse_is_not_reported_again_at_every_use() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("typos.vpce");
    fs::write(
        &file,
        "region eu-west-1;\nvpc v cidr 10.0.0.0/16 regoin eu-west-1;\nsubnet a cidr 10.0.1.0/24 az eu-west-1a;\n\
         bucket bk-1 reigon x;\nsubnet a reaches bucket bk-1 via gateway;\nsubnet a reaches bucket bk-2 via gateway;\n",
    )?;
    let out = vpcec(&["check", &file.to_string_lossy(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let found: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    let codes: Vec<&str> = found
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["code"].as_str())
        .collect();
    // Two typos, two E001; `bk-2` really is undeclared.
    assert_eq!(codes, ["E001", "E001", "E002"], "{found}");
    Ok(())
}

/// Runs `vpcec ARGS` under `umask MASK` (a shell sets it, as a user's would).
#[cfg(unix)]
fn vpcec_with_umask(mask: &str, dir: &Path, args: &[&str]) -> Output {
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("umask {mask} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_vpcec"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|error| panic!("cannot run vpcec: {error}"))
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// Generated files follow the umask like any other new file (0644 under
/// 022, 0640 under 027), not the 0600 of a private temporary file; `fmt`
/// keeps the mode a file already has.
#[cfg(unix)]
#[test]
fn written_files_follow_the_umask() -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir()?;
    fs::write(
        dir.path().join("two.vpce"),
        "region eu-west-1;\nvpc v cidr 10.0.0.0/16;\nvpc w cidr 10.1.0.0/16 region us-east-1;\n\
         subnet s in v cidr 10.0.1.0/24 az eu-west-1a;\nsubnet t in w cidr 10.1.1.0/24 az us-east-1a;\n\
         subnet s reaches s3 via gateway;\nsubnet t reaches s3 via gateway;\n",
    )?;
    for (mask, expected) in [("022", 0o644), ("027", 0o640), ("077", 0o600)] {
        let out_dir = format!("out-{mask}");
        for target in ["cfn", "tf"] {
            let out = vpcec_with_umask(
                mask,
                dir.path(),
                &["build", "two.vpce", "--target", target, "-o", &out_dir],
            );
            assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        }
        let written: Vec<_> = fs::read_dir(dir.path().join(&out_dir))?.collect::<Result<_, _>>()?;
        assert_eq!(written.len(), 3, "two templates and one .tf file under umask {mask}");
        for entry in written {
            assert_eq!(
                mode(&entry.path()),
                expected,
                "{} under umask {mask}",
                entry.path().display()
            );
        }
    }
    let source = dir.path().join("two.vpce");
    fs::write(&source, "region   eu-west-1;\nvpc v cidr 10.0.0.0/16;\n")?;
    fs::set_permissions(&source, fs::Permissions::from_mode(0o664))?;
    let out = vpcec_with_umask("077", dir.path(), &["fmt", "two.vpce"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        fs::read_to_string(&source)?,
        "region eu-west-1;\nvpc v cidr 10.0.0.0/16;\n"
    );
    assert_eq!(mode(&source), 0o664, "fmt keeps the file's own mode");
    Ok(())
}
