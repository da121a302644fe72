//! The programs of the checkout: `examples/*.vpce` and the deployment
//! fixtures, and their Terraform.

use std::path::{Path, PathBuf};

use super::root;

/// The `*.vpce` files of `dir` (relative to the checkout), sorted.
fn programs_in(dir: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .map(|entries| entries.filter_map(Result::ok).map(|entry| entry.path()).collect())
        .unwrap_or_default();
    found.retain(|path| path.extension().is_some_and(|ext| ext == "vpce"));
    found.sort();
    found
}

/// Every `examples/*.vpce`, sorted.
pub fn examples() -> Vec<PathBuf> {
    programs_in("examples")
}

/// The programs of `tests/fixtures/deploy/` (deployment concerns), sorted.
pub fn deploy_fixtures() -> Vec<PathBuf> {
    programs_in("tests/fixtures/deploy")
}

/// Compiles a program of the checkout and emits its Terraform; `None` when
/// the file has errors (examples of diagnostics).
pub fn example_tf(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).unwrap();
    // Named as a user would type it in the checkout, so snapshots do not depend on where it is.
    let name = path.strip_prefix(root()).unwrap_or(path).display().to_string();
    let file = vpcec::diagnostics::SourceFile { name, text };
    let catalog = vpcec::aws::Catalog::builtin().unwrap();
    let compilation = vpcec::driver::compile(&file, catalog);
    let plan = compilation.plan?;
    Some(vpcec::emit::tf::emit(&plan).unwrap().content)
}
