//! Pieces every widget uses: inline field errors, the error summary, focus and events for the page.

use domain::{Field, FieldErrors, Lang, MessageKey};
use wasm_bindgen::JsCast;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement, ShadowRoot};
use yew::prelude::*;

use crate::i18n::texts;

/// The id of a field's control inside a widget's shadow root (ids are scoped to each root).
pub fn field_id(field: Field) -> String {
    format!("tt-{}", field.as_str())
}

pub fn hint_id(field: Field) -> String {
    format!("tt-{}-hint", field.as_str())
}

pub fn error_id(field: Field) -> String {
    format!("tt-{}-error", field.as_str())
}

/// Moves focus to the control `id` in the same shadow root as `from`, scrolling it into view.
pub fn focus_in_same_root(from: &web_sys::Element, id: &str) {
    let Ok(root) = from.get_root_node().dyn_into::<ShadowRoot>() else { return };
    if let Some(target) = root.get_element_by_id(id).and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        let _ = target.focus();
    }
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

/// A field's own error messages, shown above its control and tied to it by `aria-describedby`.
pub fn field_errors(errors: &[MessageKey], field: Field, lang: Lang) -> Html {
    if errors.is_empty() {
        return html! {};
    }
    let prefix = texts(lang).error_prefix;
    html! {
        <p id={error_id(field)} class="tt-error-message" part="error">
            { for errors.iter().map(|key| html! {
                <span class="tt-error-line"><span class="tt-visually-hidden">{ prefix }{ " " }</span>{ key.text(lang) }</span>
            }) }
        </p>
    }
}

#[derive(Properties, PartialEq)]
pub struct ErrorSummaryProps {
    pub errors: FieldErrors,
    pub lang: Lang,
    pub node_ref: NodeRef,
}

/// GOV.UK's error summary: a heading and one link per error; it takes focus when shown, and each link moves
/// focus to its field.
#[component]
pub fn ErrorSummary(props: &ErrorSummaryProps) -> Html {
    if props.errors.is_empty() {
        return html! {};
    }
    let onclick = Callback::from(|e: MouseEvent| {
        e.prevent_default();
        let Some(link) = e.target_dyn_into::<web_sys::Element>() else { return };
        let Some(link) = link.closest("a").ok().flatten() else { return };
        if let Some(id) = link.get_attribute("href").and_then(|h| h.strip_prefix('#').map(str::to_owned)) {
            focus_in_same_root(&link, &id);
        }
    });
    html! {
        <div class="tt-error-summary" part="error-summary" tabindex="-1" ref={props.node_ref.clone()}
            aria-labelledby="tt-error-summary-title">
            <h2 id="tt-error-summary-title" class="tt-error-summary-title">{ texts(props.lang).error_summary_title }</h2>
            <ul class="tt-error-summary-list">
                { for props.errors.errors.iter().flat_map(|(field, keys)| keys.iter().map(move |key| (*field, *key))).map(|(field, key)| html! {
                    <li><a href={format!("#{}", field_id(field))} onclick={onclick.clone()}>{ key.text(props.lang) }</a></li>
                }) }
            </ul>
        </div>
    }
}
