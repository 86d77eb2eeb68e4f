//! Entry point of the runner's dedicated worker: carries out the engine's commands off the page's main thread (the host build has nothing to run).

#[cfg(target_arch = "wasm32")]
fn main() {
    bucket_portal::runner::worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the runner is a web worker: `trunk build --release` builds it (see README.md).");
}
