//! `vpcec check`: diagnostics for files and folders, as text, JSON or SARIF;
//! with `--fix`, after applying the machine-applicable fixes.

use std::io::Write;

use super::args::{CheckArgs, DiagnosticFormat};
use super::io::replace_file;

use super::{each_source, print_human, trouble, Status};
use crate::aws::Catalog;
use crate::diagnostics::{render_json, sarif, Diagnostic, SourceFile};
use crate::driver::compile;
use crate::fix::fix_file;
use crate::rules::Severity;

/// Runs `check`.
pub fn run(args: &CheckArgs, catalog: &Catalog) -> Status {
    let mut results: Vec<(SourceFile, Vec<Diagnostic>)> = Vec::new();
    let status = each_source(&args.paths, |path, mut file| {
        let diagnostics = if args.fix {
            let fixed = fix_file(&file, catalog);
            if fixed.applied > 0 {
                if let Err(problem) = replace_file(path, &fixed.text) {
                    return trouble(&problem.0);
                }
                eprintln!(
                    "fixed {} problem{} in {}",
                    fixed.applied,
                    plural(fixed.applied),
                    file.name
                );
                file.text = fixed.text;
            }
            fixed.diagnostics
        } else {
            compile(&file, catalog).diagnostics
        };
        let failing = diagnostics
            .iter()
            .any(|d| d.severity() == Severity::Error || (args.deny_warnings && d.severity() == Severity::Warning));
        if args.format == DiagnosticFormat::Human {
            print_human(&file, &diagnostics);
        }
        results.push((file, diagnostics));
        if failing {
            Status::Failed
        } else {
            Status::Ok
        }
    });
    let printed = match args.format {
        DiagnosticFormat::Human => Ok(()),
        DiagnosticFormat::Json => {
            let all: Vec<_> = results
                .iter()
                .flat_map(|(file, diags)| render_json(file, diags))
                .collect();
            serde_json::to_string_pretty(&all)
                .map_err(|e| e.to_string())
                .and_then(|text| print_line(&text))
        }
        DiagnosticFormat::Sarif => serde_json::to_string_pretty(&sarif::log(&results))
            .map_err(|e| e.to_string())
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

fn print_line(text: &str) -> Result<(), String> {
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{text}").map_err(|e| e.to_string())
}
