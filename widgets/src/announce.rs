//! Status messages for screen readers. Chrome does not reliably announce live regions inside shadow DOM,
//! so every widget speaks through one visually hidden live region in the page's light DOM. The loader creates
//! it before any widget renders (a region must exist before its text changes to be announced).

use gloo_timers::callback::Timeout;

pub const ANNOUNCER_ID: &str = "tuongtac-announcer";

/// Speaks `message` politely. The text is cleared first and set a moment later, so that the same message
/// twice in a row is announced twice.
pub fn announce(message: &str) {
    let Some(region) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(ANNOUNCER_ID))
    else {
        return;
    };
    region.set_text_content(Some(""));
    let message = message.to_owned();
    Timeout::new(100, move || region.set_text_content(Some(&message))).forget();
}
