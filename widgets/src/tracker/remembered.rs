//! Tracking codes a citizen asked this device to remember, in `localStorage` under one key per agency.
//! Only codes are kept: a code alone opens nothing, the PIN would. Storage may be missing or may throw
//! (privacy modes, blocked site data); the tracker then works without it.

use domain::TrackingCode;
use crate::json;
use crate::ui::local_storage;

/// Older codes are dropped beyond this many, so the list stays short enough to read.
const MAX_CODES: usize = 10;

fn key(agency: &str) -> String {
    format!("tuongtac:codes:{agency}")
}

/// Whether this browser lets the page store anything at all.
pub fn available() -> bool {
    local_storage().is_some()
}

/// The remembered codes, newest first. Anything stored that is not a valid code is ignored.
pub fn load(agency: &str) -> Vec<String> {
    let Some(text) = local_storage().and_then(|s| s.get_item(&key(agency)).ok().flatten()) else { return Vec::new() };
    let mut codes: Vec<String> = Vec::new();
    let stored = json::decode(&text, |value| Some(json::codes(value))).unwrap_or_default();
    for code in stored.iter().filter_map(|c| TrackingCode::parse(c)).map(|c| c.to_string()) {
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    codes
}

/// Puts `code` first, and returns the list as it is now stored (without `code` if storing failed).
pub fn remember(agency: &str, code: &str) -> Vec<String> {
    let mut codes = load(agency);
    codes.retain(|c| c != code);
    codes.insert(0, code.to_owned());
    codes.truncate(MAX_CODES);
    save(agency, &codes);
    load(agency)
}

/// Drops `code`, and returns the list as it is now stored.
pub fn forget(agency: &str, code: &str) -> Vec<String> {
    let mut codes = load(agency);
    codes.retain(|c| c != code);
    save(agency, &codes);
    load(agency)
}

fn save(agency: &str, codes: &[String]) {
    let Some(storage) = local_storage() else { return };
    // A full or read-only storage throws; the list then simply stays as it was.
    let _ = if codes.is_empty() {
        storage.remove_item(&key(agency))
    } else {
        storage.set_item(&key(agency), &json::codes_to_string(codes))
    };
}
