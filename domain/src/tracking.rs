//! Tracking codes and PINs: what a citizen writes down to follow a question.

use std::fmt;

/// Digits and capitals that cannot be mistaken for one another when read aloud or copied by hand:
/// no 0/O, 1/I/L.
const ALPHABET: &[u8; 31] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const RANDOM_LEN: usize = 9;

/// A question's public handle, e.g. `K7M4Q-X9PRT`: nine random symbols and a check symbol that catches any
/// single mistyped symbol and any swap of two neighbouring random symbols. Random, so neither guessable nor sequential.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TrackingCode(String);

impl TrackingCode {
    /// Builds a code from nine random numbers (the caller supplies the randomness; this crate does no IO).
    pub fn from_entropy(entropy: [u32; RANDOM_LEN]) -> TrackingCode {
        let mut symbols: Vec<u8> = entropy.iter().map(|n| ALPHABET[(*n % 31) as usize]).collect();
        symbols.push(check_symbol(&symbols));
        TrackingCode(ascii(&symbols))
    }

    /// Reads a code as people type it: any case, with or without the dash or spaces.
    pub fn parse(input: &str) -> Option<TrackingCode> {
        let symbols: Vec<u8> = input
            .chars()
            .filter(|c| !matches!(c, '-' | ' ' | '\u{2010}'..='\u{2015}'))
            .map(|c| c.to_ascii_uppercase())
            .map(|c| u8::try_from(c).ok().filter(|b| ALPHABET.contains(b)))
            .collect::<Option<_>>()?;
        if symbols.len() != RANDOM_LEN + 1 || check_symbol(&symbols[..RANDOM_LEN]) != symbols[RANDOM_LEN] {
            return None;
        }
        Some(TrackingCode(ascii(&symbols)))
    }

    /// The code without its dash, as stored.
    pub fn as_compact(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TrackingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", &self.0[..5], &self.0[5..])
    }
}

/// The symbols as text. Not `String::from_utf8(..).expect(..)`: its error formatting costs the widgets'
/// wasm about 3 KB, and the symbols are ASCII by construction.
fn ascii(symbols: &[u8]) -> String {
    symbols.iter().map(|b| char::from(*b)).collect()
}

/// Position-weighted sum modulo the (prime) alphabet size.
fn check_symbol(symbols: &[u8]) -> u8 {
    let sum: usize = symbols
        .iter()
        .enumerate()
        .map(|(i, s)| (i + 1) * ALPHABET.iter().position(|a| a == s).expect("symbol from the alphabet"))
        .sum();
    ALPHABET[sum % 31]
}

/// The secret that, with the tracking code, opens a question's private status. Six digits, easy to read out
/// over the phone; the server keeps only its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pin(String);

impl Pin {
    pub fn from_entropy(entropy: u32) -> Pin {
        Pin(format!("{:06}", entropy % 1_000_000))
    }

    pub fn parse(input: &str) -> Option<Pin> {
        let digits: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        (digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(Pin(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}
