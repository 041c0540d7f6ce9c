//! Builds the embeddable widget (`widget/`) into `target/dist/widget/`, which the server
//! serves at `/widget/`: the wasm (wasm-bindgen's `web` glue, then `wasm-opt -Oz`), the
//! loader `flowdeck-widget.js`, `flowdeck-widget.css` (`style/phone.css`, the dashboard's
//! phone, then `widget/widget.css`), and the embed page's `embed.css` and `embed.js` (its
//! messages to and from the framing page).
//!
//! Not Trunk: the widget is no page of its own, and its file names must stay stable because
//! other sites link to `flowdeck-widget.js`. Runs after the dashboard's Trunk build, which
//! replaces `target/dist` as a whole.

use std::path::Path;

use anyhow::Context;

use crate::cmd;

/// The widget's directory below `target/dist`.
pub(crate) const DIST_SUBDIR: &str = "widget";

/// wasm features every browser that runs the dashboard has, and that rustc's wasm32 target
/// turns on; wasm-opt must know them to keep (and use) them.
const WASM_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

pub(crate) fn build(root: &Path) -> anyhow::Result<()> {
    cmd::run(&mut cmd::cargo(
        root,
        &[
            "build",
            "--locked",
            "--package",
            "flowdeck-widget",
            "--lib",
            "--target",
            "wasm32-unknown-unknown",
            "--profile",
            "wasm-release",
        ],
    ))?;
    let wasm = cmd::cargo_target_dir(root).join("wasm32-unknown-unknown/wasm-release/flowdeck_widget.wasm");
    let out = root.join("target/dist").join(DIST_SUBDIR);
    if out.exists() {
        std::fs::remove_dir_all(&out).with_context(|| format!("cannot empty {}", out.display()))?;
    }
    std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
    let out_dir = out.to_string_lossy();
    cmd::run(&mut cmd::command(
        root,
        "wasm-bindgen",
        &[
            "--target",
            "web",
            "--no-typescript",
            "--out-dir",
            &out_dir,
            "--out-name",
            "flowdeck-widget-core",
            &wasm.to_string_lossy(),
        ],
    ))?;
    let core = out.join("flowdeck-widget-core_bg.wasm");
    let core = core.to_string_lossy();
    let mut optimise = vec!["-Oz"];
    optimise.extend(WASM_FEATURES);
    optimise.extend(["--output", &core, &core]);
    cmd::run(&mut cmd::command(root, "wasm-opt", &optimise))?;

    copy(&root.join("widget/flowdeck-widget.js"), &out.join("flowdeck-widget.js"))?;
    copy(&root.join("widget/embed.css"), &out.join("embed.css"))?;
    copy(&root.join("widget/embed.js"), &out.join("embed.js"))?;
    let css = [read(&root.join("style/phone.css"))?, read(&root.join("widget/widget.css"))?].concat();
    std::fs::write(out.join("flowdeck-widget.css"), css).context("cannot write flowdeck-widget.css")?;
    Ok(())
}

fn read(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

fn copy(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::copy(from, to).with_context(|| format!("cannot copy {} to {}", from.display(), to.display()))?;
    Ok(())
}
