//! The tracking code and PIN a citizen must write down once something is stored (a question, a comment),
//! each with a button that copies it.

use domain::Lang;
use yew::platform::spawn_local;
use yew::prelude::*;

use super::i18n::texts;
use crate::announce::announce;

#[derive(Properties, PartialEq)]
pub struct ReceiptProps {
    pub tracking_code: AttrValue,
    pub pin: AttrValue,
    pub lang: Lang,
}

/// The code and the PIN as a description list, each with its copy button.
#[component]
pub fn Receipt(props: &ReceiptProps) -> Html {
    let lang = props.lang;
    let t = texts(lang);
    let copied = use_state(|| None::<&'static str>);
    let copy = |label: &'static str, value: AttrValue| {
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(window) = web_sys::window() else { return };
            let promise = window.navigator().clipboard().write_text(&value);
            let copied = copied.clone();
            spawn_local(async move {
                if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
                    copied.set(Some(label));
                    announce(t.copied, lang);
                }
            });
        })
    };
    // The name is the visible word plus what it copies ("Copy the PIN", "Copied the PIN"), so it always
    // starts with what is on screen (WCAG 2.5.3), also once the word has changed.
    let row = |term: &'static str, suffix: &'static str, value: &AttrValue| {
        html! {
            <div class="tt-receipt-row">
                <dt>{ term }</dt>
                <dd><span class="tt-code" translate="no">{ value }</span>
                    <button type="button" class="tt-button tt-button--secondary" part="button"
                        onclick={copy(suffix, value.clone())}>
                        { if *copied == Some(suffix) { t.copied } else { t.copy } }
                        <span class="tt-visually-hidden">{ suffix }</span>
                    </button>
                </dd>
            </div>
        }
    };
    html! {
        <dl class="tt-receipt">
            { row(t.tracking_code, t.copy_code_suffix, &props.tracking_code) }
            { row(t.pin, t.copy_pin_suffix, &props.pin) }
        </dl>
    }
}
