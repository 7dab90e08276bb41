//! Hash maps keyed by role, user and segment names.
//!
//! A check looks up the user and each segment of the request once, so the hash of a
//! short name is most of its cost. These maps use foldhash, several times faster
//! than the standard SipHash on short keys. Names are written by whoever writes the
//! policy, and a check only looks names up; still, the hash is keyed with 64 random
//! bits drawn once per process, so nobody can choose names that collide.

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::OnceLock;

use foldhash::quality::SeedableRandomState;
use foldhash::SharedSeed;

/// A map from names (or anything else hashed the same way) to `V`.
pub(crate) type NameMap<K, V> = HashMap<K, V, NameHashing>;

/// The keyed hash of [`NameMap`].
#[derive(Debug, Clone)]
pub(crate) struct NameHashing(SeedableRandomState);

/// The process's key, from the system's random source; foldhash's own random seed
/// (addresses and a counter) when that fails.
fn process_key() -> &'static (u64, SharedSeed) {
    static KEY: OnceLock<(u64, SharedSeed)> = OnceLock::new();
    KEY.get_or_init(|| match getrandom::u64() {
        Ok(seed) => (seed, SharedSeed::from_u64(seed.rotate_left(32))),
        Err(_) => {
            let fallback = SeedableRandomState::random().hash_one(0u8);
            (fallback, SharedSeed::global_random().clone())
        }
    })
}

impl Default for NameHashing {
    fn default() -> Self {
        let (seed, shared) = process_key();
        NameHashing(SeedableRandomState::with_seed(*seed, shared))
    }
}

impl BuildHasher for NameHashing {
    type Hasher = <SeedableRandomState as BuildHasher>::Hasher;

    fn build_hasher(&self) -> Self::Hasher {
        self.0.build_hasher()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_map_finds_what_it_holds_by_borrowed_key() {
        let mut map: NameMap<Box<str>, u32> = NameMap::default();
        map.insert("users".into(), 1);
        map.insert("reports".into(), 2);
        assert_eq!(map.get("users"), Some(&1));
        assert_eq!(map.get("reports"), Some(&2));
        assert_eq!(map.get("user"), None);
    }
}
