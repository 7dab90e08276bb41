//! The compiled form of grants: interned segments and hash indexes.
//!
//! Every segment name a grant uses gets a small number. A grant becomes a key of
//! three numbers, with [`ANY`] for `*` (and for a missing scope). To check a request,
//! its segments are looked up once, and the index is probed with at most eight keys:
//! each segment either as itself or as `*`, most specific first, skipping the shapes
//! of key no grant has. The cost of a check therefore does not depend on how many
//! grants or roles there are.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use super::names::NameMap;
use super::permission::{Grant, Request, Segment};

/// The number standing for `*`.
pub(crate) const ANY: u32 = 0;

/// A grant (or a probe) as three segment numbers.
pub(crate) type Key = [u32; 3];

/// Segment names and their numbers. Names are only ever added.
#[derive(Debug, Clone, Default)]
pub(crate) struct Interner {
    ids: NameMap<Box<str>, u32>,
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
    ids: NameMap<Box<str>, u32>,
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

/// Grants by key, with a count of the keys of each shape (which segments are `*`),
/// so that a probe skips the shapes no grant has.
#[derive(Debug, Clone, Default)]
struct KeyTable {
    map: KeyMap,
    shapes: [u32; 8],
}

/// The shape of a key: bit 2 set when the resource is `*`, bit 1 the action, bit 0
/// the scope.
#[inline]
fn shape(key: &Key) -> usize {
    key.iter().fold(0, |bits, &slot| (bits << 1) | usize::from(slot == ANY))
}

impl KeyTable {
    fn insert(&mut self, key: Key, source: impl FnOnce() -> Source) {
        if let std::collections::hash_map::Entry::Vacant(slot) = self.map.entry(key) {
            slot.insert(source());
            if let Some(count) = self.shapes.get_mut(shape(&key)) {
                *count += 1;
            }
        }
    }

    fn remove(&mut self, key: &Key) -> bool {
        let removed = self.map.remove(key).is_some();
        if let Some(count) = self.shapes.get_mut(shape(key)).filter(|_| removed) {
            *count -= 1;
        }
        removed
    }

    /// The most specific entry covering `probe`: each segment as
    /// itself, then as `*`, skipping the shapes no entry has.
    fn find(&self, probe: Key) -> Option<&Source> {
        if self.map.is_empty() {
            return None;
        }
        let already_any = shape(&probe);
        for widen in 0..8 {
            let present = self.shapes.get(widen | already_any).is_some_and(|&count| count > 0);
            if widen & already_any != 0 || !present {
                continue;
            }
            let mut key = probe;
            for (i, slot) in key.iter_mut().enumerate() {
                if (widen >> (2 - i)) & 1 == 1 {
                    *slot = ANY;
                }
            }
            if let Some(source) = self.map.get(&key) {
                return Some(source);
            }
        }
        None
    }
}

/// A set of allow and deny grants, ready to be probed.
#[derive(Debug, Clone, Default)]
pub(crate) struct GrantIndex {
    allow: KeyTable,
    deny: KeyTable,
}

impl GrantIndex {
    /// Adds a grant unless the same key is already there (the first source wins).
    pub(crate) fn insert(&mut self, deny: bool, key: Key, source: impl FnOnce() -> Source) {
        self.table_mut(deny).insert(key, source);
    }

    /// Removes the grant of this key; whether there was one.
    pub(crate) fn remove(&mut self, deny: bool, key: Key) -> bool {
        self.table_mut(deny).remove(&key)
    }

    /// Whether a grant of this key is there.
    pub(crate) fn contains(&self, deny: bool, key: Key) -> bool {
        let table = if deny { &self.deny } else { &self.allow };
        table.map.contains_key(&key)
    }

    /// The most specific deny grant that covers `probe`.
    pub(crate) fn find_deny(&self, probe: Key) -> Option<&Source> {
        self.deny.find(probe)
    }

    /// The most specific allow grant that covers `probe`.
    pub(crate) fn find_allow(&self, probe: Key) -> Option<&Source> {
        self.allow.find(probe)
    }

    /// Every allow grant with its key.
    pub(crate) fn allows(&self) -> impl Iterator<Item = (&Key, &Source)> {
        self.allow.map.iter()
    }

    /// Every deny grant with its key.
    pub(crate) fn denies(&self) -> impl Iterator<Item = (&Key, &Source)> {
        self.deny.map.iter()
    }

    fn table_mut(&mut self, deny: bool) -> &mut KeyTable {
        if deny {
            &mut self.deny
        } else {
            &mut self.allow
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_specific_covering_grant_wins_and_a_probe_never_widens_across_names() {
        let keys = [
            [1, 2, 3],
            [1, 2, ANY],
            [1, ANY, 3],
            [1, ANY, ANY],
            [ANY, 2, 3],
            [ANY, 2, ANY],
            [ANY, ANY, 3],
            [ANY, ANY, ANY],
        ];
        let mut index = GrantIndex::default();
        for (n, key) in keys.iter().enumerate() {
            index.insert(false, *key, || source(&n.to_string()));
        }
        index.insert(false, [1, 9, 3], || source("other action"));

        // Removing the winner each time walks the keys in order of specificity.
        for (n, key) in keys.iter().enumerate() {
            let found = index.find_allow([1, 2, 3]).map(|s| s.grant.to_string());
            assert_eq!(found, Some(n.to_string()));
            assert!(index.remove(false, *key));
        }
        assert_eq!(index.find_allow([1, 2, 3]), None);

        // A probe with no scope is only covered by scope-less (`*` scope) grants.
        index.insert(false, [1, 2, 3], || source("scoped"));
        assert_eq!(index.find_allow([1, 2, ANY]), None);
    }

    fn source(grant: &str) -> Source {
        Source { grant: grant.into(), role: None, via: None }
    }

    #[test]
    fn probes_skip_shapes_no_grant_has_and_removal_keeps_counts() {
        let mut index = GrantIndex::default();
        index.insert(false, [1, ANY, ANY], || source("a:*"));
        index.insert(false, [1, 2, 3], || source("a:b:c"));
        // The same key again: the first source stays and the count does not grow.
        index.insert(false, [1, 2, 3], || source("again"));

        assert_eq!(index.find_allow([1, 2, 3]).map(|s| &*s.grant), Some("a:b:c"));
        assert_eq!(index.find_allow([1, 5, ANY]).map(|s| &*s.grant), Some("a:*"));
        assert!(index.remove(false, [1, 2, 3]));
        assert_eq!(index.find_allow([1, 2, 3]).map(|s| &*s.grant), Some("a:*"));
        assert!(!index.remove(false, [1, 2, 3]));
        assert!(index.remove(false, [1, ANY, ANY]));
        assert_eq!(index.find_allow([1, 2, 3]), None);
        assert_eq!(index.allow.shapes, [0; 8]);
    }
}
