//! `cargo xtask size`: what the browser downloads, raw and compressed.
//!
//! Sizes are those of the files in `target/dist` after `trunk build --release`, and of the
//! widget in `target/dist/widget` ([`crate::widget`]); gzip is level 9 and brotli quality 11,
//! the best a server or CDN would send.
//!
//! The widget has a hard budget, [`WIDGET_BUDGET_BROTLI`]: other sites load it, so the
//! command (and with it `cargo xtask test`) fails when its files exceed it.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

/// One shipped file and its sizes in bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AssetSize {
    pub(crate) path: String,
    pub(crate) raw: usize,
    pub(crate) gzip: usize,
    pub(crate) brotli: usize,
}

/// The most the widget's files (wasm, JavaScript, CSS) may weigh together, brotli-compressed.
pub(crate) const WIDGET_BUDGET_BROTLI: usize = 150_000;

/// Measures every file below `dir`, sorted by path, but none below `skip`.
pub(crate) fn measure(dir: &Path, skip: Option<&Path>) -> anyhow::Result<Vec<AssetSize>> {
    let mut files = Vec::new();
    collect_files(dir, &mut files)?;
    files.retain(|file| skip.is_none_or(|skip| !file.starts_with(skip)));
    files.sort();
    files
        .iter()
        .map(|file| {
            let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
            Ok(AssetSize {
                path: file.strip_prefix(dir).unwrap_or(file).to_string_lossy().into_owned(),
                raw: bytes.len(),
                gzip: gzip_len(&bytes)?,
                brotli: brotli_len(&bytes)?,
            })
        })
        .collect()
}

pub(crate) fn print_report(root: &Path) -> anyhow::Result<()> {
    let dist = root.join("target/dist");
    if !dist.join("index.html").is_file() {
        bail!(
            "{} holds no built dashboard; run `cargo xtask run` or `cargo xtask test` first",
            dist.display()
        );
    }
    let widget_dir = dist.join(crate::widget::DIST_SUBDIR);
    let assets = measure(&dist, Some(&widget_dir))?;
    println!("The dashboard (target/dist):\n{}", format_report(&assets));
    if !widget_dir.join("flowdeck-widget.js").is_file() {
        bail!(
            "{} holds no built widget; run `cargo xtask run` or `cargo xtask test` first",
            widget_dir.display()
        );
    }
    let widget = measure(&widget_dir, None)?;
    println!("\nThe widget (target/dist/widget):\n{}", format_report(&widget));
    check_budget(&widget, WIDGET_BUDGET_BROTLI)
}

/// Fails when the assets together weigh more than `budget` bytes with brotli.
fn check_budget(assets: &[AssetSize], budget: usize) -> anyhow::Result<()> {
    let total: usize = assets.iter().map(|asset| asset.brotli).sum();
    if total > budget {
        bail!(
            "the widget weighs {} with brotli, over its budget of {} by {}",
            bytes(total),
            bytes(budget),
            bytes(total - budget)
        );
    }
    println!("The widget is within its budget: {} of {} with brotli.", bytes(total), bytes(budget));
    Ok(())
}

fn format_report(assets: &[AssetSize]) -> String {
    let width = assets.iter().map(|it| it.path.len()).max().unwrap_or(0).max("total".len());
    let mut out = format!("{:<width$}  {:>12}  {:>12}  {:>12}\n", "asset", "raw", "gzip -9", "brotli -11");
    for asset in assets {
        out += &format!(
            "{:<width$}  {:>12}  {:>12}  {:>12}\n",
            asset.path,
            bytes(asset.raw),
            bytes(asset.gzip),
            bytes(asset.brotli)
        );
    }
    let sum = |field: fn(&AssetSize) -> usize| assets.iter().map(field).sum::<usize>();
    out += &format!(
        "{:<width$}  {:>12}  {:>12}  {:>12}",
        "total",
        bytes(sum(|it| it.raw)),
        bytes(sum(|it| it.gzip)),
        bytes(sum(|it| it.brotli))
    );
    out
}

/// `1234567` → `1,234,567 B`.
fn bytes(n: usize) -> String {
    let digits = n.to_string();
    let mut grouped = String::new();
    for (idx, digit) in digits.chars().enumerate() {
        if idx > 0 && (digits.len() - idx).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{grouped} B")
}

fn collect_files(dir: &Path, files: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            collect_files(&path, files)?;
        } else {
            files.push(path);
        }
    }
    Ok(())
}

fn gzip_len(bytes: &[u8]) -> anyhow::Result<usize> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len())
}

fn brotli_len(bytes: &[u8]) -> anyhow::Result<usize> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_measured_for_every_file_including_nested_ones() {
        let dir = tempfile_dir();
        std::fs::create_dir_all(dir.join("snippets")).unwrap();
        std::fs::write(dir.join("index.html"), "<html>".repeat(200)).unwrap();
        std::fs::write(dir.join("snippets/a.js"), "x").unwrap();

        let assets = measure(&dir, None).unwrap();

        assert_eq!(
            assets.iter().map(|it| it.path.as_str()).collect::<Vec<_>>(),
            ["index.html", "snippets/a.js"]
        );
        assert_eq!(assets[0].raw, 1200);
        assert!(assets[0].gzip < 100 && assets[0].brotli < 100, "{assets:?}");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_skipped_directory_is_not_measured() {
        // A directory of its own: `tempfile_dir` is emptied by the test above, maybe meanwhile.
        let dir = std::env::temp_dir().join(format!("xtask-size-skip-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("widget")).unwrap();
        std::fs::write(dir.join("index.html"), "x").unwrap();
        std::fs::write(dir.join("widget/w.js"), "x").unwrap();
        let assets = measure(&dir, Some(&dir.join("widget"))).unwrap();
        assert_eq!(assets.iter().map(|it| it.path.as_str()).collect::<Vec<_>>(), ["index.html"]);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn the_budget_counts_brotli_bytes_of_every_file() {
        let asset = |brotli| AssetSize { path: "a".to_owned(), raw: 10 * brotli, gzip: 2 * brotli, brotli };
        assert!(check_budget(&[asset(60), asset(40)], 100).is_ok());
        let over = check_budget(&[asset(60), asset(41)], 100).unwrap_err().to_string();
        assert_eq!(over, "the widget weighs 101 B with brotli, over its budget of 100 B by 1 B");
    }

    #[test]
    fn byte_counts_are_grouped_by_thousands() {
        assert_eq!(bytes(0), "0 B");
        assert_eq!(bytes(999), "999 B");
        assert_eq!(bytes(1000), "1,000 B");
        assert_eq!(bytes(1_234_567), "1,234,567 B");
    }

    fn tempfile_dir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-size-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
