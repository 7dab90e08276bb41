//! The rbac engine (in progress).
