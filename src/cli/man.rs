//! `vpcec man`: the manual pages, generated from the command-line grammar.
//! The top page `vpcec(1)` names one page per subcommand (`vpcec-build(1)`,
//! …); each of them can be printed or all of them written into a folder.

use clap::CommandFactory;

use super::args::{Cli, ManArgs};
use super::io::{describe, write_outputs};
use super::{print_stdout, trouble, Status};
use crate::emit::OutputFile;

/// Runs `man`: prints the top page, or one subcommand's page, or writes
/// every page into `--dir`.
pub fn run(args: &ManArgs) -> Status {
    let pages = match pages() {
        Ok(pages) => pages,
        Err(error) => return trouble(&format!("cannot render the man pages: {}", describe(&error))),
    };
    if let Some(dir) = &args.dir {
        return match write_outputs(dir, &pages) {
            Ok(()) => {
                for page in &pages {
                    eprintln!("wrote {}", dir.join(&page.name).display());
                }
                Status::Ok
            }
            Err(problem) => trouble(&problem.0),
        };
    }
    let wanted = match &args.subcommand {
        Some(name) => format!("vpcec-{name}.1"),
        None => "vpcec.1".to_string(),
    };
    match pages.iter().find(|page| page.name == wanted) {
        Some(page) => print_stdout(&page.content),
        None => {
            let names = pages
                .iter()
                .filter_map(|page| page.name.strip_prefix("vpcec-")?.strip_suffix(".1"));
            let asked = args.subcommand.as_deref().unwrap_or_default();
            let hint = crate::suggest::closest(asked, names.clone())
                .map(|name| format!("did you mean `{name}`?"))
                .unwrap_or_else(|| format!("the pages are {}", names.collect::<Vec<_>>().join(", ")));
            trouble(&format!("no man page for `{asked}`: {hint}"))
        }
    }
}

/// Every page, named as `man` looks them up: `vpcec.1` first, then
/// `vpcec-SUBCOMMAND.1` for each subcommand the top page lists.
pub fn pages() -> Result<Vec<OutputFile>, std::io::Error> {
    // Without the implicit `help` subcommand, which has no page of its own.
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let mut pages = vec![render(command.clone())?];
    for subcommand in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        pages.push(render(subcommand.clone())?);
    }
    Ok(pages)
}

fn render(command: clap::Command) -> Result<OutputFile, std::io::Error> {
    // Every page is from the same source: `vpcec 0.1.0`, not `build 0.1.0`.
    let page = clap_mangen::Man::new(command).source(format!("vpcec {}", env!("CARGO_PKG_VERSION")));
    let mut roff = Vec::new();
    page.render(&mut roff)?;
    Ok(OutputFile {
        name: page.get_filename(),
        content: String::from_utf8_lossy(&roff).into_owned(),
    })
}
