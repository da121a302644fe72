//! `vpcec explain CODE`: the rule's documentation.

use super::args::ExplainArgs;
use super::{print_stdout, trouble, Status};
use crate::rules::{self, RULES};

/// Prints a rule's doc, or the list of rules.
pub fn run(args: &ExplainArgs) -> Status {
    if args.list {
        let list: String = RULES
            .iter()
            .map(|rule| {
                format!(
                    "{}  {:<7}  {:<36}  {}\n",
                    rule.code.as_str(),
                    rule.severity.as_str(),
                    rule.name,
                    rule.summary
                )
            })
            .collect();
        return print_stdout(list);
    }
    let wanted = args.code.as_deref().unwrap_or_default();
    match rules::lookup(wanted) {
        Some(rule) => print_stdout(render(rule)),
        None => {
            let codes = RULES
                .iter()
                .map(|r| r.code.as_str())
                .chain(RULES.iter().map(|r| r.name));
            let hint = crate::suggest::closest(&wanted.to_ascii_uppercase(), codes)
                .map(|c| format!("; did you mean `{c}`?"))
                .unwrap_or_else(|| "; `vpcec explain --list` lists them".into());
            trouble(&format!("unknown diagnostic code `{wanted}`{hint}"))
        }
    }
}

/// The text `explain` prints for a rule.
pub fn render(rule: &rules::Rule) -> String {
    let mut text = format!(
        "{} ({}) — {}\nseverity: {}\n\n",
        rule.code.as_str(),
        rule.name,
        rule.summary,
        rule.severity.as_str()
    );
    text.push_str(rule.doc.trim_end());
    text.push('\n');
    text
}
