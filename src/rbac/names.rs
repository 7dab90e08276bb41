//! Hash maps keyed by role, user and segment names.
//!
//! A check looks up the user and each segment of the request once, so the hash of a
//! short name is most of its cost. These maps use foldhash, several times faster
//! than the standard SipHash on short keys. Names are written by whoever writes the
//! policy, and a check only looks names up; still, the hash is keyed with 64 random
//! bits drawn once per process, so that names cannot be chosen to collide.

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

/// The process's key, from the system's random source, drawn the first time it is
/// available. Some hosts refuse random bytes at times (a worker's start-up, outside
/// any request); maps made then get foldhash's own seed (addresses and a counter),
/// and the next map asks again.
fn process_key() -> (u64, &'static SharedSeed) {
    static KEY: OnceLock<(u64, SharedSeed)> = OnceLock::new();
    if let Some((seed, shared)) = KEY.get() {
        return (*seed, shared);
    }
    match getrandom::u64() {
        Ok(seed) => {
            let (seed, shared) =
                KEY.get_or_init(|| (seed, SharedSeed::from_u64(seed.rotate_left(32))));
            (*seed, shared)
        }
        Err(_) => (SeedableRandomState::random().hash_one(0u8), SharedSeed::global_random()),
    }
}

impl Default for NameHashing {
    fn default() -> Self {
        let (seed, shared) = process_key();
        NameHashing(SeedableRandomState::with_seed(seed, shared))
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
