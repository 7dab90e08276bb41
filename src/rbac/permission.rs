//! Permission strings: `resource:action[:scope]`.
//!
//! A segment is `[A-Za-z0-9_.-]+` or a whole `*`. A *grant* (what a role or user
//! holds) may use `*` in any segment, and may be the lone `*`. A *request* (what
//! [`check`](super::Rbac::check) asks about) is concrete: two or three segments and
//! no `*`. Both are at most [`MAX_PERMISSION_LEN`] bytes, so a hostile string is
//! refused before it is looked at.

use std::fmt;

/// The longest permission string accepted, in bytes.
pub const MAX_PERMISSION_LEN: usize = 256;

/// One segment of a grant: a name, or the wildcard `*`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Segment<'a> {
    /// `*`: any value of this segment (for a scope: any scope, or none).
    Any,
    /// Exactly this name (case-sensitive).
    Name(&'a str),
}

/// A parsed grant, borrowing its text.
///
/// A missing scope and the scope `*` mean the same thing, and so do the lone `*` and
/// `*:*`: each grant has one [canonical](Grant::canonical) spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Grant<'a> {
    /// The first segment.
    pub resource: Segment<'a>,
    /// The second segment.
    pub action: Segment<'a>,
    /// The third segment; [`Segment::Any`] when absent.
    pub scope: Segment<'a>,
}

/// A parsed request: a concrete permission, borrowing its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Request<'a> {
    /// The first segment.
    pub resource: &'a str,
    /// The second segment.
    pub action: &'a str,
    /// The third segment, if any.
    pub scope: Option<&'a str>,
}

/// What is wrong with a permission string.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PermissionError {
    /// The string is empty.
    Empty,
    /// The string is longer than [`MAX_PERMISSION_LEN`] bytes.
    TooLong(usize),
    /// The string has a number of segments other than two or three.
    SegmentCount(usize),
    /// A segment is empty (`users::org1`, `:view`).
    EmptySegment(&'static str),
    /// A segment mixes `*` with other characters (`*users`).
    PartialWildcard(&'static str),
    /// A segment has a character outside `[A-Za-z0-9_.-]`.
    BadCharacter(&'static str, char),
    /// A request (not a grant) uses `*`.
    WildcardRequest,
}

impl fmt::Display for PermissionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PermissionError::Empty => f.write_str("it is empty"),
            PermissionError::TooLong(len) => {
                write!(f, "it is {len} bytes long, over the limit of {MAX_PERMISSION_LEN}")
            }
            PermissionError::SegmentCount(n) => write!(
                f,
                "it has {n} segment{}, expected `resource:action` or `resource:action:scope`",
                if *n == 1 { "" } else { "s" }
            ),
            PermissionError::EmptySegment(which) => write!(f, "its {which} is empty"),
            PermissionError::PartialWildcard(which) => {
                write!(f, "its {which} mixes `*` with other characters; `*` must be whole")
            }
            PermissionError::BadCharacter(which, c) => write!(
                f,
                "its {which} contains `{}`; segments use letters, digits, `_`, `.` and `-`",
                c.escape_debug()
            ),
            PermissionError::WildcardRequest => {
                f.write_str("a checked permission cannot contain `*`")
            }
        }
    }
}

const SEGMENT_NAMES: [&str; 3] = ["resource", "action", "scope"];

/// Splits `text` into its two or three segments, checking length and count only.
fn split(text: &str) -> Result<[Option<&str>; 3], PermissionError> {
    if text.is_empty() {
        return Err(PermissionError::Empty);
    }
    if text.len() > MAX_PERMISSION_LEN {
        return Err(PermissionError::TooLong(text.len()));
    }

    // `:` is ASCII, so every cut falls on a character boundary.
    let mut parts = [None; 3];
    let mut count = 0;
    let mut start = 0;
    for (end, &byte) in text.as_bytes().iter().enumerate() {
        if byte == b':' {
            if let Some(slot) = parts.get_mut(count) {
                *slot = text.get(start..end);
            }
            count += 1;
            start = end + 1;
        }
    }
    if let Some(slot) = parts.get_mut(count) {
        *slot = text.get(start..);
    }
    count += 1;
    if !(2..=3).contains(&count) {
        return Err(PermissionError::SegmentCount(count));
    }
    Ok(parts)
}

