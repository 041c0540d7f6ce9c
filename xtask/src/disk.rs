//! Free space where cargo builds: a cold `cargo xtask test` needs room, and a full disk shows
//! up as link errors in whichever step happens to be building, so it is named up front.

use std::path::Path;

use crate::cmd;

/// What a cold `cargo xtask test` leaves in the target directory (7.0 GB on a fresh clone, see
/// BENCHMARKS.md), with a margin for Chromium's and PostgreSQL's temporary files and for growth.
const COLD_TEST_NEEDS: u64 = 10 * GIB;

/// Below this, a failed step is most likely the full disk rather than the code.
const NEARLY_FULL: u64 = GIB;

const GIB: u64 = 1024 * 1024 * 1024;

/// Bytes free on the disk that holds the target directory (or the workspace before the first
/// build), or `None` when the system cannot say.
fn free_space(root: &Path) -> Option<u64> {
    let target = cmd::cargo_target_dir(root);
    let measured = if target.exists() { target } else { root.to_path_buf() };
    fs4::available_space(measured).ok()
}

/// Warns before the first step when the disk has less room than a cold run fills.
pub(crate) fn warn_if_short(root: &Path) {
    let Some(free) = free_space(root) else { return };
    if free < COLD_TEST_NEEDS {
        eprintln!(
            "xtask: warning: {} free on the build directory's disk; a cold `cargo xtask test` \
             fills about {}. A warm target needs less, but if steps fail with I/O or link errors, \
             free some space first (e.g. `cargo clean`).",
            gib(free),
            gib(COLD_TEST_NEEDS),
        );
    }
}

/// A line for the summary when steps failed and the disk is (nearly) full.
pub(crate) fn full_disk_hint(root: &Path) -> Option<String> {
    let free = free_space(root)?;
    (free < NEARLY_FULL).then(|| {
        format!(
            "only {} is left on the build directory's disk: the failures above are most likely \
             the disk filling up, not the code",
            gib(free)
        )
    })
}

fn gib(bytes: u64) -> String {
    format!("{:.1} GiB", bytes as f64 / GIB as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_gibibytes() {
        assert_eq!(gib(COLD_TEST_NEEDS), "10.0 GiB");
        assert_eq!(gib(GIB / 2), "0.5 GiB");
    }

    #[test]
    fn the_workspace_disk_reports_its_free_space() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        assert!(free_space(root).is_some_and(|free| free > 0));
    }
}
