//! `vpcec fmt`: rewrite files in canonical form, or check that they are.

use super::args::FmtArgs;
use super::diff::short_diff;
use super::io::{expand_paths, read_source, replace_file};
use super::{print_human, trouble, Status};
use crate::syntax::format::format;

/// Runs `fmt`. With `--check`, exit 1 when a file is not canonical; without,
/// rewrite each file that is not (atomically). A file that does not parse is
/// left alone and reported (exit 1).
pub fn run(args: &FmtArgs) -> Status {
    let files = match expand_paths(&args.paths) {
        Ok(files) => files,
        Err(problem) => return trouble(&problem.0),
    };
    let mut status = Status::Ok;
    for path in &files {
        let file = match read_source(path) {
            Ok(file) => file,
            Err(problem) => {
                status = status.max(trouble(&problem.0));
                continue;
            }
        };
        let formatted = match format(&file.text) {
            Ok(formatted) => formatted,
            Err(diagnostics) => {
                print_human(&file, &diagnostics);
                status = status.max(Status::Failed);
                continue;
            }
        };
        if formatted == file.text {
            continue;
        }
        if args.check {
            eprintln!(
                "not formatted: {}\n{}",
                file.name,
                short_diff(&file.text, &formatted, 20)
            );
            status = status.max(Status::Failed);
        } else if let Err(problem) = replace_file(path, &formatted) {
            status = status.max(trouble(&problem.0));
        } else {
            eprintln!("formatted {}", file.name);
        }
    }
    status
}
