//! Status messages for screen readers. Chrome does not reliably announce live regions inside shadow DOM,
//! so every widget speaks through one visually hidden live region in the page's light DOM. The loader creates
//! it before any widget renders (a region must exist before its text changes to be announced).

use std::cell::RefCell;

use domain::Lang;
use gloo_timers::callback::Timeout;

pub const ANNOUNCER_ID: &str = "tuongtac-announcer";

thread_local! {
    /// The message still waiting to be said; a newer one replaces it.
    static PENDING: RefCell<Option<Timeout>> = const { RefCell::new(None) };
}

/// Speaks `message` politely, in the widget's language `lang` (the region is the page's, and the page may
/// be in another language). The text is cleared first and set a moment later, so that the same message
/// twice in a row is announced twice. A message still waiting is dropped, so "looking up…" is never spoken
/// after the result; an empty `message` just silences the region.
pub fn announce(message: &str, lang: Lang) {
    let Some(region) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(ANNOUNCER_ID))
    else {
        return;
    };
    region.set_text_content(Some(""));
    let _ = region.set_attribute("lang", lang.as_str());
    let message = message.to_owned();
    let timeout = Timeout::new(100, move || region.set_text_content(Some(&message)));
    PENDING.with(|pending| *pending.borrow_mut() = Some(timeout));
}

/// Speaks `message` once `delay_ms` have passed without another message, e.g. a character count once
/// typing pauses. Any message announced meanwhile drops it, so it is never spoken over "sending…".
pub fn announce_after(delay_ms: u32, message: String, lang: Lang) {
    // `announce` replaces this timeout while it runs; wasm-bindgen frees a closure only once its call ends.
    let timeout = Timeout::new(delay_ms, move || announce(&message, lang));
    PENDING.with(|pending| *pending.borrow_mut() = Some(timeout));
}
