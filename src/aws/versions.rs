//! Kubernetes versions EKS supports, with the dates their support ends.
//!
//! Everything is decided on the table's own date, never the wall clock: the
//! same spec must give the same files tomorrow (`generate --check` in CI).
//! To update: add the new release, move `TABLE_DATE`, and `EKSCTL_NEWEST`
//! when eksctl releases support for a newer version; the default follows.
//!
//! Sources: EKS user guide "Kubernetes version lifecycle on EKS" (1.31–1.34;
//! 1.35 and 1.36 as announced, each 14 months of standard and 12 more of
//! extended support); eksctl v0.230.0 `pkg/apis/eksctl.io/v1alpha5`
//! (newest version constant 1.35); EKS pricing (cluster-hour prices).

/// The day this table was last checked.
pub const TABLE_DATE: &str = "2026-12-05";

/// The latest eksctl release, whose schema and versions eksnet checks against.
pub const EKSCTL_RELEASE: &str = "0.230.0";

/// The newest Kubernetes version that eksctl release knows.
pub const EKSCTL_NEWEST: &str = "1.35";

/// Whether eksctl `EKSCTL_RELEASE` knows Kubernetes `v`.
pub fn eksctl_knows(v: &str) -> bool {
    minor(v) <= minor(EKSCTL_NEWEST)
}

/// Per cluster-hour, in standard support and in extended support.
pub const STANDARD_CLUSTER_HOUR: f64 = 0.10;
pub const EXTENDED_CLUSTER_HOUR: f64 = 0.60;

pub struct Release {
    pub version: &'static str,
    /// The first day without standard support (ISO dates compare as text).
    pub standard_ends: &'static str,
    /// The first day EKS no longer runs the version.
    pub extended_ends: &'static str,
}

const fn release(
    version: &'static str,
    standard_ends: &'static str,
    extended_ends: &'static str,
) -> Release {
    Release {
        version,
        standard_ends,
        extended_ends,
    }
}

/// Oldest first.
pub const RELEASES: &[Release] = &[
    release("1.31", "2025-11-26", "2026-11-26"),
    release("1.32", "2026-03-23", "2027-03-23"),
    release("1.33", "2026-07-29", "2027-07-29"),
    release("1.34", "2026-12-02", "2027-12-02"),
    release("1.35", "2027-03-27", "2028-03-27"),
    release("1.36", "2027-08-02", "2028-08-02"),
];

/// Support on `TABLE_DATE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Support {
    Standard,
    Extended,
}

impl Release {
    pub fn support(&self) -> Option<Support> {
        if TABLE_DATE < self.standard_ends {
            Some(Support::Standard)
        } else if TABLE_DATE < self.extended_ends {
            Some(Support::Extended)
        } else {
            None
        }
    }
}

/// The versions EKS runs on `TABLE_DATE`, oldest first.
pub fn supported() -> impl Iterator<Item = &'static Release> {
    RELEASES.iter().filter(|r| r.support().is_some())
}

pub fn find(v: &str) -> Option<&'static Release> {
    supported().find(|r| r.version == v)
}

pub fn is_supported(v: &str) -> bool {
    find(v).is_some()
}

/// The newest version in standard support that the latest eksctl accepts.
pub fn default_version() -> &'static str {
    supported()
        .filter(|r| r.support() == Some(Support::Standard))
        .filter(|r| eksctl_knows(r.version))
        .map(|r| r.version)
        .last()
        .expect("the table holds a version in standard support")
}

/// The minor number of `1.35`, for ordering.
fn minor(v: &str) -> u32 {
    v.rsplit('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0)
}

pub fn list() -> String {
    supported()
        .map(|r| r.version)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_the_newest_standard_version_eksctl_knows() {
        assert_eq!(default_version(), "1.35");
        assert_eq!(find("1.34").unwrap().support(), Some(Support::Extended));
        assert_eq!(find("1.36").unwrap().support(), Some(Support::Standard));
        assert!(!is_supported("1.31"), "extended support ended 2026-11-26");
        assert_eq!(list(), "1.32, 1.33, 1.34, 1.35, 1.36");
    }

    #[test]
    fn releases_are_ordered_with_well_formed_dates() {
        assert!(RELEASES
            .windows(2)
            .all(|w| minor(w[0].version) < minor(w[1].version)));
        for r in RELEASES {
            for d in [r.standard_ends, r.extended_ends] {
                assert!(d.len() == 10 && d.as_bytes()[4] == b'-' && d.as_bytes()[7] == b'-');
            }
            assert!(r.standard_ends < r.extended_ends);
        }
    }
}
