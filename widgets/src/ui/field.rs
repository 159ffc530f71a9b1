//! Form fields with their label, optional hint and errors, tied to the control by `aria-describedby` and
//! `aria-invalid`: one-line text, a text area with a spoken character count, a select, a checkbox and a
//! radio group. A field's control has the id it is given; its hint and error are `<id>-hint`, `<id>-error`.
//! The error summary's links point at that id.

use domain::text::{char_count, normalise};
use domain::{Lang, MessageKey};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::i18n::{characters_left, texts};
use crate::announce::announce_after;

/// The count is spoken once typing has paused this long, never on every keystroke.
const COUNT_PAUSE_MS: u32 = 1_000;

/// `aria-describedby` for a control with an optional hint and perhaps errors.
fn described(id: &str, hint: bool, errors: &[MessageKey]) -> Option<String> {
    match (hint, errors.is_empty()) {
        (false, true) => None,
        (true, true) => Some(format!("{id}-hint")),
        (false, false) => Some(format!("{id}-error")),
        (true, false) => Some(format!("{id}-hint {id}-error")),
    }
}

fn invalid(errors: &[MessageKey]) -> Option<&'static str> {
    (!errors.is_empty()).then_some("true")
}

fn hint(id: &str, hint: &Option<AttrValue>, class: &'static str) -> Html {
    match hint {
        Some(text) => html! { <p {class} part="hint" id={format!("{id}-hint")}>{ text }</p> },
        None => Html::default(),
    }
}

/// The field's own error messages, above its control, each preceded by "Error:" for screen readers.
fn errors(id: &str, errors: &[MessageKey], lang: Lang) -> Html {
    if errors.is_empty() {
        return Html::default();
    }
    let prefix = texts(lang).error_prefix;
    html! {
        <p id={format!("{id}-error")} class="tt-error-message" part="error">
            { for errors.iter().map(|key| html! {
                <span class="tt-error-line">
                    <span class="tt-visually-hidden">{ prefix }{ " " }</span>{ key.text(lang) }
                </span>
            }) }
        </p>
    }
}

/// The wrapper of a labelled field: label, hint, errors, then the control.
fn field(
    id: &AttrValue,
    label: &AttrValue,
    hint_text: &Option<AttrValue>,
    keys: &[MessageKey],
    lang: Lang,
    control: Html,
) -> Html {
    html! {
        <div class={classes!("tt-field", (!keys.is_empty()).then_some("tt-field--error"))} part="field">
            <label class="tt-label" part="label" for={id}>{ label }</label>
            { hint(id, hint_text, "tt-hint") }
            { errors(id, keys, lang) }
            { control }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    #[prop_or_default]
    pub errors: Vec<MessageKey>,
    pub lang: Lang,
    pub value: AttrValue,
    /// The input's `type`.
    #[prop_or(AttrValue::Static("text"))]
    pub kind: AttrValue,
    /// What the browser may fill in. Without it the text is the citizen's own, and is spell-checked.
    #[prop_or_default]
    pub autocomplete: Option<AttrValue>,
    #[prop_or_default]
    pub inputmode: Option<AttrValue>,
    #[prop_or_default]
    pub autocapitalize: Option<AttrValue>,
    /// Classes beside `tt-input`.
    #[prop_or_default]
    pub class: Classes,
    pub oninput: Callback<String>,
    /// The citizen left the field (time to re-check an error).
    #[prop_or_default]
    pub onblur: Callback<()>,
}

/// The field's blur, passed on unless the citizen is pressing the form's send button: an error taken away
/// then would move the button from under the pointer between press and release, and the click would be
/// lost. Sending checks every field anyway. Chromium focuses the pressed button; Safari and Firefox on macOS
/// do not, so there the form's pressed (`:active`) send button is looked for.
fn left_field(onblur: &Callback<()>) -> Callback<FocusEvent> {
    let onblur = onblur.clone();
    Callback::from(move |e: FocusEvent| {
        let to = e.related_target().and_then(|to| to.dyn_into::<Element>().ok());
        let to_send = to.is_some_and(|to| to.matches("button[type=submit]").unwrap_or(false));
        let pressed = || {
            let field = e.target().and_then(|field| field.dyn_into::<Element>().ok());
            let form = field.and_then(|field| field.closest("form").ok().flatten());
            form.is_some_and(|form| form.query_selector("button[type=submit]:active").ok().flatten().is_some())
        };
        if !to_send && !pressed() {
            onblur.emit(());
        }
    })
}

/// A one-line text field.
#[component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let oninput = props.oninput.reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
    let onblur = left_field(&props.onblur);
    let control = html! {
        <input class={classes!("tt-input", props.class.clone())} part="input" id={&props.id} type={&props.kind}
            autocomplete={&props.autocomplete} inputmode={&props.inputmode} autocapitalize={&props.autocapitalize}
            spellcheck={if props.autocomplete.is_none() { "true" } else { "false" }} value={&props.value}
            {oninput} {onblur} aria-describedby={described(&props.id, props.hint.is_some(), &props.errors)}
            aria-invalid={invalid(&props.errors)} />
    };
    field(&props.id, &props.label, &props.hint, &props.errors, props.lang, control)
}

