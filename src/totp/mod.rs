//! The totp engine (in progress).
