//! Phase 5: the command line. Exit status: 0 without errors (warnings
//! allowed), 1 when the input has errors, 2 for a usage or I/O problem.

pub mod args;
mod build;
mod check;
mod diff;
pub(crate) mod explain;
mod fmt;
pub mod io;
pub mod man;
mod parallel;
mod report;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use crate::aws::Catalog;
use crate::diagnostics::{render_human, Diagnostic, SourceFile};
use crate::rules::Severity;
use args::{Cli, Command, Shell};

/// The exit statuses of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// No error.
    Ok = 0,
    /// The input has errors (or warnings under `--deny-warnings`, or stale outputs).
    Failed = 1,
    /// A usage or I/O problem.
    Trouble = 2,
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> Self {
        ExitCode::from(status as u8)
    }
}

/// Runs the command line and returns the exit status.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { 2 } else { 0 });
        }
    };
    run(cli).into()
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Status {
    match cli.command {
        Command::Build(args) => with_catalog(|catalog| build::run(&args, catalog)),
        Command::Check(args) => with_catalog(|catalog| check::run(&args, catalog)),
        Command::Explain(args) => explain::run(&args),
        Command::Completions(args) => completions(args.shell),
        Command::Man(args) => man::run(&args),
        Command::Lsp => match crate::lsp::run() {
            Ok(true) => Status::Ok,
            Ok(false) => Status::Failed,
            Err(error) => trouble(&error.to_string()),
        },
        Command::Reach(args) => with_catalog(|catalog| report::reach(&args, catalog)),
        Command::Graph(args) => with_catalog(|catalog| report::graph(&args, catalog)),
        Command::Cost(args) => with_catalog(|catalog| report::cost(&args, catalog)),
        Command::Fmt(args) => fmt::run(&args),
    }
}

fn with_catalog(body: impl FnOnce(&Catalog) -> Status) -> Status {
    match Catalog::builtin() {
        Ok(catalog) => body(catalog),
        Err(error) => trouble(&format!("the embedded AWS data is broken: {error}")),
    }
}

/// Reads every `.vpce` file that `paths` name (folders searched recursively)
/// and hands each readable one to `each`; a file that cannot be read is a
/// one-line error. Returns the worst status of all files.
pub fn each_source(
    paths: &[std::path::PathBuf],
    mut each: impl FnMut(&std::path::Path, SourceFile) -> Status,
) -> Status {
    let files = match io::expand_paths(paths) {
        Ok(files) => files,
        Err(problem) => return trouble(&problem.0),
    };
    let mut status = Status::Ok;
    for path in &files {
        status = status.max(match io::read_source(path) {
            Ok(file) => each(path, file),
            Err(problem) => trouble(&problem.0),
        });
    }
    status
}

/// Writes `text` to standard output and flushes it. A reader that stops
/// early (`vpcec reach FILE | head -1`) closes the pipe: that is not a
/// failure, so the command ends quietly with [`Status::Ok`]; any other write
/// error is a one-line error ([`Status::Trouble`]).
pub fn print_stdout(text: impl AsRef<[u8]>) -> Status {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_ref()).and_then(|()| stdout.flush()) {
        Ok(()) => Status::Ok,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Status::Ok,
        Err(error) => trouble(&format!("cannot write to standard output: {}", io::describe(&error))),
    }
}

/// Prints a one-line error and returns [`Status::Trouble`].
pub fn trouble(message: &str) -> Status {
    eprintln!("error: {message}");
    Status::Trouble
}

/// Whether standard error should get colours: a terminal, and no `NO_COLOR`.
pub fn stderr_color() -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    !no_color && std::io::stderr().is_terminal()
}

/// Prints diagnostics of one file to standard error, followed by the
/// [`summary`] line; prints nothing when there are none.
pub fn print_human(file: &SourceFile, diagnostics: &[Diagnostic]) {
    if diagnostics.is_empty() {
        return;
    }
    let mut report = human_report(file, diagnostics, stderr_color());
    let (errors, warnings) = counts(diagnostics);
    report.push_str(&summary(1, errors, warnings));
    let _ = std::io::stderr().lock().write_all(report.as_bytes());
}

/// Diagnostics of one file as people read them; empty when there are none.
pub fn human_report(file: &SourceFile, diagnostics: &[Diagnostic], color: bool) -> String {
    if diagnostics.is_empty() {
        return String::new();
    }
    render_human(file, diagnostics, color)
}

/// The numbers of errors and of warnings among `diagnostics`.
pub fn counts(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics.iter().filter(|d| d.severity() == Severity::Error).count();
    (errors, diagnostics.len() - errors)
}

/// The closing line of every command that reports diagnostics, the same for
/// one file and for many: "checked 2 files: 1 error, 0 warnings".
pub fn summary(files: usize, errors: usize, warnings: usize) -> String {
    format!(
        "checked {}: {}\n",
        plural(files, "file"),
        count_phrase(errors, warnings)
    )
}

/// "2 errors, 1 warning".
pub fn count_phrase(errors: usize, warnings: usize) -> String {
    format!("{}, {}", plural(errors, "error"), plural(warnings, "warning"))
}

/// "1 file", "2 files".
fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

fn completions(shell: Shell) -> Status {
    let mut command = Cli::command();
    let shell = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
    };
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "vpcec", &mut script);
    print_stdout(script)
}
