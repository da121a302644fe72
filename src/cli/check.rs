//! `vpcec check`: diagnostics for files and folders, as text, JSON or SARIF;
//! with `--fix`, after applying the machine-applicable fixes.

use std::io::Write;

use super::args::{CheckArgs, DiagnosticFormat};
use super::io::replace_file;

use super::{human_report, io, parallel, stderr_color, trouble, Status};
use crate::aws::Catalog;
use crate::diagnostics::{render_json, sarif, Diagnostic, SourceFile};
use crate::driver::{compile, diagnostics_before_exit};
use crate::fix::fix_file;
use crate::rules::Severity;

/// One file's outcome: its diagnostics and, for human output, their report;
/// or the one-line problem that kept it from being read.
type Outcome = Result<(SourceFile, Vec<Diagnostic>, String), String>;

/// Runs `check`. Files are checked in parallel; everything is printed in the
/// files' sorted order, exactly as one at a time would print it.
pub fn run(args: &CheckArgs, catalog: &Catalog) -> Status {
    let files = match io::expand_paths(&args.paths) {
        Ok(files) => files,
        Err(problem) => return trouble(&problem.0),
    };
    let human = args.format == DiagnosticFormat::Human;
    let color = stderr_color();
    // One file: the process ends after it, so its plan need not be freed.
    let alone = files.len() == 1;
    let outcomes: Vec<Outcome> = parallel::map_in_order(&files, |path| {
        let mut file = io::read_source(path).map_err(|problem| problem.0)?;
        let mut report = String::new();
        let diagnostics = if args.fix {
            let fixed = fix_file(&file, catalog);
            if fixed.applied > 0 {
                replace_file(path, &fixed.text).map_err(|problem| problem.0)?;
                report.push_str(&format!(
                    "fixed {} problem{} in {}\n",
                    fixed.applied,
                    plural(fixed.applied),
                    file.name
                ));
                file.text = fixed.text;
            }
            fixed.diagnostics
        } else if alone {
            diagnostics_before_exit(&file, catalog)
        } else {
            compile(&file, catalog).diagnostics
        };
        if human {
            report.push_str(&human_report(&file, &diagnostics, color));
        }
        Ok((file, diagnostics, report))
    });
    let mut results: Vec<(SourceFile, Vec<Diagnostic>)> = Vec::with_capacity(outcomes.len());
    let mut status = Status::Ok;
    for outcome in outcomes {
        let (file, diagnostics, report) = match outcome {
            Ok(checked) => checked,
            Err(problem) => {
                status = status.max(trouble(&problem));
                continue;
            }
        };
        let failing = diagnostics
            .iter()
            .any(|d| d.severity() == Severity::Error || (args.deny_warnings && d.severity() == Severity::Warning));
        if failing {
            status = status.max(Status::Failed);
        }
        if !report.is_empty() {
            let _ = std::io::stderr().lock().write_all(report.as_bytes());
        }
        results.push((file, diagnostics));
    }
    let printed = match args.format {
        DiagnosticFormat::Human => Ok(()),
        DiagnosticFormat::Json => {
            let all: Vec<_> = results
                .iter()
                .flat_map(|(file, diags)| render_json(file, diags))
                .collect();
            serde_json::to_string_pretty(&all)
                .map_err(ReportError::Serialise)
                .and_then(|text| print_line(&text))
        }
        DiagnosticFormat::Sarif => serde_json::to_string_pretty(&sarif::log(&results))
            .map_err(ReportError::Serialise)
            .and_then(|text| print_line(&text)),
    };
    if let Err(error) = printed {
        return trouble(&format!("cannot write the report: {error}"));
    }
    let single_with_findings = results.len() == 1 && results.iter().all(|(_, d)| !d.is_empty());
    if args.format == DiagnosticFormat::Human && status == Status::Ok && !single_with_findings {
        let warnings: usize = results.iter().map(|(_, d)| d.len()).sum();
        eprintln!(
            "checked {} file{}: no errors, {} warning{}",
            results.len(),
            plural(results.len()),
            warnings,
            plural(warnings)
        );
    }
    if args.deny_warnings && status == Status::Failed && args.format == DiagnosticFormat::Human {
        let errors: usize = results.iter().flat_map(|(_, d)| d).filter(|d| d.is_error()).count();
        if errors == 0 {
            eprintln!("error: warnings are denied (`--deny-warnings`)");
        }
    }
    status
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Why the JSON or SARIF report could not be written.
#[derive(Debug)]
enum ReportError {
    /// It could not be serialised.
    Serialise(serde_json::Error),
    /// Standard output refused it.
    Write(std::io::Error),
}

impl std::fmt::Display for ReportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReportError::Serialise(e) => e.fmt(f),
            ReportError::Write(e) => e.fmt(f),
        }
    }
}

fn print_line(text: &str) -> Result<(), ReportError> {
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{text}").map_err(ReportError::Write)
}
