//! Phase 5: the command line. Exit status: 0 without errors (warnings
//! allowed), 1 when the input has errors, 2 for a usage or I/O problem.

pub mod args;
mod build;
mod check;
mod diff;
pub(crate) mod explain;
mod fmt;
pub mod io;
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
        Command::Man => man_page(),
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

/// Prints diagnostics of one file to standard error, with a closing count.
pub fn print_human(file: &SourceFile, diagnostics: &[Diagnostic]) {
    let report = human_report(file, diagnostics, stderr_color());
    let _ = std::io::stderr().lock().write_all(report.as_bytes());
}

/// Diagnostics of one file as people read them, with a closing count; empty
/// when there are none.
pub fn human_report(file: &SourceFile, diagnostics: &[Diagnostic], color: bool) -> String {
    if diagnostics.is_empty() {
        return String::new();
    }
    let mut report = render_human(file, diagnostics, color);
    let errors = diagnostics.iter().filter(|d| d.severity() == Severity::Error).count();
    let warnings = diagnostics.len() - errors;
    report.push_str(&format!("{}: {}\n", file.name, count_phrase(errors, warnings)));
    report
}

/// "2 errors, 1 warning".
pub fn count_phrase(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!("{}, {}", plural(errors, "error"), plural(warnings, "warning"))
}

fn completions(shell: Shell) -> Status {
    let mut command = Cli::command();
    let shell = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
    };
    clap_complete::generate(shell, &mut command, "vpcec", &mut std::io::stdout());
    Status::Ok
}

fn man_page() -> Status {
    let page = clap_mangen::Man::new(Cli::command());
    match page.render(&mut std::io::stdout()) {
        Ok(()) => Status::Ok,
        Err(e) => trouble(&format!("cannot write the man page: {}", io::describe(&e))),
    }
}
