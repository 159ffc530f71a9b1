//! The embed snippet (admin): pick a widget and its attributes, see it live, copy the snippet with the pinned
//! loader's `integrity` and `crossorigin` (from `/widgets/embed.json`), and check that the portal's origin is
//! allowed, with a button to allow it.

use std::collections::BTreeMap;
use std::rc::Rc;

use domain::staff::OriginRequest;
use domain::{Field, FieldErrors, Lang, Role};
use serde::Deserialize;
use wasm_bindgen::JsCast;
use yew::platform::spawn_local;
use yew::prelude::*;

use super::api::{self, Reply};
use super::i18n::texts;
use super::{Shell, TITLE_ID, say};
use crate::ui::{ALERT_ID, Alert, FocusRequest, Select, TextField, field_id, use_focus_after_render};

const PREVIEW_ID: &str = "embed-preview";

/// `pkg/embed.json`: the pinned loader of this build, its Subresource Integrity hash, and the widgets.
#[derive(Clone, PartialEq, Deserialize)]
struct Manifest {
    loader: String,
    integrity: String,
}

#[derive(Properties, PartialEq)]
pub struct EmbedScreenProps {
    pub shell: Shell,
}

#[derive(Clone, PartialEq, Default)]
struct EmbedState {
    manifest: Option<Rc<Manifest>>,
    /// Each widget's declared attributes.
    widgets: Rc<BTreeMap<String, Vec<String>>>,
    widget: String,
    values: BTreeMap<String, String>,
    lang: Option<Lang>,
    portal: String,
    portal_errors: FieldErrors,
    origins: Option<Rc<Vec<String>>>,
    copied: bool,
    problem: Option<AttrValue>,
    focus: FocusRequest,
}

enum Action {
    Loaded(Manifest, BTreeMap<String, Vec<String>>),
    Origins(Vec<String>),
    Widget(String),
    Value(String, String),
    Lang(String),
    Portal(String),
    PortalInvalid(FieldErrors),
    Copied,
    Failed(AttrValue),
}

impl Reducible for EmbedState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Loaded(manifest, widgets) => {
                next.widget = widgets.keys().next().cloned().unwrap_or_default();
                next.manifest = Some(Rc::new(manifest));
                next.widgets = Rc::new(widgets);
            }
            Action::Origins(origins) => next.origins = Some(Rc::new(origins)),
            Action::Widget(widget) => {
                next.widget = widget;
                next.values.clear();
                next.copied = false;
            }
            Action::Value(name, value) => {
                next.values.insert(name, value);
                next.copied = false;
            }
            Action::Lang(value) => next.lang = (value == "en").then_some(Lang::En),
            Action::Portal(value) => {
                next.portal = value;
                next.portal_errors = FieldErrors::default();
            }
            Action::PortalInvalid(errors) => {
                next.portal_errors = errors;
                next.focus.to(field_id(Field::Origin));
            }
            Action::Copied => next.copied = true,
            Action::Failed(problem) => {
                next.problem = Some(problem);
                next.focus.to(ALERT_ID);
            }
        }
        Rc::new(next)
    }
}

/// An attribute value as HTML source writes it.
fn escape(value: &str) -> String {
    value.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;")
}

impl EmbedState {
    /// The element's attributes in the snippet's order: agency, lang, then the widget's own that are filled.
    fn attributes(&self, agency: &str) -> Vec<(String, String)> {
        let mut out = vec![("agency".to_owned(), agency.to_owned())];
        if self.lang == Some(Lang::En) {
            out.push(("lang".to_owned(), "en".to_owned()));
        }
        for name in self.widgets.get(&self.widget).into_iter().flatten() {
            if let Some(value) = self.values.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()) {
                out.push((name.clone(), value.to_owned()));
            }
        }
        out
    }

    fn snippet(&self, origin: &str, agency: &str) -> String {
        let Some(manifest) = &self.manifest else { return String::new() };
        let attributes: String =
            self.attributes(agency).iter().map(|(name, value)| format!(" {name}=\"{}\"", escape(value))).collect();
        format!(
            "<script src=\"{origin}/widgets/{}\"\n        integrity=\"{}\" crossorigin=\"anonymous\" defer></script>\n<tuongtac-{}{attributes}></tuongtac-{}>",
            manifest.loader, manifest.integrity, self.widget, self.widget
        )
    }
}

fn origin() -> String {
    web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
}

