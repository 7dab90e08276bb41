//! The permission catalogue: the permissions a policy says exist, with descriptions.
//!
//! It is documentation, not enforcement: a grant that covers nothing in the
//! catalogue is reported as a warning (the platform's own roles grant `org:manage`,
//! which its catalogue omits) and still works.

use std::collections::{BTreeMap, HashSet};

use super::permission::{Grant, Request, Segment};

/// One catalogue entry.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Entry {
    pub(crate) name: String,
    pub(crate) description: String,
}

/// The catalogue, grouped by resource as the policy writes it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Catalogue {
    pub(crate) groups: BTreeMap<String, Vec<Entry>>,
    /// Every grant, canonically spelled, that covers at least one entry.
    covered: HashSet<String>,
}

impl Catalogue {
    /// Adds an entry whose name has already been parsed as `request`.
    pub(crate) fn add(&mut self, group: &str, request: &Request<'_>, entry: Entry) {
        fn name(n: &str, any: bool) -> Segment<'_> {
            if any {
                Segment::Any
            } else {
                Segment::Name(n)
            }
        }
        for bits in 0..8u32 {
            let scope = match request.scope {
                Some(scope) => name(scope, bits & 1 == 1),
                None if bits & 1 == 1 => continue,
                None => Segment::Any,
            };
            let grant = Grant {
                resource: name(request.resource, bits & 4 == 4),
                action: name(request.action, bits & 2 == 2),
                scope,
            };
            self.covered.insert(grant.canonical());
        }
        self.groups.entry(group.to_string()).or_default().push(entry);
    }

    /// Whether a grant (canonically spelled) covers some entry.
    pub(crate) fn covers_something(&self, grant: &str) -> bool {
        self.covered.contains(grant)
    }
}
