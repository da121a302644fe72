//! Chains the phases for one source file.

use crate::aws::Catalog;
use crate::check::model::Model;
use crate::diagnostics::{self, Diagnostic, SourceFile};
use crate::plan::model::Plan;
use crate::plan::Purpose;

/// The result of checking and planning one file.
#[derive(Debug, Clone)]
pub struct Compilation {
    /// Every diagnostic, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// The checked model, present only when there is no error.
    pub model: Option<Model>,
    /// The plan, present only when there is no error.
    pub plan: Option<Plan>,
}

/// The file stem used to name outputs: the file name without directory and `.vpce`.
pub fn stem_of(path: &str) -> String {
    let file = path.rsplit(['/', '\\']).next().unwrap_or(path);
    file.strip_suffix(".vpce").unwrap_or(file).to_string()
}

/// Parses, checks and plans one file.
pub fn compile(file: &SourceFile, catalog: &Catalog) -> Compilation {
    compile_keeping_tree(file, catalog, Purpose::Output).0
}

/// [`compile`] for a process that exits right after using the result: the
/// syntax tree is left for the operating system to reclaim, since freeing a
/// large tree (or plan) piece by piece costs a good part of building it. The
/// caller may leave the model and plan too ([`std::mem::forget`]). Call it
/// once per process, not per file of a folder.
pub fn compile_before_exit(file: &SourceFile, catalog: &Catalog) -> Compilation {
    let (compilation, program) = compile_keeping_tree(file, catalog, Purpose::Output);
    std::mem::forget(program);
    compilation
}

/// The diagnostics of one file (of a folder): the plan is built without its
/// stack outputs ([`Purpose::Diagnostics`]) and freed.
pub fn diagnostics_of(file: &SourceFile, catalog: &Catalog) -> Vec<Diagnostic> {
    compile_keeping_tree(file, catalog, Purpose::Diagnostics).0.diagnostics
}

/// The diagnostics of one file, for a process that exits right after: like
/// [`compile_before_exit`], also leaving the model and plan unfreed.
/// The plan is built without its stack outputs ([`Purpose::Diagnostics`]).
pub fn diagnostics_before_exit(file: &SourceFile, catalog: &Catalog) -> Vec<Diagnostic> {
    let (
        Compilation {
            diagnostics,
            model,
            plan,
        },
        program,
    ) = compile_keeping_tree(file, catalog, Purpose::Diagnostics);
    std::mem::forget(program);
    std::mem::forget(model);
    std::mem::forget(plan);
    diagnostics
}

/// [`compile`], also handing back the syntax tree.
fn compile_keeping_tree(
    file: &SourceFile,
    catalog: &Catalog,
    purpose: Purpose,
) -> (Compilation, crate::syntax::ast::Program) {
    let (program, mut diagnostics) = crate::syntax::parse(&file.text);
    if !diagnostics::has_errors(&diagnostics) && program.statements.is_empty() {
        diagnostics.push(empty_program(file));
    }
    let (model, check_diagnostics) = crate::check::check(&program, catalog);
    diagnostics.extend(check_diagnostics);
    let mut plan = None;
    let mut checked = None;
    // The plan's own warnings, when it does not run.
    let mut not_run = crate::plan::WARNINGS;
    if let (Some(model), false) = (model, diagnostics::has_errors(&diagnostics)) {
        not_run = &[];
        let (built, plan_diagnostics) =
            crate::plan::build_for(purpose, &model, catalog, &file.name, &stem_of(&file.name));
        diagnostics.extend(plan_diagnostics);
        if !diagnostics::has_errors(&diagnostics) {
            plan = Some(built);
            checked = Some(model);
        }
    }
    // Suppression comments apply to every phase's warnings, so they go last.
    // An invalid suppression (E122) is an error too: then there is no plan.
    let diagnostics = crate::check::suppress::apply(&file.text, &program, diagnostics, not_run);
    if diagnostics::has_errors(&diagnostics) {
        plan = None;
        checked = None;
    }
    let compilation = Compilation {
        diagnostics,
        model: checked,
        plan,
    };
    (compilation, program)
}

/// E128: a file without a single statement (empty, blank, or only
/// comments), so that `check` and `build` give the same verdict on it (an
/// error) instead of passing it or building nothing.
fn empty_program(file: &SourceFile) -> Diagnostic {
    Diagnostic::unlocated(
        crate::rules::Code::E128,
        format!("`{}` declares nothing: it is empty or holds only comments", file.name),
    )
    .with_help("declare a `vpc`, a `subnet` and an intent such as `subnet app reaches s3 via gateway;` (`vpcec explain E128` shows a whole file)")
}
