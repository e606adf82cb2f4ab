//! The `chainscore` binary: parse the command line, run, map the outcome to an exit
//! code. Everything else lives in the library.

use std::process::ExitCode;

/// polars allocates and frees column buffers of hundreds of megabytes; the
/// system allocator returned each to the kernel and faulted fresh pages in
/// for the next (a million-project run spent a third of its CPU time in page
/// faults). mimalloc keeps and reuses them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let code = chainscore::cli::main(std::env::args_os());
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
