//! Messages that take focus: an alert when something went wrong that no field can fix, and GOV.UK's error
//! summary when fields need fixing.

use domain::{FieldErrors, Lang};
use yew::prelude::*;

use super::i18n::texts;
use super::{field_id, focus_in_same_root};

/// The ids to ask focus for (see `FocusRequest`).
pub const ALERT_ID: &str = "tt-alert";
pub const ERROR_SUMMARY_ID: &str = "tt-error-summary";

#[derive(Properties, PartialEq)]
pub struct AlertProps {
    pub message: AttrValue,
    /// Another id where a widget has two forms, each with its own alert.
    #[prop_or(AttrValue::Static(ALERT_ID))]
    pub id: AttrValue,
}

/// Why something failed. It takes focus (ask for [`ALERT_ID`]), so it is read out as it does; the live region
/// stays silent rather than say it twice.
#[component]
pub fn Alert(props: &AlertProps) -> Html {
    html! {
        <div id={&props.id} class="tt-alert" part="error" role="alert" tabindex="-1">
            <p>{ &props.message }</p>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ErrorSummaryProps {
    pub errors: FieldErrors,
    pub lang: Lang,
    /// Another id where a widget has two forms, each with its own summary.
    #[prop_or(AttrValue::Static(ERROR_SUMMARY_ID))]
    pub id: AttrValue,
    /// The heading's level: 2 for a form of its own, deeper for a form inside a document's headings.
    #[prop_or(2)]
    pub level: u8,
}

/// A heading and one link per error; it takes focus when shown (ask for [`ERROR_SUMMARY_ID`]), and each link
/// moves focus to its field, looked up inside the widget's own shadow root.
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
    let lang = props.lang;
    let links = props.errors.errors.iter().flat_map(|(field, keys)| keys.iter().map(move |key| (*field, *key)));
    html! {
        <div id={&props.id} class="tt-error-summary" part="error-summary" tabindex="-1"
            aria-labelledby={format!("{}-title", props.id)}>
            <@{format!("h{}", props.level.clamp(2, 6))} id={format!("{}-title", props.id)} class="tt-error-summary-title">
                { texts(lang).error_summary_title }
            </@>
            <ul class="tt-error-summary-list">
                { for links.map(|(field, key)| html! {
                    <li><a href={format!("#{}", field_id(field))} onclick={onclick.clone()}>{ key.text(lang) }</a></li>
                }) }
            </ul>
        </div>
    }
}
