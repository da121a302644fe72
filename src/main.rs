//! The `vpcec` command-line entry point.

fn main() -> std::process::ExitCode {
    vpcec::cli::main()
}
