//! The content preprocessor's command line.
//!
//! `tdt-build [--content DIR] [--out DIR] [--shell FILE]`; inside a trunk
//! hook (`TRUNK_STAGING_DIR` set) it writes into trunk's staging folder and
//! uses the `index.html` trunk put there as the page template.

// The preprocessor makes many small strings on every core at once; mimalloc's
// per-thread heaps measured about 10 % faster than the system allocator
// (ARCHITECTURE.md).
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    tdt_preprocess::cli::main(std::env::args().skip(1).collect())
}

#[cfg(target_arch = "wasm32")]
fn main() {}
