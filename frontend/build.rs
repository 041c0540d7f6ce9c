//! Tells the app the file name of the editor bundle, which carries a hash of its content.
//!
//! `frontend/editor/build.mjs` (Trunk's pre_build hook, so it runs before cargo) writes
//! `editor/bundle/flowdeck-editor-<hash>.js`. This sets `FLOWDECK_EDITOR_BUNDLE` to its path
//! under the site root, or to the empty string when no bundle was built (a plain
//! `cargo check`); the editor then says it is missing instead of loading it.

use std::path::Path;

const BUNDLE_DIR: &str = "editor/bundle";

fn main() {
    // A directory is watched as a whole; a missing one makes cargo rerun this every build.
    println!("cargo::rerun-if-changed={BUNDLE_DIR}");
    let mut bundles: Vec<String> = std::fs::read_dir(Path::new(BUNDLE_DIR))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| name.starts_with("flowdeck-editor-") && name.ends_with(".js"))
        .collect();
    bundles.sort();
    if bundles.len() > 1 {
        println!(
            "cargo::warning=several editor bundles in frontend/{BUNDLE_DIR}: {bundles:?}; using the last"
        );
    }
    let path = bundles.last().map(|name| format!("/{BUNDLE_DIR}/{name}")).unwrap_or_default();
    println!("cargo::rustc-env=FLOWDECK_EDITOR_BUNDLE={path}");
}
