//! What every widget builds its forms and messages from, with the ARIA wiring written once: fields with their
//! label, hint and errors (`field`), the alert and the error summary (`alert`), moving focus once a render is
//! on screen (`focus`), the tracking code and PIN to copy (`receipt`), the shared words (`i18n`), and events
//! for the page.

mod alert;
mod field;
mod focus;
pub mod i18n;
mod receipt;
#[cfg(test)]
mod tests;

pub use alert::{ALERT_ID, Alert, ERROR_SUMMARY_ID, ErrorSummary};
pub use field::{Checkbox, Select, TextArea, TextField};
#[allow(unused_imports, reason = "the rating panel is the first widget with a radio scale")]
pub use field::{RadioGroup, RadioOption};
pub use focus::{FocusRequest, use_focus_after_render};
pub use receipt::Receipt;

use domain::{Field, FieldErrors, MessageKey};
use wasm_bindgen::JsCast;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement, ShadowRoot};
use yew::AttrValue;

/// The id of a field's control inside a widget's shadow root (ids are scoped to each root). Its hint and
/// error are `<id>-hint` and `<id>-error`.
pub fn field_id(field: Field) -> AttrValue {
    format!("tt-{}", field.as_str()).into()
}

/// Moves focus to the element `id` in the same shadow root as `from` (in the staff console, which is the page
/// itself, in the same document).
pub fn focus_in_same_root(from: &web_sys::Element, id: &str) {
    #[cfg(feature = "console")]
    if let Some(document) = from.get_root_node().dyn_ref::<web_sys::Document>() {
        if let Some(target) = document.get_element_by_id(id).and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
            let _ = target.focus();
        }
        return;
    }
    let Ok(root) = from.get_root_node().dyn_into::<ShadowRoot>() else { return };
    if let Some(target) = root.get_element_by_id(id).and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        let _ = target.focus();
    }
}

/// The page's `localStorage`, if this browser lets the page store anything: it may be missing or may throw
/// (privacy modes, blocked site data), and what uses it then works without it.
pub fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Re-checks a field that shows an error, so the error goes once it is fixed; `check` gives the field's
/// errors now. Returns false, changing nothing, when the field showed no error.
pub fn revalidate(errors: &mut FieldErrors, field: Field, check: impl FnOnce() -> Vec<MessageKey>) -> bool {
    if errors.get(field).is_empty() {
        return false;
    }
    let keys = check();
    if keys.is_empty() {
        errors.errors.remove(&field);
    } else {
        errors.errors.insert(field, keys);
    }
    true
}

/// Tells the page that the citizen did something: `name` on the custom element, bubbling and `composed` so
/// that listeners anywhere on the page hear it, with string `detail` fields.
pub fn fire(host: &HtmlElement, name: &str, detail: &[(&str, &str)]) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    let object = js_sys::Object::new();
    for (key, value) in detail {
        let _ = js_sys::Reflect::set(&object, &(*key).into(), &(*value).into());
    }
    init.set_detail(&object);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
}
