//! A small time-limited cache for data read on every request but changed rarely.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::RwLock;
use std::time::{Duration, Instant};

pub struct TtlCache<K, V> {
    ttl: Duration,
    /// More distinct keys than legitimate use produces: past this, someone is probing, so start afresh.
    limit: usize,
    entries: RwLock<HashMap<K, (Instant, V)>>,
}

impl<K: Eq + Hash, V: Clone> TtlCache<K, V> {
    pub fn new(ttl: Duration, limit: usize) -> TtlCache<K, V> {
        TtlCache { ttl, limit, entries: RwLock::default() }
    }

    pub fn get(&self, key: &K) -> Option<V> {
        let entries = self.entries.read().expect("cache lock");
        entries.get(key).filter(|(at, _)| at.elapsed() < self.ttl).map(|(_, value)| value.clone())
    }

    pub fn insert(&self, key: K, value: V) {
        let mut entries = self.entries.write().expect("cache lock");
        if entries.len() >= self.limit {
            entries.clear();
        }
        entries.insert(key, (Instant::now(), value));
    }

    /// Forgets one entry, after a change this process made to it.
    pub fn remove(&self, key: &K) {
        self.entries.write().expect("cache lock").remove(key);
    }

    /// Forgets everything, after a change this process made itself.
    pub fn clear(&self) {
        self.entries.write().expect("cache lock").clear();
    }
}
