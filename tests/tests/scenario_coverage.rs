//! Every public corpus flow has a scenario in `tests/scenarios/corpus/` that drives it.
//!
//! New files in the project's shared corpus (`../shared/corpus/public/`) are covered at once: this
//! test fails until someone writes their scenario, named after the flow.

use std::collections::BTreeSet;
use std::path::Path;

fn json_stems(dir: &Path, suffix: &str) -> BTreeSet<String> {
    let Ok(entries) = std::fs::read_dir(dir) else { return BTreeSet::new() };
    entries
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter_map(|name| name.strip_suffix(suffix).map(str::to_owned))
        .collect()
}

#[test]
fn every_corpus_flow_has_a_scenario() {
    let root = flowdeck_tests::workspace_root();
    let mut flows = json_stems(&root.join("shared/tests/corpus/public"), ".json");
    flows.extend(json_stems(&root.join("../shared/corpus/public"), ".json"));
    assert!(flows.len() >= 30, "expected the public corpus, found {flows:?}");
    let scenarios = json_stems(&root.join("tests/scenarios/corpus"), ".scenario.json");

    let missing: Vec<&String> = flows.iter().filter(|flow| !scenarios.contains(*flow)).collect();

    assert!(missing.is_empty(), "corpus flows without a scenario in tests/scenarios/corpus/: {missing:?}");
}

#[test]
fn every_corpus_scenario_points_at_its_flow() {
    let root = flowdeck_tests::workspace_root();
    let dir = root.join("tests/scenarios/corpus");
    for stem in json_stems(&dir, ".scenario.json") {
        let text = std::fs::read_to_string(dir.join(format!("{stem}.scenario.json"))).unwrap();
        let scenario: serde_json::Value = serde_json::from_str(&text).unwrap();
        let flow = scenario["flow"].as_str().unwrap_or_default();
        assert!(flow.ends_with(&format!("/{stem}.json")), "{stem}.scenario.json drives {flow:?}");
    }
}
