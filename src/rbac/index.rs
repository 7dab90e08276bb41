//! The compiled form of grants: interned segments and hash indexes.
//!
//! Every segment name a grant uses gets a small number. A grant becomes a key of
//! three numbers, with [`ANY`] for `*` (and for a missing scope). To check a request,
//! its segments are looked up once, and the index is probed with at most eight keys:
//! each segment either as itself or as `*`, most specific first. The cost of a check
//! therefore does not depend on how many grants or roles there are.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use super::permission::{Grant, Request, Segment};

/// The number standing for `*`.
pub(crate) const ANY: u32 = 0;

/// A grant (or a probe) as three segment numbers.
pub(crate) type Key = [u32; 3];

/// Segment names and their numbers. Names are only ever added.
#[derive(Debug, Clone, Default)]
pub(crate) struct Interner {
    ids: HashMap<Box<str>, u32>,
}

impl Interner {
    /// The number of `name`, giving it one if it has none; `None` when numbers run out.
    fn intern(&mut self, name: &str) -> Option<u32> {
        if let Some(&id) = self.ids.get(name) {
            return Some(id);
        }
        let id = u32::try_from(self.ids.len()).ok()?.checked_add(1)?;
        self.ids.insert(name.into(), id);
        Some(id)
    }

    /// The key of a grant, interning its names.
    pub(crate) fn grant_key(&mut self, grant: &Grant<'_>) -> Option<Key> {
        let mut key = [ANY; 3];
        for (slot, segment) in key.iter_mut().zip([grant.resource, grant.action, grant.scope]) {
            if let Segment::Name(name) = segment {
                *slot = self.intern(name)?;
            }
        }
        Some(key)
    }

    /// The key of a grant if all its names are interned; otherwise no grant has it.
    pub(crate) fn existing_key(&self, grant: &Grant<'_>) -> Option<Key> {
        let mut key = [ANY; 3];
        for (slot, segment) in key.iter_mut().zip([grant.resource, grant.action, grant.scope]) {
            if let Segment::Name(name) = segment {
                *slot = *self.ids.get(name)?;
            }
        }
        Some(key)
    }

    /// The key of a grant that is not stored (a subject's own), numbering names the
    /// policy does not use in `extra` instead of interning them; `None` when numbers
    /// run out.
    pub(crate) fn key_with_extra(&self, grant: &Grant<'_>, extra: &mut ExtraNames) -> Option<Key> {
        let mut key = [ANY; 3];
        for (slot, segment) in key.iter_mut().zip([grant.resource, grant.action, grant.scope]) {
            if let Segment::Name(name) = segment {
                *slot = match self.ids.get(name) {
                    Some(&id) => id,
                    None => extra.number(name, self.ids.len())?,
                };
            }
        }
        Some(key)
    }

    /// The probe key of a request. A name neither the policy nor `extra` uses becomes
    /// [`ANY`], so that only wildcard grants can match it; a missing scope is [`ANY`]
    /// too.
    pub(crate) fn request_key(&self, request: &Request<'_>, extra: &ExtraNames) -> Key {
        let id =
            |name: &str| self.ids.get(name).or_else(|| extra.ids.get(name)).copied().unwrap_or(ANY);
        [id(request.resource), id(request.action), request.scope.map_or(ANY, id)]
    }
}

/// Numbers for names that only a subject's own grants use, following the policy's
/// numbers, for the length of one check.
#[derive(Debug, Clone, Default)]
pub(crate) struct ExtraNames {
    ids: HashMap<Box<str>, u32>,
}

impl ExtraNames {
    fn number(&mut self, name: &str, interned: usize) -> Option<u32> {
        if let Some(&id) = self.ids.get(name) {
            return Some(id);
        }
        let next = interned.checked_add(self.ids.len())?.checked_add(1)?;
        let id = u32::try_from(next).ok()?;
        self.ids.insert(name.into(), id);
        Some(id)
    }
}

/// Compiled grants by key.
type KeyMap = HashMap<Key, Source, BuildHasherDefault<KeyHasher>>;