/// Whether `byte` may be part of a segment name: `[A-Za-z0-9_.-]`.
fn is_name_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'.' | b'-')
}

/// Checks one segment; `*` is returned as [`Segment::Any`].
fn segment<'a>(text: &'a str, which: &'static str) -> Result<Segment<'a>, PermissionError> {
    if text == "*" {
        return Ok(Segment::Any);
    }
    if text.is_empty() {
        return Err(PermissionError::EmptySegment(which));
    }
    if text.bytes().all(is_name_byte) {
        return Ok(Segment::Name(text));
    }
    // Something is wrong: find the first character that is.
    for c in text.chars() {
        if c == '*' {
            return Err(PermissionError::PartialWildcard(which));
        }
        if !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')) {
            return Err(PermissionError::BadCharacter(which, c));
        }
    }
    Ok(Segment::Name(text))
}

/// Checks each segment present; a missing one (the scope) is [`Segment::Any`].
fn segments(parts: [Option<&str>; 3]) -> Result<[Segment<'_>; 3], PermissionError> {
    let mut segments = [Segment::Any; 3];
    for ((slot, part), which) in segments.iter_mut().zip(parts).zip(SEGMENT_NAMES) {
        if let Some(part) = part {
            *slot = segment(part, which)?;
        }
    }
    Ok(segments)
}

impl<'a> Grant<'a> {
    /// The lone `*`, which covers every request.
    pub const ALL: Grant<'static> =
        Grant { resource: Segment::Any, action: Segment::Any, scope: Segment::Any };

    /// Parses a grant.
    ///
    /// # Errors
    ///
    /// A [`PermissionError`] saying what is wrong.
    ///
    /// # Example
    ///
    /// ```
    /// use promptward::rbac::permission::{Grant, Segment};
    ///
    /// let g = Grant::parse("users:*:org1").unwrap();
    /// assert_eq!(g.action, Segment::Any);
    /// assert_eq!(g.scope, Segment::Name("org1"));
    /// assert!(Grant::parse("*users").is_err());
    /// ```
    pub fn parse(text: &'a str) -> Result<Self, PermissionError> {
        if text == "*" {
            return Ok(Grant::ALL);
        }
        let [resource, action, scope] = segments(split(text)?)?;
        Ok(Grant { resource, action, scope })
    }

    /// Whether this grant covers `request`: each segment equal or `*`; a grant without
    /// a scope (or with scope `*`) covers every scope and the unscoped request.
    pub fn covers(&self, request: &Request<'_>) -> bool {
        let resource = matches!(self.resource, Segment::Any)
            || self.resource == Segment::Name(request.resource);
        let action =
            matches!(self.action, Segment::Any) || self.action == Segment::Name(request.action);
        let scope = match self.scope {
            Segment::Any => true,
            Segment::Name(name) => request.scope == Some(name),
        };
        resource && action && scope
    }

    /// The canonical spelling: no `:*` scope, and `*` for `*:*`.
    ///
    /// # Example
    ///
    /// ```
    /// use promptward::rbac::permission::Grant;
    ///
    /// assert_eq!(Grant::parse("users:view:*").unwrap().canonical(), "users:view");
    /// assert_eq!(Grant::parse("*:*:*").unwrap().canonical(), "*");
    /// ```
    pub fn canonical(&self) -> String {
        if *self == Grant::ALL {
            return "*".to_string();
        }
        let text = |s: Segment<'_>| match s {
            Segment::Any => "*".to_string(),
            Segment::Name(name) => name.to_string(),
        };
        let mut out = format!("{}:{}", text(self.resource), text(self.action));
        if let Segment::Name(scope) = self.scope {
            out.push(':');
            out.push_str(scope);
        }
        out
    }
}

