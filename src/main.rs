//! The `vpcec` command-line entry point.

/// mimalloc instead of glibc's malloc: the compiler allocates many small
/// strings and maps, and glibc's malloc and free were about a quarter of a
/// large build's CPU (BENCHMARKS.md). Built with `no_thp`: with transparent
/// huge pages mimalloc zeroes 2 MiB pages at start-up, which cost every small
/// run (a pre-commit hook) over a millisecond of CPU.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    vpcec::cli::main()
}
