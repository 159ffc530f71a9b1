//! Randomness from the operating system, for tracking codes, PINs, tokens, salts and secrets.

pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).expect("the operating system's random source is available");
    bytes
}

pub fn random_u32s<const N: usize>() -> [u32; N] {
    std::array::from_fn(|_| u32::from_le_bytes(random_bytes::<4>()))
}

/// Lowercase hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
