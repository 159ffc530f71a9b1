//! Normalisation of free text before it is checked and stored.

use unicode_normalization::UnicodeNormalization;

/// Whether a text may span several lines (a question's body) or must stay on one (a title, a name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    Single,
    Multi,
}

/// Normalises to Unicode NFC, unifies line endings and trims. Vietnamese typed on some keyboards arrives
/// decomposed (NFD); without NFC the same title would be stored and counted differently.
pub fn normalise(input: &str) -> String {
    let unified = input.replace("\r\n", "\n").replace('\r', "\n");
    let nfc: String = unified.nfc().collect();
    nfc.trim().to_owned()
}

/// Counts what a citizen sees as characters of the normalised text (Unicode scalar values).
pub fn char_count(normalised: &str) -> usize {
    normalised.chars().count()
}

/// Control characters (and the bidirectional overrides that can disguise text) are refused; a multi-line
/// text may contain line feeds and tabs.
pub fn has_forbidden_chars(text: &str, lines: Lines) -> bool {
    text.chars().any(|c| {
        let allowed_whitespace = lines == Lines::Multi && (c == '\n' || c == '\t');
        (c.is_control() && !allowed_whitespace) || is_bidi_control(c)
    })
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}
