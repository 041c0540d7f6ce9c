//! How long the validator takes next to a plain JSON parse of the same text.
//!
//! `cargo bench -p flowdeck-shared --bench validate`. The ratio of the two is the
//! figure that matters (BENCHMARKS.md): it says what validating on every
//! keystroke costs beyond reading the JSON at all.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use flowdeck_shared::validate::validate;

/// A valid flow of `screens` screens in a chain, each a realistic form: texts, a Form with
/// inputs, a 30-option dropdown, an If, and a Footer whose payload sends every input.
fn generated_flow(screens: usize) -> String {
    let ids: Vec<String> = (0..screens).map(screen_id).collect();
    let mut out = String::from("{\n  \"version\": \"7.3\",\n  \"screens\": [\n");
    for (idx, id) in ids.iter().enumerate() {
        let last = idx + 1 == screens;
        let options: Vec<String> = (0..30)
            .map(|option| {
                format!(r#"{{"id": "option_{option}", "title": "Option {option}", "description": "A longer description of option {option} for the reader"}}"#)
            })
            .collect();
        let action = if last {
            r#"{"name": "complete", "payload": {"email": "${form.email}", "plan": "${form.plan}", "notes": "${form.notes}", "agree": "${form.agree}"}}"#.to_owned()
        } else {
            format!(
                r#"{{"name": "navigate", "next": {{"type": "screen", "name": "{}"}}, "payload": {{"previous_email": "${{form.email}}"}}}}"#,
                ids[idx + 1]
            )
        };
        let data = if idx == 0 {
            r#"{"welcome": {"type": "string", "__example__": "Hello"}}"#.to_owned()
        } else {
            r#"{"previous_email": {"type": "string", "__example__": "ada@example.com"}}"#.to_owned()
        };
        let greeting = if idx == 0 { "${data.welcome}" } else { "${data.previous_email}" };
        out.push_str(&format!(
            r#"    {{
      "id": "{id}",
      "title": "Step {idx}",
      "terminal": {last},
      "data": {data},
      "layout": {{
        "type": "SingleColumnLayout",
        "children": [
          {{"type": "TextHeading", "text": "Step {idx} of the survey"}},
          {{"type": "TextBody", "text": "{greeting}"}},
          {{"type": "TextCaption", "text": "Please answer every question on this screen before you continue to the next one."}},
          {{
            "type": "Form",
            "name": "form",
            "children": [
              {{"type": "TextInput", "name": "email", "label": "Email", "input-type": "email", "required": true, "helper-text": "We never share it"}},
              {{"type": "Dropdown", "name": "plan", "label": "Plan", "required": true, "data-source": [{options}]}},
              {{"type": "TextArea", "name": "notes", "label": "Notes", "max-length": 300}},
              {{"type": "OptIn", "name": "agree", "label": "I agree to the terms", "required": true}},
              {{"type": "If", "condition": "${{form.agree}}", "then": [{{"type": "TextBody", "text": "`'Thanks ' ${{form.email}}`"}}], "else": [{{"type": "TextCaption", "text": "Please agree to continue"}}]}},
              {{"type": "Footer", "label": "Continue", "on-click-action": {action}}}
            ]
          }}
        ]
      }}
    }}{comma}
"#,
            options = options.join(", "),
            comma = if last { "" } else { "," },
        ));
    }
    out.push_str("  ]\n}\n");
    out
}

/// `S_A`, `S_B`, …: screen ids are letters and underscores only.
fn screen_id(mut n: usize) -> String {
    let mut id = Vec::new();
    loop {
        id.push(b'A' + (n % 26) as u8);
        n /= 26;
        if n == 0 {
            break;
        }
    }
    id.reverse();
    format!("S_{}", String::from_utf8(id).unwrap_or_default())
}

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
