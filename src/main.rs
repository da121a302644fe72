//! The `vpcec` command-line entry point.

mod allocator;

/// mimalloc instead of glibc's malloc: see [`allocator`].
#[global_allocator]
static ALLOCATOR: allocator::MiMalloc = allocator::MiMalloc;

fn main() -> std::process::ExitCode {
    vpcec::cli::main()
}
