//! Every public Flow JSON example validates with zero errors.
//!
//! The examples are read from two directories, so new files are covered
//! without touching this test: the copy in `shared/tests/corpus/public/`, and
//! the project's shared corpus `../shared/corpus/public/` beside the checkout
//! whenever it exists.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use flowdeck_shared::validate::validate;

fn corpus_files() -> BTreeMap<String, PathBuf> {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dirs = [crate_dir.join("tests/corpus/public"), crate_dir.join("../../shared/corpus/public")];
    let mut files = BTreeMap::new();
    for dir in dirs.iter().filter(|dir| dir.is_dir()) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|ext| ext == "json") {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                // The shared corpus is read last, so its version of a file wins.
                files.insert(name, path);
            }
        }
    }
    files
}

#[test]
fn every_corpus_flow_is_valid() {
    let files = corpus_files();
    assert!(files.len() >= 30, "expected the 30 public examples, found {}", files.len());

    let mut failures = Vec::new();
    for (name, path) in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let report = validate(&text);
        for error in &report.errors {
            failures.push(format!(
                "{name}:{}:{}: {} {} ({})",
                error.line_start,
                error.column_start,
                error.error,
                error.message,
                error.path()
            ));
        }
    }
    assert!(failures.is_empty(), "{} error(s) in the corpus:\n{}", failures.len(), failures.join("\n"));
}
