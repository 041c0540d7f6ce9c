//! How long one user step takes in the simulator on a large flow: fill the inputs and tap the Footer.
//!
//! `cargo bench -p flowdeck-shared --bench simulate`. The flow is the benchmark's generated 100-screen
//! flow (about 1 MB); a step fills the first screen's four inputs and taps its Footer, which checks
//! the inputs, evaluates the navigate payload and renders the next screen. Rendering alone is
//! measured too, since the browser renders after every event.

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use flowdeck_shared::flow::Flow;
use flowdeck_shared::simulate::{Event, NoEndpoint, Simulator, Start};
use serde_json::{Map, json};

#[path = "support/generated.rs"]
mod generated;

fn started(flow: &Flow) -> Simulator {
    let mut simulator = Simulator::new(flow.clone(), "bench");
    let data = Map::from_iter([("welcome".to_owned(), json!("Hello"))]);
    simulator.start(Start::Navigate { screen: None, data }, &mut NoEndpoint).expect("the flow starts");
    simulator
}

fn step(simulator: &mut Simulator) {
    for (name, value) in [
        ("email", json!("ada@example.com")),
        ("plan", json!("option_7")),
        ("notes", json!("None")),
        ("agree", json!(true)),
    ] {
        simulator
            .handle(Event::Fill { name: name.to_owned(), value }, &mut NoEndpoint)
            .expect("a valid fill");
    }
    simulator.handle(Event::TapFooter, &mut NoEndpoint).expect("the Footer navigates");
}

fn benches(criterion: &mut Criterion) {
    let flow = Flow::parse(&generated::generated_flow(100)).expect("the generated flow parses");
    let mut checked = started(&flow);
    step(&mut checked);
    assert_eq!(checked.screen_id(), Some("S_B"), "a step must move to the next screen");

    criterion.bench_function("simulator: fill 4 inputs + tap Footer (100-screen flow)", |bencher| {
        bencher.iter_batched_ref(
            || started(&flow),
            |simulator| step(black_box(simulator)),
            BatchSize::SmallInput,
        )
    });
    let simulator = started(&flow);
    criterion.bench_function("simulator: render the current screen", |bencher| {
        bencher.iter(|| black_box(simulator.render()))
    });
}

criterion_group!(simulation, benches);
criterion_main!(simulation);
