//! Hygiene checks that run as ordinary tests: every Rust file opens with a `//!` module doc.

use std::path::{Path, PathBuf};

#[test]
fn every_rust_file_opens_with_a_module_doc() {
    let root = crate::workspace_root();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    assert!(files.len() > 10, "found only {files:?}");

    let missing: Vec<String> = files
        .iter()
        .filter(|file| {
            let text = std::fs::read_to_string(file).unwrap_or_default();
            !text.starts_with("//!")
        })
        .map(|file| file.strip_prefix(&root).unwrap_or(file).display().to_string())
        .collect();

    assert!(
        missing.is_empty(),
        "these files do not start with a `//!` line saying what they are for: {missing:#?}"
    );
}

fn rust_files(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        // Cargo marks every target directory, whatever its name, with CACHEDIR.TAG.
        let skipped = matches!(name.to_str(), Some("target" | "node_modules" | ".git" | "dist"))
            || path.join("CACHEDIR.TAG").is_file();
        if path.is_dir() && !skipped {
            rust_files(&path, files);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
}
