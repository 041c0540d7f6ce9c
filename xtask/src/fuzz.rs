//! `cargo xtask fuzz [--seconds N] [TARGET…]`: runs each cargo-fuzz target of `fuzz/` for a
//! bounded time (60 s by default), on the stable toolchain (`--sanitizer none`: libFuzzer's
//! coverage guidance without the sanitizers, which need nightly).
//!
//! Each target's corpus lives in `fuzz/corpus/<target>/` (ignored by git) and grows across runs.
//! Before a run it is seeded from the public corpus: the flows themselves for the targets that
//! read whole documents, and every string of them for the expression and markdown targets. A
//! crash stops the run and leaves its input in `fuzz/artifacts/<target>/`, which the output names.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{Context, bail};

use crate::cmd;

const CARGO_FUZZ_VERSION: &str = "0.13.2";
const DEFAULT_SECONDS: u64 = 60;

/// The targets of `fuzz/Cargo.toml`, and whether each reads whole documents or single strings.
const TARGETS: &[(&str, Seeds)] = &[
    ("validate", Seeds::Documents),
    ("flow_model", Seeds::Documents),
    ("expressions", Seeds::Strings),
    ("markdown", Seeds::Strings),
];

#[derive(Clone, Copy)]
enum Seeds {
    Documents,
    Strings,
}

pub(crate) fn run(root: &Path, args: &[String]) -> anyhow::Result<()> {
    let mut seconds = DEFAULT_SECONDS;
    let mut chosen = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seconds" => {
                let value = args.next().context("--seconds needs a number")?;
                seconds = value.parse().with_context(|| format!("--seconds {value} is not a number"))?;
            }
            target if TARGETS.iter().any(|(name, _)| *name == target) => chosen.push(target.to_owned()),
            other => {
                let names: Vec<&str> = TARGETS.iter().map(|(name, _)| *name).collect();
                bail!("unknown fuzz target `{other}`; the targets are {}", names.join(", "));
            }
        }
    }
    ensure_cargo_fuzz(root)?;
    for (target, seeds) in
        TARGETS.iter().filter(|(name, _)| chosen.is_empty() || chosen.iter().any(|c| c == name))
    {
        let corpus = root.join("fuzz/corpus").join(target);
        seed(root, &corpus, *seeds)?;
        eprintln!("fuzzing {target} for {seconds} s (corpus {})", corpus.display());
        let max_time = format!("-max_total_time={seconds}");
        cmd::run(&mut cmd::cargo(
            root,
            &[
                "fuzz",
                "run",
                "--fuzz-dir",
                "fuzz",
                "--sanitizer",
                "none",
                target,
                &corpus.to_string_lossy(),
                "--",
                &max_time,
                "-max_len=262144",
            ],
        ))
        .with_context(|| format!("the fuzz target {target} found a crash (see fuzz/artifacts/{target}/)"))?;
    }
    Ok(())
}

fn ensure_cargo_fuzz(root: &Path) -> anyhow::Result<()> {
    let installed = cmd::read(&mut cmd::cargo(root, &["fuzz", "--version"]));
    if installed.is_some_and(|version| version.trim() == format!("cargo-fuzz {CARGO_FUZZ_VERSION}")) {
        return Ok(());
    }
    cmd::run(&mut cmd::cargo(root, &["install", "--locked", "cargo-fuzz", "--version", CARGO_FUZZ_VERSION]))
}

/// Adds the public corpus to `corpus` (files are named by content, so seeding twice adds nothing).
fn seed(root: &Path, corpus: &Path, seeds: Seeds) -> anyhow::Result<()> {
    std::fs::create_dir_all(corpus).with_context(|| format!("cannot create {}", corpus.display()))?;
    let public = root.join("shared/tests/corpus/public");
    let mut inputs = BTreeSet::new();
    for entry in std::fs::read_dir(&public).with_context(|| format!("cannot read {}", public.display()))? {
        let path = entry?.path();
        if path.extension().is_none_or(|extension| extension != "json") {
            continue;
        }
        let text = std::fs::read_to_string(&path)?;
        match seeds {
            Seeds::Documents => {
                inputs.insert(text);
            }
            Seeds::Strings => {
                let value: serde_json::Value =
                    serde_json::from_str(&text).with_context(|| format!("{} is not JSON", path.display()))?;
                collect_strings(&value, &mut inputs);
            }
        }
    }
    for input in inputs {
        let name = format!("seed-{:016x}", fnv1a(input.as_bytes()));
        std::fs::write(corpus.join(name), input)?;
    }
    Ok(())
}

fn collect_strings(value: &serde_json::Value, strings: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::String(text) => {
            strings.insert(text.clone());
        }
        serde_json::Value::Array(items) => items.iter().for_each(|item| collect_strings(item, strings)),
        serde_json::Value::Object(entries) => {
            entries.values().for_each(|item| collect_strings(item, strings))
        }
        _ => {}
    }
}

/// A stable name for a seed (FNV-1a): the same input always lands in the same file.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3))
}
