//! How long the validator takes next to a plain JSON parse of the same text.
//!
//! `cargo bench -p flowdeck-shared --bench validate`. The ratio of the two is the
//! figure that matters (BENCHMARKS.md): it says what validating on every
//! keystroke costs beyond reading the JSON at all.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use flowdeck_shared::validate::validate;

#[path = "support/generated.rs"]
mod generated;
use generated::generated_flow;

fn corpus() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/public");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    paths.sort();
    paths.iter().map(|path| std::fs::read_to_string(path).unwrap()).collect()
}

fn benches(criterion: &mut Criterion) {
    let flow = generated_flow(100);
    let report = validate(&flow);
    assert!(report.errors.is_empty(), "the generated flow must be valid: {:?}", &report.errors[..1]);

    let mut group = criterion.benchmark_group("100 screens");
    group.throughput(Throughput::Bytes(flow.len() as u64));
    group.bench_function("serde_json Value", |bencher| {
        bencher.iter(|| serde_json::from_str::<serde_json::Value>(black_box(&flow)).unwrap())
    });
    group.bench_function("parse + validate", |bencher| bencher.iter(|| validate(black_box(&flow))));
    group.finish();

    let corpus = corpus();
    let bytes: usize = corpus.iter().map(String::len).sum();
    let mut group = criterion.benchmark_group("corpus");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("serde_json Value", |bencher| {
        bencher.iter(|| {
            for text in &corpus {
                black_box(serde_json::from_str::<serde_json::Value>(black_box(text)).unwrap());
            }
        })
    });
    group.bench_function("parse + validate", |bencher| {
        bencher.iter(|| {
            for text in &corpus {
                black_box(validate(black_box(text)));
            }
        })
    });
    group.finish();
}

criterion_group!(validation, benches);
criterion_main!(validation);
