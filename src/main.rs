//! Entry point of the browser app: everything lives in the library.

#[cfg(target_arch = "wasm32")]
fn main() {
    tdt_site::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("tdt-site is the browser app: build it with `trunk build` (see README.md)");
}
