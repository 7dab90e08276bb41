//! JavaScript bindings of the dlp engine (in progress).
