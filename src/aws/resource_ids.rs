//! The syntax of AWS resource IDs: a prefix naming the kind (`subnet`,
//! `vpc`, `rtb`, ...), a hyphen, and 8 or 17 lowercase hex digits (the
//! short form of resources made before 2016–2018, the long form since).

/// Whether `s` is `<prefix>-` and 8 or 17 lowercase hex digits.
pub fn is_id(s: &str, prefix: &str) -> bool {
    s.strip_prefix(prefix)
        .and_then(|r| r.strip_prefix('-'))
        .is_some_and(|hex| {
            matches!(hex.len(), 8 | 17)
                && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        })
}

#[cfg(test)]
mod tests {
    #[test]
    fn short_and_long_ids() {
        assert!(super::is_id("subnet-0123abcd", "subnet"));
        assert!(super::is_id("vpc-0123456789abcdef0", "vpc"));
        assert!(!super::is_id("vpc-XYZ", "vpc"));
        assert!(!super::is_id("subnet-1;touch x", "subnet"));
        assert!(!super::is_id("subnet-0123abcd", "vpc"));
    }
}
