//! `allow aws-buckets SET, ...;` (E104 for an unknown set): the sets of
//! AWS-owned buckets every scoped S3 endpoint policy of the file admits.

use super::Ctx;
use crate::diagnostics::Diagnostic;
use crate::rules::Code;
use crate::syntax::ast::{Program, StatementKind, Word};

/// Collects the named sets, in source order, deduplicated; reports unknown ones.
pub fn resolve(ctx: &mut Ctx, program: &Program) {
    for statement in &program.statements {
        let StatementKind::AllowAwsBuckets(allow) = &statement.kind else {
            continue;
        };
        for set in &allow.sets {
            if ctx.catalog.aws_bucket_set(&set.node).is_none() {
                let diagnostic = unknown(ctx, set);
                ctx.report(diagnostic);
            } else if !ctx.model.aws_bucket_sets.contains(&set.node) {
                ctx.model.aws_bucket_sets.push(set.node.clone());
            }
        }
    }
}

fn unknown(ctx: &Ctx, set: &Word) -> Diagnostic {
    let known: Vec<&str> = ctx.catalog.aws_bucket_sets().iter().map(|s| s.name.as_str()).collect();
    let diagnostic = Diagnostic::new(
        Code::E104,
        set.span,
        format!("unknown set of AWS-owned buckets `{}`", set.node),
    );
    if let Some(unconfirmed) = ctx.catalog.unconfirmed_aws_bucket_set(&set.node) {
        return diagnostic.with_label("its bucket names are not confirmed").with_help(format!(
            "`{}` is left out because {} (`{}`); if you trust the name, declare the bucket (`bucket NAME existing;`, not covered by `deny public`) and reach it with `allow read`",
            unconfirmed.name,
            unconfirmed.why,
            unconfirmed.patterns().join("`, `")
        ));
    }
    let diagnostic = diagnostic.with_label("vpcec does not know these buckets");
    match crate::suggest::closest(&set.node, known.iter().copied()) {
        Some(close) => diagnostic.with_help(format!("did you mean `{close}`?")),
        None => diagnostic.with_help(format!(
            "the known sets are {}; for another bucket that AWS owns, declare it (`bucket NAME existing;`, not covered by `deny public`) and reach it with `allow read`",
            known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
        )),
    }
}
