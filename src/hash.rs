//! The hash maps and sets eksnet keys by IDs and names.
//!
//! A large VPC's doctor run looks up hundreds of thousands of subnet, route
//! table and endpoint IDs; std's default SipHash spent more time hashing
//! them than the lookups themselves. foldhash (the hasher of hashbrown, on
//! which std's maps are built) is several times faster on short strings and
//! still seeded at random per map, so IDs chosen to collide cannot be
//! prepared in advance. Iteration order is not relied on anywhere: what is
//! printed comes from vectors or B-tree maps.

/// A `std::collections::HashMap` with foldhash.
pub type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
/// A `std::collections::HashSet` with foldhash.
pub type HashSet<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;
