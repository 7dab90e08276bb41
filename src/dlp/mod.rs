//! The dlp engine (in progress).
