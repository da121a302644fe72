//! The `vpcec` command-line entry point.

/// mimalloc instead of the system allocator: the compiler allocates many
/// small strings and maps, where glibc's malloc and free cost a quarter of a
/// large build (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    vpcec::cli::main()
}
