//! JavaScript bindings of the totp engine (in progress).
