//! Stamps the build with a hash of its sources, so the page and its worker (loaded under a fixed,
//! cacheable name) can tell whether they come from the same build.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::Path;

fn main() {
    let mut hasher = DefaultHasher::new();
    for input in ["src", "Cargo.toml", "Cargo.lock"] {
        println!("cargo:rerun-if-changed={input}");
        hash_path(Path::new(input), &mut hasher);
    }
    println!("cargo:rustc-env=BUILD_ID={:016x}", hasher.finish());
}

/// Hashes a file's path and bytes, or a folder's files in name order.
fn hash_path(path: &Path, hasher: &mut DefaultHasher) {
    if path.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path)
            .map(|dir| dir.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        entries.sort();
        for entry in entries {
            hash_path(&entry, hasher);
        }
    } else if let Ok(bytes) = std::fs::read(path) {
        path.hash(hasher);
        bytes.hash(hasher);
    }
}
