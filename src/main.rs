//! The `chainscore` binary: parse the command line, run, map the outcome to an exit
//! code. Everything else lives in the library.

use std::ffi::c_long;
use std::process::ExitCode;

/// polars allocates and frees column buffers of hundreds of megabytes; the
/// system allocator returned each to the kernel and faulted fresh pages in
/// for the next (a million-project run spent a third of its CPU time in page
/// faults). mimalloc keeps and reuses them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

// mimalloc's own option calls (the `mimalloc` crate binds only the allocator).
unsafe extern "C" {
    fn mi_option_get(option: i32) -> c_long;
    fn mi_option_set(option: i32, value: c_long);
}

/// `mi_option_purge_delay` in `mi_option_e` of the mimalloc v3 that
/// libmimalloc-sys 0.1.49 builds (pinned in Cargo.lock): the milliseconds
/// before freed memory is given back to the kernel.
const MI_OPTION_PURGE_DELAY: i32 = 15;
/// Its default.
const PURGE_DELAY_DEFAULT: c_long = 10;

/// Keeps freed memory instead of giving it back after 10 ms. On this kind of
/// virtual machine memory given back is taken away, and touching it again
/// costs the kernel a page fault and a zeroed page: on a million projects
/// that was 2.5–4.4 s of system time in a 9 s run; kept, 0.6–1.9 s, for a
/// peak about 100 MB higher (the run ends soon after its peak anyway). An
/// operator's `MIMALLOC_PURGE_DELAY` is left as set.
fn keep_freed_memory() {
    // SAFETY: both functions only read or write one option of the running
    // allocator, which mimalloc documents as callable at any time; the index
    // is checked against the option's documented default before it is set.
    unsafe {
        if mi_option_get(MI_OPTION_PURGE_DELAY) == PURGE_DELAY_DEFAULT
            && std::env::var_os("MIMALLOC_PURGE_DELAY").is_none()
        {
            mi_option_set(MI_OPTION_PURGE_DELAY, -1);
        }
    }
}

fn main() -> ExitCode {
    keep_freed_memory();
    let code = chainscore::cli::main(std::env::args_os());
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