/// Puts the widget in the preview box: the pinned loader once (with its integrity, as the snippet does), then
/// a fresh element with the chosen attributes.
fn show_preview(manifest: &Manifest, widget: &str, attributes: &[(String, String)]) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if document.query_selector("script[data-console-preview]").ok().flatten().is_none()
        && let Ok(script) = document.create_element("script")
        && let Ok(script) = script.dyn_into::<web_sys::HtmlScriptElement>()
    {
        script.set_src(&format!("/widgets/{}", manifest.loader));
        script.set_integrity(&manifest.integrity);
        script.set_cross_origin(Some("anonymous"));
        let _ = script.set_attribute("data-console-preview", "");
        if let Some(head) = document.head() {
            let _ = head.append_child(&script);
        }
    }
    let Some(preview) = document.get_element_by_id(PREVIEW_ID) else { return };
    while let Some(child) = preview.first_child() {
        let _ = preview.remove_child(&child);
    }
    if let Ok(element) = document.create_element(&format!("tuongtac-{widget}")) {
        for (name, value) in attributes {
            let _ = element.set_attribute(name, value);
        }
        let _ = preview.append_child(&element);
    }
}

#[component]
pub fn EmbedScreen(props: &EmbedScreenProps) -> Html {
    let state = use_reducer(EmbedState::default);
    let base = use_focus_after_render(state.focus.clone());
    let shell = props.shell.clone();
    let lang = shell.lang;
    let t = texts(lang);
    let agency = shell.me.agency.clone();
    {
        let (state, shell) = (state.clone(), shell.clone());
        use_effect_with((), move |_| {
            spawn_local(async move {
                let manifest = api::get::<Manifest>("/widgets/embed.json").await;
                let widgets = api::get::<BTreeMap<String, Vec<String>>>("/staff/assets/widgets.json").await;
                match (manifest, widgets) {
                    (Reply::Ok(manifest), Reply::Ok(widgets)) => state.dispatch(Action::Loaded(manifest, widgets)),
                    _ => state.dispatch(Action::Failed(t.failed.into())),
                }
                match api::get::<Vec<String>>("/api/v1/staff/origins").await {
                    Reply::Ok(origins) => state.dispatch(Action::Origins(origins)),
                    other => {
                        if let Some(problem) = shell.trouble(&other) {
                            state.dispatch(Action::Failed(problem));
                        }
                    }
                }
            });
        });
    }
    // The live preview follows the chosen widget and attributes.
    {
        let attributes = state.attributes(&agency);
        let (manifest, widget) = (state.manifest.clone(), state.widget.clone());
        use_effect_with((manifest, widget, attributes), |(manifest, widget, attributes)| {
            if let Some(manifest) = manifest {
                show_preview(manifest, widget, attributes);
            }
        });
    }
    let title = html! { <h1 id={TITLE_ID} tabindex="-1">{ t.embed_title }</h1> };
    if !shell.me.role.includes(Role::Admin) {
        return html! { <div ref={base}>{ title }<p>{ t.forbidden }</p></div> };
    }
    let snippet = state.snippet(&origin(), &agency);
    let copy = {
        let (state, snippet) = (state.clone(), snippet.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(window) = web_sys::window() else { return };
            let promise = window.navigator().clipboard().write_text(&snippet);
            let state = state.clone();
            spawn_local(async move {
                if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
                    say(t.snippet_copied, lang);
                    state.dispatch(Action::Copied);
                }
            });
        })
    };
    // The portal's origin as browsers send it (the domain's rule), and whether the agency allows it.
    let portal = OriginRequest { origin: state.portal.clone() };
    let normalised = portal.validate().ok();
    let allowed = match (&normalised, &state.origins) {
        (Some(origin), Some(origins)) => Some(origins.contains(origin)),
        _ => None,
    };
    let allow = {
        let (state, shell) = (state.clone(), shell.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let request = OriginRequest { origin: state.portal.clone() };
            if let Err(errors) = request.validate() {
                state.dispatch(Action::PortalInvalid(errors));
                return;
            }
            let (state, shell) = (state.clone(), shell.clone());
            spawn_local(async move {
                match api::write::<_, ()>("POST", "/api/v1/staff/origins", &request).await {
                    Reply::Ok(()) => {
                        say(t.origin_allowed_now, lang);
                        if let Reply::Ok(origins) = api::get::<Vec<String>>("/api/v1/staff/origins").await {
                            state.dispatch(Action::Origins(origins));
                        }
                    }
                    Reply::Invalid(errors) => state.dispatch(Action::PortalInvalid(errors)),
                    other => {
                        if let Some(problem) = shell.trouble(&other) {
                            state.dispatch(Action::Failed(problem));
                        }
                    }
                }
            });
        })
    };
    let widgets: Vec<(AttrValue, AttrValue)> = state
        .widgets
        .keys()
        .map(|w| (AttrValue::from(w.clone()), AttrValue::from(format!("<tuongtac-{w}>"))))
        .collect();
    let own: Vec<String> = state
        .widgets
        .get(&state.widget)
        .into_iter()
        .flatten()
        .filter(|a| !matches!(a.as_str(), "agency" | "lang" | "api"))
        .cloned()
        .collect();
    let langs = vec![
        (AttrValue::from("vi"), AttrValue::from("Tiếng Việt")),
        (AttrValue::from("en"), AttrValue::from("English")),
    ];
    html! {
        <div ref={base}>
            { title }
            if let Some(problem) = &state.problem { <Alert message={problem.clone()} /> }
            <div class="console-embed">
                <section class="console-section" aria-labelledby="embed-choose">
                    <h2 id="embed-choose">{ t.embed_choose }</h2>
                    <div class="tt-form">
                        <Select id="embed-widget" label={t.embed_widget} {lang} placeholder={t.embed_widget} options={widgets}
                            value={(!state.widget.is_empty()).then(|| AttrValue::from(state.widget.clone()))}
                            onchange={{ let state = state.clone(); Callback::from(move |v| state.dispatch(Action::Widget(v))) }} />
                        <Select id="embed-lang" label={t.embed_lang} {lang} placeholder="Tiếng Việt" options={langs}
                            value={Some(AttrValue::from(if state.lang == Some(Lang::En) { "en" } else { "vi" }))}
                            onchange={{ let state = state.clone(); Callback::from(move |v| state.dispatch(Action::Lang(v))) }} />
                        { for own.into_iter().map(|name| {
                            let state_ = state.clone();
                            let key = name.clone();
                            html! {
                                <TextField id={format!("embed-attr-{name}")} label={name.clone()} {lang}
                                    autocomplete={Some(AttrValue::from("off"))} value={state.values.get(&name).cloned().unwrap_or_default()}
                                    oninput={Callback::from(move |v| state_.dispatch(Action::Value(key.clone(), v)))} />
                            }
                        }) }
                    </div>
                </section>
                <section class="console-section" aria-labelledby="embed-preview-title">
                    <h2 id="embed-preview-title">{ t.embed_preview }</h2>
                    <div id={PREVIEW_ID} class="console-embed-preview"></div>
                </section>
            </div>
            <section class="console-section" aria-labelledby="embed-snippet-title">
                <h2 id="embed-snippet-title">{ t.embed_snippet }</h2>
                <p class="tt-hint">{ t.embed_snippet_hint }</p>
                <pre class="console-snippet" id="embed-snippet" tabindex="0" role="region" aria-label={t.snippet_code}><code translate="no">{ snippet }</code></pre>
                <button type="button" class="tt-button" onclick={copy}>{ if state.copied { t.snippet_copied } else { t.copy_snippet } }</button>
            </section>
            <section class="console-section" aria-labelledby="embed-origin-title">
                <h2 id="embed-origin-title">{ t.embed_origin }</h2>
                <form class="tt-form" onsubmit={allow} novalidate=true>
                    <TextField id={field_id(Field::Origin)} label={t.origin} hint={Some(AttrValue::from(t.origin_hint))} {lang}
                        kind="url" autocomplete={Some(AttrValue::from("url"))} value={state.portal.clone()}
                        errors={state.portal_errors.get(Field::Origin).to_vec()}
                        oninput={{ let state = state.clone(); Callback::from(move |v| state.dispatch(Action::Portal(v))) }} />
                    <p id="embed-origin-state" role="status">
                        { match allowed {
                            Some(true) => t.origin_is_allowed,
                            Some(false) => t.origin_not_allowed,
                            None => "",
                        } }
                    </p>
                    if allowed != Some(true) {
                        <div><button type="submit" class="tt-button">{ t.allow_origin }</button></div>
                    }
                </form>
            </section>
        </div>
    }
}