/// A hasher for keys: a multiply and a rotation per number (as rustc's FxHash). Keys
/// are numbers the interner hands out in order, never text from a request, so a
/// keyed hash would only slow every probe of every check.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct KeyHasher(u64);

impl KeyHasher {
    #[inline]
    fn add(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for KeyHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        // `[u32; 3]` arrives as its twelve bytes in one call.
        let mut rest = bytes;
        while let Some((word, tail)) = rest.split_first_chunk::<4>() {
            self.add(u64::from(u32::from_le_bytes(*word)));
            rest = tail;
        }
        for byte in rest {
            self.add(u64::from(*byte));
        }
    }

    #[inline]
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Where a compiled grant came from, for explanations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Source {
    /// The grant, canonically spelled.
    pub(crate) grant: Arc<str>,
    /// The role that holds it; `None` for a user's own grant.
    pub(crate) role: Option<Arc<str>>,
    /// The assigned role through which `role` was inherited, if not `role` itself.
    pub(crate) via: Option<Arc<str>>,
}

/// A set of allow and deny grants, ready to be probed.
#[derive(Debug, Clone, Default)]
pub(crate) struct GrantIndex {
    allow: KeyMap,
    deny: KeyMap,
}

/// The keys that cover `probe`, most specific first: each segment as itself, then
/// as `*`. A segment already `*` in the probe is only tried as `*`.
fn covering_keys(probe: Key) -> impl Iterator<Item = Key> {
    (0..8u32).filter_map(move |bits| {
        let mut key = probe;
        for (i, slot) in key.iter_mut().enumerate() {
            // Bit 2 widens the resource, bit 1 the action, bit 0 the scope.
            if (bits >> (2 - i)) & 1 == 1 {
                if *slot == ANY {
                    // Already `*`: the same key as the choice without this bit.
                    return None;
                }
                *slot = ANY;
            }
        }
        Some(key)
    })
}

impl GrantIndex {
    /// Adds a grant unless the same key is already there (the first source wins).
    pub(crate) fn insert(&mut self, deny: bool, key: Key, source: impl FnOnce() -> Source) {
        let map = if deny { &mut self.deny } else { &mut self.allow };
        map.entry(key).or_insert_with(source);
    }

    /// Removes the grant of this key; whether there was one.
    pub(crate) fn remove(&mut self, deny: bool, key: Key) -> bool {
        let map = if deny { &mut self.deny } else { &mut self.allow };
        map.remove(&key).is_some()
    }

    /// Whether a grant of this key is there.
    pub(crate) fn contains(&self, deny: bool, key: Key) -> bool {
        let map = if deny { &self.deny } else { &self.allow };
        map.contains_key(&key)
    }

    /// The most specific deny grant that covers `probe`.
    pub(crate) fn find_deny(&self, probe: Key) -> Option<&Source> {
        find(&self.deny, probe)
    }

    /// The most specific allow grant that covers `probe`.
    pub(crate) fn find_allow(&self, probe: Key) -> Option<&Source> {
        find(&self.allow, probe)
    }

    /// Every allow grant with its key.
    pub(crate) fn allows(&self) -> impl Iterator<Item = (&Key, &Source)> {
        self.allow.iter()
    }

    /// Every deny grant with its key.
    pub(crate) fn denies(&self) -> impl Iterator<Item = (&Key, &Source)> {
        self.deny.iter()
    }
}

fn find(map: &KeyMap, probe: Key) -> Option<&Source> {
    if map.is_empty() {
        return None;
    }
    covering_keys(probe).find_map(|key| map.get(&key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covering_keys_are_ordered_and_unique() {
        let keys: Vec<Key> = covering_keys([1, 2, 3]).collect();
        assert_eq!(
            keys,
            vec![
                [1, 2, 3],
                [1, 2, ANY],
                [1, ANY, 3],
                [1, ANY, ANY],
                [ANY, 2, 3],
                [ANY, 2, ANY],
                [ANY, ANY, 3],
                [ANY, ANY, ANY]
            ]
        );
        let keys: Vec<Key> = covering_keys([1, ANY, ANY]).collect();
        assert_eq!(keys, vec![[1, ANY, ANY], [ANY, ANY, ANY]]);
    }
}
