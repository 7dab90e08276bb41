//! The persisted form of a backup-code set: JSON holding hashes, never codes.
//!
//! ```text
//! { "version": 1, "kdf": "pbkdf2-sha256", "iterations": 20000, "length": 8,
//!   "salt": "<32 hex digits>", "hashes": ["<64 hex digits>", ...] }
//! ```
//!
//! Loading checks every field, and refuses duplicated hashes, which would let
//! one code be used more than once.

use std::collections::HashSet;

use serde::Serialize;
use serde_json::{Map, Value};

use super::backup::{BackupCodes, COUNT_RANGE, ITERATIONS_RANGE, LENGTH_RANGE};
use super::error::TotpError;

const VERSION: u32 = 1;
const KDF: &str = "pbkdf2-sha256";

/// The fields of a store, in the order it writes them.
const FIELDS: [&str; 6] = ["version", "kdf", "iterations", "length", "salt", "hashes"];

#[derive(Serialize)]
struct StoreFile {
    version: u32,
    kdf: String,
    iterations: u32,
    length: usize,
    salt: String,
    hashes: Vec<String>,
}

impl BackupCodes {
    /// The store as a JSON value (hashes only).
    pub fn to_value(&self) -> Value {
        let file = StoreFile {
            version: VERSION,
            kdf: KDF.to_string(),
            iterations: self.iterations,
            length: self.length,
            salt: hex::encode(self.salt),
            hashes: self.hashes.iter().map(hex::encode).collect(),
        };
        serde_json::to_value(file).unwrap_or(Value::Null)
    }

    /// The store as JSON text (hashes only).
    pub fn to_json(&self) -> String {
        self.to_value().to_string()
    }

    /// Loads a store from JSON text.
    ///
    /// # Errors
    ///
    /// `InvalidBackupStore` naming the field at fault.
    ///
    /// # Example
    ///
    /// ```
    /// use promptward::totp::{os_random, BackupCodeConfig, BackupCodes};
    ///
    /// let config = BackupCodeConfig::default().with_iterations(10).unwrap();
    /// let (store, codes) = BackupCodes::generate(&config, &mut os_random).unwrap();
    /// let json = store.to_json();
    /// assert!(!json.contains(&codes[0]));
    /// let mut loaded = BackupCodes::from_json(&json).unwrap();
    /// assert!(loaded.consume(&codes[0]));
    /// ```
    pub fn from_json(text: &str) -> Result<Self, TotpError> {
        let value = serde_json::from_str(text)
            .map_err(|e| TotpError::store(format!("backup store is not valid JSON: {e}")))?;
        Self::from_value(value)
    }

    /// Loads a store from a JSON value.
    ///
    /// # Errors
    ///
    /// `InvalidBackupStore` naming the field at fault.
    pub fn from_value(value: Value) -> Result<Self, TotpError> {
        let file = StoreFile::read(&value)?;

        if file.version != VERSION {
            return Err(TotpError::store(format!(
                "backup store version {} is not supported",
                file.version
            )));
        }
        if file.kdf != KDF {
            return Err(TotpError::store(format!("backup store `kdf` must be `{KDF}`")));
        }
        if !ITERATIONS_RANGE.contains(&file.iterations) {
            return Err(TotpError::store("backup store `iterations` must be 1 to 1000000"));
        }
        if !LENGTH_RANGE.contains(&file.length) {
            return Err(TotpError::store("backup store `length` must be 6 to 32"));
        }
        if file.hashes.len() > *COUNT_RANGE.end() {
            return Err(TotpError::store("backup store holds more than 100 hashes"));
        }

        let salt = decode_hex::<16>(&file.salt)
            .ok_or_else(|| TotpError::store("backup store `salt` must be 32 hex digits"))?;
        let mut hashes = Vec::with_capacity(file.hashes.len());
        let mut seen = HashSet::new();
        for (index, text) in file.hashes.iter().enumerate() {
            let hash = decode_hex::<32>(text).ok_or_else(|| {
                TotpError::store(format!("backup store `hashes[{index}]` must be 64 hex digits"))
            })?;
            if !seen.insert(hash) {
                return Err(TotpError::store(format!(
                    "backup store `hashes[{index}]` repeats an earlier hash"
                )));
            }
            hashes.push(hash);
        }

        Ok(BackupCodes { length: file.length, iterations: file.iterations, salt, hashes })
    }
}

impl StoreFile {
    /// Reads the fields of a store, naming the one at fault. Their values are
    /// checked by [`BackupCodes::from_value`].
    fn read(value: &Value) -> Result<StoreFile, TotpError> {
        let Value::Object(map) = value else {
            return Err(TotpError::store("backup store must be a JSON object"));
        };
        // The unknown key is not shown: a mistaken store could hold a code there.
        if map.keys().any(|key| !FIELDS.contains(&key.as_str())) {
            let known = FIELDS.join(", ");
            return Err(TotpError::store(format!(
                "backup store has an unknown field; its fields are {known}"
            )));
        }
        let hashes = match field(map, "hashes")? {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(index, item)| {
                    item.as_str().map(str::to_string).ok_or_else(|| {
                        TotpError::store(format!("backup store `hashes[{index}]` must be a string"))
                    })
                })
                .collect::<Result<_, _>>()?,
            _ => return Err(TotpError::store("backup store `hashes` must be an array")),
        };
        Ok(StoreFile {
            version: whole(map, "version")?,
            kdf: text(map, "kdf")?,
            iterations: whole(map, "iterations")?,
            length: usize::try_from(whole(map, "length")?).unwrap_or(usize::MAX),
            salt: text(map, "salt")?,
            hashes,
        })
    }
}

fn field<'a>(map: &'a Map<String, Value>, key: &str) -> Result<&'a Value, TotpError> {
    map.get(key).ok_or_else(|| TotpError::store(format!("backup store has no `{key}`")))
}

fn whole(map: &Map<String, Value>, key: &str) -> Result<u32, TotpError> {
    field(map, key)?.as_u64().and_then(|n| u32::try_from(n).ok()).ok_or_else(|| {
        TotpError::store(format!("backup store `{key}` must be a whole number below 2^32"))
    })
}

fn text(map: &Map<String, Value>, key: &str) -> Result<String, TotpError> {
    match field(map, key)? {
        Value::String(text) => Ok(text.clone()),
        _ => Err(TotpError::store(format!("backup store `{key}` must be a string"))),
    }
}

/// Exactly `2 * N` hex digits, in either case.
fn decode_hex<const N: usize>(text: &str) -> Option<[u8; N]> {
    let mut out = [0u8; N];
    hex::decode_to_slice(text, &mut out).ok()?;
    Some(out)
}