impl<'a> Request<'a> {
    /// Parses a concrete permission, as asked about by a check.
    ///
    /// # Errors
    ///
    /// A [`PermissionError`]; a wildcard is [`PermissionError::WildcardRequest`].
    ///
    /// # Example
    ///
    /// ```
    /// use promptward::rbac::permission::Request;
    ///
    /// let r = Request::parse("files:read:user42").unwrap();
    /// assert_eq!((r.resource, r.action, r.scope), ("files", "read", Some("user42")));
    /// assert!(Request::parse("files:*").is_err());
    /// ```
    pub fn parse(text: &'a str) -> Result<Self, PermissionError> {
        if text == "*" {
            return Err(PermissionError::WildcardRequest);
        }
        let parts = split(text)?;
        let scoped = parts[2].is_some();
        match segments(parts)? {
            [Segment::Name(resource), Segment::Name(action), Segment::Name(scope)] => {
                Ok(Request { resource, action, scope: Some(scope) })
            }
            [Segment::Name(resource), Segment::Name(action), Segment::Any] if !scoped => {
                Ok(Request { resource, action, scope: None })
            }
            _ => Err(PermissionError::WildcardRequest),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grants_parse_and_canonicalise() {
        for (text, canonical) in [
            ("*", "*"),
            ("*:*", "*"),
            ("*:*:*", "*"),
            ("users:*", "users:*"),
            ("users:view:*", "users:view"),
            ("*:view:org-1", "*:view:org-1"),
            ("a.b_c-d:E9:x", "a.b_c-d:E9:x"),
        ] {
            assert_eq!(Grant::parse(text).map(|g| g.canonical()), Ok(canonical.to_string()));
        }
    }

    #[test]
    fn malformed_grants_say_why() {
        let err = |text: &str| Grant::parse(text).err().map(|e| e.to_string());
        assert_eq!(err(""), Some("it is empty".into()));
        assert_eq!(
            err("users"),
            Some("it has 1 segment, expected `resource:action` or `resource:action:scope`".into())
        );
        assert_eq!(err("users::org1"), Some("its action is empty".into()));
        assert_eq!(err(":view"), Some("its resource is empty".into()));
        assert_eq!(
            err("*users:view"),
            Some("its resource mixes `*` with other characters; `*` must be whole".into())
        );
        assert_eq!(
            err("users:vi ew"),
            Some("its action contains ` `; segments use letters, digits, `_`, `.` and `-`".into())
        );
        assert!(err("a:b:c:d").is_some_and(|e| e.starts_with("it has 4 segments")));
        assert!(err("é:x").is_some_and(|e| e.contains("`é`")));
        let long = format!("a:{}", "b".repeat(10_000));
        assert_eq!(err(&long), Some("it is 10002 bytes long, over the limit of 256".into()));
    }

    #[test]
    fn requests_are_concrete() {
        assert_eq!(Request::parse("users:*"), Err(PermissionError::WildcardRequest));
        assert_eq!(Request::parse("users:view:*"), Err(PermissionError::WildcardRequest));
        assert_eq!(Request::parse("*"), Err(PermissionError::WildcardRequest));
        assert_eq!(
            Request::parse("users:view:").err(),
            Some(PermissionError::EmptySegment("scope"))
        );
        assert_eq!(
            Request::parse("users:view"),
            Ok(Request { resource: "users", action: "view", scope: None })
        );
    }

    #[test]
    fn coverage_follows_segments() {
        fn covers(grant: &str, request: &str) -> bool {
            let (Ok(grant), Ok(request)) = (Grant::parse(grant), Request::parse(request)) else {
                return false;
            };
            grant.covers(&request)
        }
        assert!(covers("users:view", "users:view:org1"));
        assert!(covers("users:view:*", "users:view"));
        assert!(!covers("users:view:org1", "users:view"));
        assert!(!covers("users:view:org1", "users:view:org2"));
        assert!(covers("*", "a:b:c"));
        assert!(!covers("users:*", "usersx:view"));
        assert!(!covers("Users:view", "users:view"));
    }
}