#[derive(Properties, PartialEq)]
pub struct TextAreaProps {
    pub id: AttrValue,
    pub label: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    #[prop_or_default]
    pub errors: Vec<MessageKey>,
    pub lang: Lang,
    pub value: AttrValue,
    #[prop_or(8)]
    pub rows: u32,
    /// With a limit, a count of the characters left is shown, hidden from screen readers, and spoken through
    /// the page's live region once typing pauses.
    #[prop_or_default]
    pub max_chars: Option<usize>,
    pub oninput: Callback<String>,
    #[prop_or_default]
    pub onblur: Callback<()>,
}

/// A text area for the citizen's own words, with an optional character count.
#[component]
pub fn TextArea(props: &TextAreaProps) -> Html {
    let (lang, max) = (props.lang, props.max_chars);
    let left = move |text: &str| max.map(|max| max as isize - char_count(&normalise(text)) as isize);
    let oninput = props.oninput.reform(move |e: InputEvent| {
        let value = e.target_unchecked_into::<HtmlTextAreaElement>().value();
        if let Some(left) = left(&value) {
            announce_after(COUNT_PAUSE_MS, characters_left(left, lang), lang);
        }
        value
    });
    let onblur = left_field(&props.onblur);
    let count = left(&props.value).map(|left| {
        html! {
            <p class={classes!("tt-count", (left < 0).then_some("tt-count--over"))} aria-hidden="true">
                { characters_left(left, lang) }
            </p>
        }
    });
    let control = html! {
        <>
            <textarea class="tt-input tt-textarea" part="input" id={&props.id} rows={props.rows.to_string()}
                spellcheck="true" value={&props.value} {oninput} {onblur}
                aria-describedby={described(&props.id, props.hint.is_some(), &props.errors)}
                aria-invalid={invalid(&props.errors)} />
            { for count }
        </>
    };
    field(&props.id, &props.label, &props.hint, &props.errors, lang, control)
}

#[derive(Properties, PartialEq)]
pub struct SelectProps {
    pub id: AttrValue,
    pub label: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    #[prop_or_default]
    pub errors: Vec<MessageKey>,
    pub lang: Lang,
    /// The first option, chosen while nothing is ("Choose a topic"); its value is empty.
    pub placeholder: AttrValue,
    /// Each option's value and what it shows.
    pub options: Vec<(AttrValue, AttrValue)>,
    pub value: Option<AttrValue>,
    pub onchange: Callback<String>,
    #[prop_or_default]
    pub onblur: Callback<()>,
}

