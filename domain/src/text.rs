//! Normalisation of free text before it is checked and stored.

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
    nfc(&unified).trim().to_owned()
}

#[cfg(not(target_arch = "wasm32"))]
fn nfc(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfc().collect()
}

/// The browser's own NFC: the same Unicode algorithm, without shipping its tables in the wasm.
#[cfg(target_arch = "wasm32")]
fn nfc(text: &str) -> String {
    js_sys::JsString::from(text).normalize("NFC").into()
}

/// Lowercases with Unicode's default case mapping: natively with the standard library, in the browser with
/// the engine's own `toLowerCase`, the same mapping without shipping its tables in the wasm.
pub fn lowercase(text: &str) -> String {
    #[cfg(not(target_arch = "wasm32"))]
    return text.to_lowercase();
    #[cfg(target_arch = "wasm32")]
    return js_sys::JsString::from(text).to_lower_case().into();
}

/// What accent-insensitive search compares: lowercased, without diacritics, `đ` as `d`, so that "giay phep"
/// finds "giấy phép". The server folds stored text and search words alike; the widgets never need it.
#[cfg(not(target_arch = "wasm32"))]
pub fn fold(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
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

#[cfg(test)]
mod fold_tests {
    #[test]
    fn folding_drops_vietnamese_diacritics_and_d_stroke() {
        assert_eq!(super::fold("Giấy phép XÂY DỰNG ở Đà Nẵng"), "giay phep xay dung o da nang");
        // Decomposed input folds the same.
        assert_eq!(super::fold("Gia\u{302}\u{301}y"), "giay");
    }
}
