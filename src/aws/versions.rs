//! Kubernetes versions EKS supports (standard or extended support).
//!
//! Source: EKS user guide "Kubernetes version lifecycle on EKS", read
//! 2026-11. Update this table as EKS releases and retires versions.

pub const DEFAULT: &str = "1.33";

/// (version, in standard support).
pub const SUPPORTED: &[(&str, bool)] = &[
    ("1.31", false),
    ("1.32", false),
    ("1.33", false),
    ("1.34", true),
    ("1.35", true),
    ("1.36", true),
];

pub fn is_supported(v: &str) -> bool {
    SUPPORTED.iter().any(|(s, _)| *s == v)
}

pub fn list() -> String {
    SUPPORTED
        .iter()
        .map(|(v, _)| *v)
        .collect::<Vec<_>>()
        .join(", ")
}
