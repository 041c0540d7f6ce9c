//! Flow JSON versions: which exist, their lifecycle state on Meta, and how they compare.
//!
//! Meta compares versions as integers (`"7.3"` → 703). The table below is the
//! public release list up to 7.3; 5.2 (internal shopping layouts) and 7.4 (not
//! released) are deliberately absent, so they are reported as unknown.

use std::fmt;

/// A released Flow JSON version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FlowVersion(u16);

/// Where a version is in Meta's lifecycle (`flow-json.md` §1.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionState {
    /// Can be published and sent.
    Active,
    /// Existing flows still work, but no new flow can be published with it.
    Frozen,
    /// Flows with it can no longer be sent or opened.
    Expired,
}

const RELEASED: [(&str, VersionState); 14] = [
    ("2.1", VersionState::Frozen),
    ("3.0", VersionState::Frozen),
    ("3.1", VersionState::Frozen),
    ("4.0", VersionState::Frozen),
    ("5.0", VersionState::Frozen),
    ("5.1", VersionState::Active),
    ("6.0", VersionState::Active),
    ("6.1", VersionState::Active),
    ("6.2", VersionState::Active),
    ("6.3", VersionState::Active),
    ("7.0", VersionState::Active),
    ("7.1", VersionState::Active),
    ("7.2", VersionState::Active),
    ("7.3", VersionState::Active),
];

impl FlowVersion {
    pub const V2_1: FlowVersion = FlowVersion(201);
    pub const V3_0: FlowVersion = FlowVersion(300);
    pub const V4_0: FlowVersion = FlowVersion(400);
    pub const V5_0: FlowVersion = FlowVersion(500);
    pub const V5_1: FlowVersion = FlowVersion(501);
    pub const V6_0: FlowVersion = FlowVersion(600);
    pub const V6_1: FlowVersion = FlowVersion(601);
    pub const V6_2: FlowVersion = FlowVersion(602);
    pub const V6_3: FlowVersion = FlowVersion(603);
    pub const V7_0: FlowVersion = FlowVersion(700);
    pub const V7_1: FlowVersion = FlowVersion(701);
    pub const V7_2: FlowVersion = FlowVersion(702);
    pub const V7_3: FlowVersion = FlowVersion(703);
    /// The newest released version; new flows and templates use it.
    pub const LATEST: FlowVersion = FlowVersion::V7_3;

    /// A released version from its string form (`"7.3"`); `None` for anything else.
    pub fn parse(text: &str) -> Option<FlowVersion> {
        RELEASED.iter().find(|(name, _)| *name == text).map(|(name, _)| FlowVersion(id_of(name)))
    }

    /// Every released version, oldest first.
    pub fn all() -> impl Iterator<Item = FlowVersion> {
        RELEASED.iter().map(|(name, _)| FlowVersion(id_of(name)))
    }

    /// Meta's integer form: major × 100 + minor.
    pub const fn id(self) -> u16 {
        self.0
    }

    pub fn state(self) -> VersionState {
        RELEASED
            .iter()
            .find(|(name, _)| id_of(name) == self.0)
            .map_or(VersionState::Active, |(_, state)| *state)
    }
}

impl fmt::Display for FlowVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.0 / 100, self.0 % 100)
    }
}

fn id_of(name: &str) -> u16 {
    let (major, minor) = name.split_once('.').unwrap_or((name, "0"));
    major.parse::<u16>().unwrap_or(0) * 100 + minor.parse::<u16>().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn released_versions_parse_and_print_back() {
        for version in FlowVersion::all() {
            assert_eq!(FlowVersion::parse(&version.to_string()), Some(version));
        }
        assert_eq!(FlowVersion::parse("7.3").map(FlowVersion::id), Some(703));
        assert_eq!(FlowVersion::LATEST.to_string(), "7.3");
    }

    #[test]
    fn unreleased_and_malformed_versions_are_unknown() {
        for text in ["5.2", "7.4", "8.0", "7", "7.30", " 7.3", "v7.3", ""] {
            assert_eq!(FlowVersion::parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn versions_order_numerically_and_know_their_state() {
        assert!(FlowVersion::V6_3 < FlowVersion::V7_0);
        assert_eq!(FlowVersion::V4_0.state(), VersionState::Frozen);
        assert_eq!(FlowVersion::V5_0.state(), VersionState::Frozen);
        assert_eq!(FlowVersion::V5_1.state(), VersionState::Active);
    }
}
