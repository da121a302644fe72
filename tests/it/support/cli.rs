//! Running the built `vpcec` binary as a user would, without colours.

use std::path::Path;
use std::process::{Command, Output};

/// Runs `vpcec ARGS` in `dir` with `NO_COLOR` set.
pub fn vpcec_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vpcec"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|error| panic!("cannot run vpcec: {error}"))
}

/// Runs `vpcec ARGS` at the root of the checkout.
pub fn vpcec(args: &[&str]) -> Output {
    vpcec_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}
