//! `cargo xtask size`: what the browser downloads, raw and compressed.
//!
//! Sizes are those of the files in `target/dist` after `trunk build --release`;
//! gzip is level 9 and brotli quality 11, the best a server or CDN would send.

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

/// Measures every file below `dir`, sorted by path.
pub(crate) fn measure(dir: &Path) -> anyhow::Result<Vec<AssetSize>> {
    let mut files = Vec::new();
    collect_files(dir, &mut files)?;
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
    let assets = measure(&dist)?;
    println!("{}", format_report(&assets));
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

        let assets = measure(&dir).unwrap();

        assert_eq!(
            assets.iter().map(|it| it.path.as_str()).collect::<Vec<_>>(),
            ["index.html", "snippets/a.js"]
        );
        assert_eq!(assets[0].raw, 1200);
        assert!(assets[0].gzip < 100 && assets[0].brotli < 100, "{assets:?}");
        std::fs::remove_dir_all(dir).unwrap();
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
