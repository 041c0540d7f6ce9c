//! Runs one phase on one input, for instruction counts under callgrind (see BENCHMARKS.md).
//!
//! `validation_cost none|serde|validate generated|corpus`: `serde` parses into a
//! `serde_json::Value`, `validate` runs the whole validator, and `none` only
//! prepares the input, to subtract; `generated` is the 100-screen flow of the
//! benchmark, `corpus` every public example.

#[path = "../benches/support/generated.rs"]
mod generated;

use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(phase), Some(input)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: validation_cost none|serde|validate generated|corpus");
        std::process::exit(2);
    };
    let texts = match input.as_str() {
        "generated" => vec![generated::generated_flow(100)],
        _ => {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/public");
            let mut paths: Vec<_> = std::fs::read_dir(dir)
                .expect("the corpus directory exists")
                .filter_map(|entry| entry.ok().map(|entry| entry.path()))
                .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
                .collect();
            paths.sort();
            paths.iter().map(|path| std::fs::read_to_string(path).expect("a readable example")).collect()
        }
    };
    for text in &texts {
        match phase.as_str() {
            "none" => drop(std::hint::black_box(text)),
            "serde" => drop(std::hint::black_box(serde_json::from_str::<serde_json::Value>(text))),
            _ => drop(std::hint::black_box(flowdeck_shared::validate::validate(text))),
        }
    }
}
