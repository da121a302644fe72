//! The one place that decides what a test does when an outside tool is
//! missing: under CI (`CI` set, and not `false` or `0`) the test fails, so a
//! broken install cannot pass silently; locally it is skipped with a printed
//! note. The tools come from `.tools/` (scripts/install-tools.sh).
//!
//! ```ignore
//! let Some(lint) = tools::Needs::new("cfn-lint").venv_bin("cfn-lint") else { return };
//! ```

use std::path::PathBuf;
use std::process::{Command, Output};

use super::root;

/// What one test needs from outside; build it up, then ask [`Needs::ready`].
#[must_use]
pub struct Needs {
    purpose: String,
    missing: Vec<String>,
}

impl Needs {
    /// Needs for `purpose` (named in the note or the failure).
    pub fn new(purpose: &str) -> Needs {
        Needs {
            purpose: purpose.to_string(),
            missing: Vec::new(),
        }
    }

    /// A file or executable at `relative` under `.tools/`.
    pub fn file(mut self, relative: &str) -> Needs {
        let path = tools_dir().join(relative);
        if !path.exists() {
            self.missing.push(path.display().to_string());
        }
        self
    }

    /// Python modules importable by `.tools/venv/bin/python`.
    pub fn python_modules(mut self, modules: &[&str]) -> Needs {
        let python = python();
        if !python.exists() {
            self.missing.push(python.display().to_string());
            return self;
        }
        let script = format!("import {}", modules.join(", "));
        let imports = Command::new(&python)
            .args(["-c", &script])
            .output()
            .is_ok_and(|output| output.status.success());
        if !imports {
            self.missing
                .push(format!("the python modules {} in .tools/venv", modules.join(", ")));
        }
        self
    }

    /// An npm package under `.tools/node/node_modules`, and `node` to run it.
    pub fn node_package(mut self, package: &str) -> Needs {
        self = self.command("node");
        self.file(&format!("node/node_modules/{package}/package.json"))
    }

    /// A command on the `PATH` that answers `--version`.
    pub fn command(mut self, name: &str) -> Needs {
        let answers = Command::new(name)
            .arg("--version")
            .output()
            .is_ok_and(|output| output.status.success());
        if !answers && !self.missing.iter().any(|m| m == name) {
            self.missing.push(name.to_string());
        }
        self
    }

    /// Whether everything is there. When something is missing: panics under
    /// CI, and otherwise prints a note saying what is skipped and why.
    pub fn ready(self) -> bool {
        if self.missing.is_empty() {
            return true;
        }
        let problem = format!(
            "{} needs {} (run scripts/install-tools.sh)",
            self.purpose,
            self.missing.join(", ")
        );
        assert!(!in_ci(), "{problem}");
        eprintln!("note: skipping, {problem}");
        false
    }

    /// `.tools/venv/bin/NAME` when it and everything else needed is there.
    pub fn venv_bin(self, name: &str) -> Option<PathBuf> {
        let needs = self.file(&format!("venv/bin/{name}"));
        needs.ready().then(|| tools_dir().join("venv/bin").join(name))
    }

    /// `.tools/venv/bin/python` when it and everything else needed is there.
    pub fn python(self) -> Option<PathBuf> {
        self.venv_bin("python")
    }
}

/// `.tools/` of the checkout.
pub fn tools_dir() -> PathBuf {
    root().join(".tools")
}

/// The virtualenv's Python (it may be missing; see [`Needs`]).
pub fn python() -> PathBuf {
    tools_dir().join("venv/bin/python")
}

/// Whether the tests run under CI, where a missing tool is a failure.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|value| !matches!(value.as_str(), "" | "0" | "false"))
}

/// Runs an outside tool to completion; returns whether it succeeded and its
/// standard output followed by its standard error, for assertion messages.
pub fn run_captured(command: &mut Command) -> (bool, String) {
    let output = command
        .output()
        .unwrap_or_else(|error| panic!("cannot run {command:?}: {error}"));
    (output.status.success(), captured(&output))
}

/// A finished tool's standard output followed by its standard error.
pub fn captured(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}
