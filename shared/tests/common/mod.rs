//! Helpers shared by the integration tests: the public corpus of Flow JSON examples.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every corpus example by file name: the copy in `shared/tests/corpus/public/`, and the
/// project's shared corpus `../shared/corpus/public/` beside the checkout when it exists
/// (read last, so its version of a file wins and new files there are covered at once).
pub(crate) fn corpus_files() -> BTreeMap<String, PathBuf> {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dirs = [crate_dir.join("tests/corpus/public"), crate_dir.join("../../shared/corpus/public")];
    let mut files = BTreeMap::new();
    for dir in dirs.iter().filter(|dir| dir.is_dir()) {
        for entry in std::fs::read_dir(dir).expect("the corpus directory can be listed") {
            let path = entry.expect("a corpus entry").path();
            if path.extension().is_some_and(|ext| ext == "json") {
                let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
                files.insert(name, path);
            }
        }
    }
    files
}

/// The text of every corpus example, in file-name order.
#[allow(dead_code, reason = "not every test binary reads the texts")]
pub(crate) fn corpus_texts() -> Vec<(String, String)> {
    corpus_files()
        .into_iter()
        .map(|(name, path)| {
            let text = std::fs::read_to_string(&path).expect("a readable corpus example");
            (name, text)
        })
        .collect()
}
