//! `vpcec fmt`: rewrite files in canonical form, or check that they are.

use super::args::FmtArgs;
use super::diff::short_diff;
use super::io::replace_file;
use super::{each_source, human_report, stderr_color, trouble, Status};
use crate::syntax::format::format;

/// Runs `fmt`. With `--check`, exit 1 when a file is not canonical; without,
/// rewrite each file that is not (atomically). A file that does not parse is
/// left alone and reported (exit 1).
pub fn run(args: &FmtArgs) -> Status {
    each_source(&args.paths, |path, file| {
        let formatted = match format(&file.text) {
            Ok(formatted) => formatted,
            Err(diagnostics) => {
                eprint!("{}", human_report(&file, &diagnostics, stderr_color()));
                return Status::Failed;
            }
        };
        if formatted == file.text {
            Status::Ok
        } else if args.check {
            eprintln!(
                "not formatted: {}\n{}",
                file.name,
                short_diff(&file.text, &formatted, 20)
            );
            Status::Failed
        } else if let Err(problem) = replace_file(path, &formatted) {
            trouble(&problem.0)
        } else {
            eprintln!("formatted {}", file.name);
            Status::Ok
        }
    })
}
