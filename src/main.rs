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
    let code = match chainscore::cli::run(std::env::args_os()) {
        Ok(code) => code,
        Err(error) => {
            let code = error
                .downcast_ref::<chainscore::Error>()
                .map(chainscore::Error::code)
                .unwrap_or(chainscore::error::EXIT_FAILURE);
            // A message may quote a cell; its control characters are shown, not obeyed.
            eprintln!("chainscore: error: {}", chainscore::printable(&format!("{error:#}")));
            code
        }
    };
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