/// A native select.
#[component]
pub fn Select(props: &SelectProps) -> Html {
    let onchange = props.onchange.reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
    let onblur = left_field(&props.onblur);
    let control = html! {
        <select class="tt-input tt-select" part="input" id={&props.id} {onchange} {onblur}
            aria-describedby={described(&props.id, props.hint.is_some(), &props.errors)}
            aria-invalid={invalid(&props.errors)}>
            <option value="" selected={props.value.is_none()}>{ &props.placeholder }</option>
            { for props.options.iter().map(|(value, label)| html! {
                <option value={value} selected={props.value.as_ref() == Some(value)}>{ label }</option>
            }) }
        </select>
    };
    field(&props.id, &props.label, &props.hint, &props.errors, props.lang, control)
}

#[derive(Properties, PartialEq)]
pub struct CheckboxProps {
    pub id: AttrValue,
    pub label: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    #[prop_or_default]
    pub errors: Vec<MessageKey>,
    pub lang: Lang,
    pub checked: bool,
    pub onchange: Callback<bool>,
}

/// A checkbox with its label beside it and its hint under the label.
#[component]
pub fn Checkbox(props: &CheckboxProps) -> Html {
    let onchange = props.onchange.reform(|e: Event| e.target_unchecked_into::<HtmlInputElement>().checked());
    html! {
        <div class={classes!("tt-field", "tt-checkbox", (!props.errors.is_empty()).then_some("tt-field--error"))}
            part="field">
            { errors(&props.id, &props.errors, props.lang) }
            <input class="tt-checkbox-input" part="input" id={&props.id} type="checkbox" checked={props.checked}
                {onchange} aria-describedby={described(&props.id, props.hint.is_some(), &props.errors)}
                aria-invalid={invalid(&props.errors)} />
            <label class="tt-checkbox-label" part="label" for={&props.id}>{ &props.label }</label>
            { hint(&props.id, &props.hint, "tt-hint tt-checkbox-hint") }
        </div>
    }
}

// The rating panel's five-point scales are the first radio groups; until it lands nothing builds one.
#[allow(dead_code)]
#[derive(Clone, PartialEq)]
pub struct RadioOption {
    pub value: AttrValue,
    pub label: AttrValue,
}

#[allow(dead_code)]
#[derive(Properties, PartialEq)]
pub struct RadioGroupProps {
    /// The group's name and its first radio's id, where the error summary's link leads; the others are
    /// `<id>-2`, `<id>-3`…
    pub id: AttrValue,
    pub legend: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    #[prop_or_default]
    pub errors: Vec<MessageKey>,
    pub lang: Lang,
    pub options: Vec<RadioOption>,
    pub value: Option<AttrValue>,
    pub onchange: Callback<AttrValue>,
}

/// A choice of one, e.g. a five-point scale: native radios in a fieldset named by its legend, which also
/// carries the hint and errors (GOV.UK's radios, not stars).
#[component]
pub fn RadioGroup(props: &RadioGroupProps) -> Html {
    let id = &props.id;
    html! {
        // role="radiogroup", which a fieldset may take, lets the group as a whole be marked invalid.
        <fieldset class={classes!("tt-fieldset", "tt-field", (!props.errors.is_empty()).then_some("tt-field--error"))}
            part="field" role="radiogroup" aria-describedby={described(id, props.hint.is_some(), &props.errors)}
            aria-invalid={(!props.errors.is_empty()).then_some("true")}>
            <legend class="tt-legend" part="label">{ &props.legend }</legend>
            { hint(id, &props.hint, "tt-hint") }
            { errors(id, &props.errors, props.lang) }
            { for props.options.iter().enumerate().map(|(i, option)| {
                let radio_id: AttrValue = if i == 0 { id.clone() } else { format!("{id}-{}", i + 1).into() };
                let value = option.value.clone();
                let onchange = props.onchange.reform(move |_: Event| value.clone());
                html! {
                    <div class="tt-checkbox">
                        <input class="tt-checkbox-input" part="input" type="radio" name={id} id={&radio_id}
                            value={&option.value} checked={props.value.as_ref() == Some(&option.value)} {onchange} />
                        <label class="tt-checkbox-label" part="label" for={radio_id}>{ &option.label }</label>
                    </div>
                }
            }) }
        </fieldset>
    }
}
