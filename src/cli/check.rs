//! `vpcec check`: diagnostics for files and folders, as text, JSON or SARIF;
//! with `--fix`, after applying the machine-applicable fixes.

use std::io::Write;

use super::args::{CheckArgs, DiagnosticFormat};
use super::io::replace_file;

use super::{counts, human_report, io, parallel, print_stdout, stderr_color, summary, trouble, Status};
use crate::aws::Catalog;
use crate::diagnostics::{render_json, sarif, Diagnostic, SourceFile};
use crate::driver::{diagnostics_before_exit, diagnostics_of};
use crate::fix::fix_file;
use crate::rules::Severity;

/// One file's outcome: its diagnostics and, for human output, their report;
/// or the one-line problem that kept it from being read.
type Outcome = Result<(SourceFile, Vec<Diagnostic>, String), io::IoProblem>;

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
        let mut file = io::read_source(path)?;
        let mut report = String::new();
        let diagnostics = if args.fix {
            let fixed = fix_file(&file, catalog);
            if fixed.applied > 0 {
                replace_file(path, &fixed.text)?;
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
            diagnostics_of(&file, catalog)
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
                status = status.max(trouble(&problem.0));
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
    let report = match args.format {
        DiagnosticFormat::Human => None,
        DiagnosticFormat::Json => {
            let all: Vec<_> = results
                .iter()
                .flat_map(|(file, diags)| render_json(file, diags))
                .collect();
            Some(serde_json::to_string_pretty(&all))
        }
        DiagnosticFormat::Sarif => Some(serde_json::to_string_pretty(&sarif::log(&results))),
    };
    match report {
        Some(Ok(text)) => status = status.max(print_line(&text)),
        Some(Err(error)) => return trouble(&format!("cannot write the report: {error}")),
        None => {}
    }
    // Files that could not be read have their own one-line errors.
    if human && !results.is_empty() {
        let (errors, warnings) = results
            .iter()
            .map(|(_, d)| counts(d))
            .fold((0, 0), |(e, w), (de, dw)| (e + de, w + dw));
        eprint!("{}", summary(results.len(), errors, warnings));
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

fn print_line(text: &str) -> Status {
    print_stdout(format!("{text}\n"))
}
