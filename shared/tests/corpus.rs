//! Every public Flow JSON example validates with zero errors.
//!
//! The examples are read from two directories, so new files are covered
//! without touching this test: the copy in `shared/tests/corpus/public/`, and
//! the project's shared corpus `../shared/corpus/public/` beside the checkout
//! whenever it exists.

mod common;

use common::corpus_files;
use flowdeck_shared::validate::validate;

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
