//! The hash maps and sets eksnet keys by IDs and names.
//!
//! A large VPC's doctor run looks up hundreds of thousands of subnet, route
//! table and endpoint IDs; std's default SipHash spent more time hashing
//! them than the lookups themselves. foldhash (the hasher of hashbrown, on
//! which std's maps are built) is several times faster on short strings.
//! The keys come from the input, so why this holds against a hostile file:
//! every ID is checked against AWS's syntax (a prefix and 8 or 17 hex
//! digits, `doctor::import::ids`) before any map is built, foldhash knows
//! no collisions that work whatever its seed, and its seed differs from
//! process to process (addresses and the clock), while eksnet reads a file
//! made in advance and ends: no one can watch its hashing and probe.
//! Iteration order is not relied on anywhere: what is printed comes from
//! vectors or B-tree maps.

/// A `std::collections::HashMap` with foldhash.
pub type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
/// A `std::collections::HashSet` with foldhash.
pub type HashSet<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;
