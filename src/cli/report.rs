//! `vpcec reach`, `vpcec graph` and `vpcec cost`.

use super::args::{CostArgs, CostFormat, GraphArgs, GraphFormat, ReachArgs, ReachFormat};
use super::io::read_source;
use super::{print_human, print_stdout, trouble, Status};
use crate::aws::Catalog;
use crate::check::model::Model;
use crate::driver::compile;
use crate::plan::model::Plan;
use crate::report::{cost, graph, markdown_table, reach, text_table};

/// Compiles a file for a report; prints its diagnostics.
fn compiled(path: &std::path::Path, catalog: &Catalog) -> Result<(Model, Plan), Status> {
    let file = read_source(path).map_err(|problem| trouble(&problem.0))?;
    let compilation = compile(&file, catalog);
    print_human(&file, &compilation.diagnostics);
    match (compilation.model, compilation.plan) {
        (Some(model), Some(plan)) => Ok((model, plan)),
        _ => Err(Status::Failed),
    }
}

fn print_json<T: serde::Serialize>(value: &T) -> Status {
    match serde_json::to_string_pretty(value) {
        Ok(text) => print_stdout(format!("{text}\n")),
        Err(error) => trouble(&format!("cannot write the report: {error}")),
    }
}

/// Runs `reach`.
pub fn reach(args: &ReachArgs, catalog: &Catalog) -> Status {
    let (model, plan) = match compiled(&args.file, catalog) {
        Ok(compiled) => compiled,
        Err(status) => return status,
    };
    let rows = reach::analyse(&model, &plan);
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.subnet.clone(),
                r.target.clone(),
                if r.reachable { "yes" } else { "no" }.to_string(),
                r.via.unwrap_or("-").to_string(),
                r.reason.clone(),
            ]
        })
        .collect();
    let header = ["subnet", "target", "reachable", "via", "reason"];
    match args.format {
        ReachFormat::Json => print_json(&rows),
        ReachFormat::Table => print_stdout(text_table(&header, &cells)),
        ReachFormat::Markdown => print_stdout(markdown_table(&header, &cells)),
    }
}

/// Runs `graph`.
pub fn graph(args: &GraphArgs, catalog: &Catalog) -> Status {
    let (model, plan) = match compiled(&args.file, catalog) {
        Ok(compiled) => compiled,
        Err(status) => return status,
    };
    let text = match args.format {
        GraphFormat::Mermaid => graph::mermaid(&model, &plan),
        GraphFormat::Dot => graph::dot(&model, &plan),
    };
    print_stdout(text)
}

/// Runs `cost`.
pub fn cost(args: &CostArgs, catalog: &Catalog) -> Status {
    if !args.gb_per_month.is_finite() || args.gb_per_month < 0.0 {
        return trouble("`--gb-per-month` must be a number of gigabytes, zero or more");
    }
    let (_, plan) = match compiled(&args.file, catalog) {
        Ok(compiled) => compiled,
        Err(status) => return status,
    };
    let pricing = match cost::Pricing::builtin() {
        Ok(pricing) => pricing,
        Err(error) => return trouble(&format!("the embedded pricing data is broken: {error}")),
    };
    let report = cost::estimate(&plan, &pricing, args.gb_per_month);
    match args.format {
        CostFormat::Json => print_json(&report),
        CostFormat::Table => print_stdout(cost::table(&report)),
    }
}
