//! The hasher of the engine's `u64` code keys, and the maps and sets keyed by them.

use std::collections::{HashMap, HashSet};

/// A hasher for the engine's `u64` code keys: one multiply instead of SipHash
/// (the keys are not attacker-chosen in a way that matters: a schedule is
/// trusted input, and a pathological one only slows itself down).
#[derive(Default, Clone, Copy)]
pub(super) struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 =
                (self.0.rotate_left(5) ^ u64::from(*b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0 ^ n)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(29);
    }
}

pub(super) type KeyBuild = std::hash::BuildHasherDefault<KeyHasher>;

pub(super) type KeyMap<V> = HashMap<u64, V, KeyBuild>;

pub(super) type KeySet = HashSet<u64, KeyBuild>;
