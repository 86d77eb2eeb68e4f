//! Entry point: mounts the Leptos app in the browser (the host build has nothing to run).

#[cfg(target_arch = "wasm32")]
fn main() {
    bucket_portal::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "bucket-portal is a web page: build it with `trunk build --release` (see README.md)."
    );
}
