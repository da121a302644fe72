//! `vpcec build`: compile one file, then print, write, or compare the outputs.

use std::fs;
use std::mem::ManuallyDrop;
use std::path::Path;

use super::args::{BuildArgs, Target, TemplateFormat};
use super::diff::short_diff;
use super::io::{read_source, write_outputs};
use super::{print_human, print_stdout, trouble, Status};
use crate::aws::Catalog;
use crate::driver::{compile_before_exit, stem_of, Compilation};
use crate::emit::{cfn, tf, OutputFile};
use crate::plan::model::Plan;

/// Runs `build`.
pub fn run(args: &BuildArgs, catalog: &Catalog) -> Status {
    let file = match read_source(&args.file) {
        Ok(file) => file,
        Err(problem) => return trouble(&problem.0),
    };
    // The process ends after this build: what it built is left for the
    // operating system to reclaim rather than freed piece by piece.
    let Compilation {
        diagnostics,
        model,
        plan,
        ..
    } = compile_before_exit(&file, catalog);
    std::mem::forget(model);
    print_human(&file, &diagnostics);
    let Some(plan) = plan.map(ManuallyDrop::new) else {
        return Status::Failed;
    };
    if plan.regions.is_empty() {
        // Only a region or existing resources, and no intent (an empty file is E128).
        eprintln!("error: nothing to build: `{}` creates no resources", file.name);
        return Status::Failed;
    }
    let outputs = match emit(&plan, args) {
        Ok(outputs) => ManuallyDrop::new(outputs),
        Err(diagnostics) => {
            print_human(&file, &diagnostics);
            return Status::Failed;
        }
    };
    match &args.out_dir {
        Some(dir) if args.check => compare(dir, &outputs, &stem_of(&file.name), args),
        Some(dir) => match write_outputs(dir, &outputs) {
            Ok(()) => {
                for output in outputs.iter() {
                    eprintln!("wrote {}", dir.join(&output.name).display());
                }
                let status = prune(dir, &outputs, &stem_of(&file.name), args);
                if status == Status::Ok {
                    print_deployment_order(dir, &plan, args);
                }
                status
            }
            Err(problem) => trouble(&problem.0),
        },
        None => match outputs.as_slice() {
            [single] => print_stdout(&single.content),
            many => {
                let names: Vec<&str> = many.iter().map(|o| o.name.as_str()).collect();
                trouble(&format!(
                    "this build writes {} files ({}); pass `-o DIR` to write them",
                    many.len(),
                    names.join(", ")
                ))
            }
        },
    }
}

fn emit(plan: &Plan, args: &BuildArgs) -> Result<Vec<OutputFile>, Vec<crate::diagnostics::Diagnostic>> {
    match args.target {
        Target::Cfn => cfn::emit(plan, cfn_format(args)),
        Target::Tf => tf::emit(plan).map(|file| vec![file]),
    }
}

/// Tells, on standard error, in which order to deploy the CloudFormation
/// templates when there are several: each after those whose outputs feed its
/// parameters.
fn print_deployment_order(dir: &Path, plan: &Plan, args: &BuildArgs) {
    let Target::Cfn = args.target else {
        return;
    };
    let order = cfn::deployment_order(plan, cfn_format(args));
    if order.len() < 2 {
        return;
    }
    eprintln!("deploy the templates in this order, passing each the outputs it names as parameters:");
    for (number, step) in order.iter().enumerate() {
        let inputs: Vec<String> = step.inputs.iter().map(|f| dir.join(f).display().to_string()).collect();
        let from = if inputs.is_empty() {
            String::new()
        } else {
            format!("  (parameters from {})", inputs.join(", "))
        };
        eprintln!("  {}. {}{from}", number + 1, dir.join(&step.file).display());
    }
}

/// The CloudFormation serialisation the arguments ask for.
fn cfn_format(args: &BuildArgs) -> cfn::TemplateFormat {
    match args.format {
        TemplateFormat::Yaml => cfn::TemplateFormat::Yaml,
        TemplateFormat::Json => cfn::TemplateFormat::Json,
    }
}

/// Whether `name` in the output folder is one this build owns:
/// `STEM.REGION.EXT` and `STEM.REGION.late.EXT` for CloudFormation (REGION
/// shaped like an AWS region, so `STEM.params.yaml` is not), `STEM.tf` for
/// Terraform.
fn owned_by_build(name: &str, stem: &str, args: &BuildArgs) -> bool {
    match args.target {
        Target::Tf => name == format!("{stem}.tf"),
        Target::Cfn => {
            let extension = match args.format {
                TemplateFormat::Yaml => ".yaml",
                TemplateFormat::Json => ".json",
            };
            name.strip_prefix(stem)
                .and_then(|rest| rest.strip_prefix('.'))
                .and_then(|rest| rest.strip_suffix(extension))
                .map(|rest| rest.strip_suffix(".late").unwrap_or(rest))
                .is_some_and(looks_like_region)
        }
    }
}

/// `eu-west-1`, `us-gov-west-1`, `ap-southeast-4`: two letters, words, a number.
fn looks_like_region(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let lower = |part: &&str| !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase());
    match parts.as_slice() {
        [area, middle @ .., number] if !middle.is_empty() => {
            area.len() == 2
                && lower(area)
                && middle.iter().all(lower)
                && !number.is_empty()
                && number.chars().all(|c| c.is_ascii_digit())
        }
        _ => false,
    }
}

/// Files in `dir` that this build owns but no longer writes (a region that
/// left the source), sorted.
fn leftovers(dir: &Path, outputs: &[OutputFile], stem: &str, args: &BuildArgs) -> Vec<String> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| owned_by_build(name, stem, args) && !outputs.iter().any(|o| &o.name == name))
        .collect();
    names.sort();
    names
}

/// After a build: removes the leftovers, so that `--check` passes.
fn prune(dir: &Path, outputs: &[OutputFile], stem: &str, args: &BuildArgs) -> Status {
    for name in leftovers(dir, outputs, stem, args) {
        let path = dir.join(name);
        if let Err(error) = fs::remove_file(&path) {
            return trouble(&format!(
                "cannot remove the stale `{}`: {}",
                path.display(),
                super::io::describe(&error)
            ));
        }
        eprintln!("removed {}", path.display());
    }
    Status::Ok
}

/// `build --check`: exit 1 naming stale, missing and extra files; writes nothing.
fn compare(dir: &Path, outputs: &[OutputFile], stem: &str, args: &BuildArgs) -> Status {
    let mut problems = Vec::new();
    for output in outputs {
        let path = dir.join(&output.name);
        match fs::read(&path) {
            Ok(bytes) if bytes == output.content.as_bytes() => {}
            Ok(bytes) => {
                let current = String::from_utf8_lossy(&bytes);
                problems.push(format!(
                    "stale: {}\n{}",
                    path.display(),
                    short_diff(&current, &output.content, 20)
                ));
            }
            Err(_) => problems.push(format!("missing: {}", path.display())),
        }
    }
    problems.extend(
        leftovers(dir, outputs, stem, args)
            .into_iter()
            .map(|name| format!("extra: {}", dir.join(name).display())),
    );
    if problems.is_empty() {
        eprintln!(
            "{} is up to date ({} file{})",
            dir.display(),
            outputs.len(),
            if outputs.len() == 1 { "" } else { "s" }
        );
        return Status::Ok;
    }
    for problem in &problems {
        eprintln!("{problem}");
    }
    eprintln!(
        "error: `{}` is not what `vpcec build` would write ({} problem{}); run the build without `--check` to update it",
        dir.display(),
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    );
    Status::Failed
}
