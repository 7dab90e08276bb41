//! JavaScript bindings of the rbac engine (in progress).
