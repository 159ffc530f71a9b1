//! `<tuongtac-archive>`: the agency's published questions and answers, newest first, with a search (the
//! server folds accents), a topic filter and pages whose place is kept in the page's address (`tt-q`,
//! `tt-topic`, `tt-page`), so a search can be shared and the browser's back button goes back through it.
//! One question opens on its own with `tt-code`, with schema.org `QAPage` data for search engines. Each
//! question can be shared by plain links, counted ("I have this question too") and followed by email.

mod address;
mod i18n;
mod ld;

use std::rc::Rc;

use domain::archive::{ArchivePage, ArchivedQuestion, FollowRequest};
use domain::consultation::{ConsultationState, ConsultationSummary};
use domain::rating::Period;
use domain::{AgencyPublic, Field, FieldErrors, Lang};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::HtmlElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::announce::announce;
use crate::api::{
    PER_PAGE, Submission, fetch_agency, fetch_archive, fetch_archived, fetch_consultations, fetch_rating_summary,
    follow_question, new_idempotency_key, same_question,
};
use crate::registry::{self, Attributes, Widget};
use crate::ui::i18n::{date, day_of, number, text_lang};
use crate::ui::{
    ALERT_ID, Alert, Checkbox, ERROR_SUMMARY_ID, ErrorSummary, FocusRequest, Select, TextField, field_id, fire,
    use_focus_after_render,
};
use crate::rating::{Results, ResultsView};
use address::Address;
use i18n::{summary, texts, took};

const RESULTS_ID: &str = "tt-archive-title";
const SINGLE_ID: &str = "tt-single-title";
const FOLLOWED_ID: &str = "tt-followed";

#[derive(Properties, PartialEq, Clone)]
pub struct ArchiveProps {
    pub agency: AttrValue,
    pub lang: Lang,
    pub api: AttrValue,
    /// The agency's own address of the archive page (`canonical-url`): shared links and the `QAPage` data
    /// name it, so a question is found at the agency's page even when read elsewhere.
    pub canonical: Option<AttrValue>,
    /// Where a consultation is read and commented on (`consultation-url`), its `{slug}` replaced.
    pub consultation_url: Option<AttrValue>,
    pub host: HtmlElement,
}

impl Widget for Archive {
    const ELEMENT: registry::CustomElement = include!("element.rs");

    fn props(attributes: &Attributes) -> ArchiveProps {
        ArchiveProps {
            agency: attributes.agency(),
            lang: attributes.lang(),
            api: attributes.api(),
            canonical: attributes.get("canonical-url"),
            consultation_url: attributes.get("consultation-url"),
            host: attributes.host(),
        }
    }
}

#[derive(Clone)]
enum Shown {
    Loading,
    Page(Rc<ArchivePage>),
    Single(Rc<ArchivedQuestion>),
    NotFound,
    Failed,
}

/// The "same question" button of the open question.
#[derive(Clone, Copy, PartialEq)]
enum Same {
    Offered,
    Sending,
    Counted(bool),
    Failed,
}

#[derive(Clone, PartialEq)]
enum Following {
    Editing,
    Sending,
    Done,
    Failed,
}

#[derive(Clone)]
struct ArchiveState {
    /// What is shown: the address's filters and page, or one question.
    address: Address,
    /// The search field and topic as typed, applied when the form is sent.
    words: String,
    topic: String,
    topics: Vec<(AttrValue, AttrValue)>,
    /// The agency's topics have been asked for and answered (or failed): the list waits for them, so that
    /// its lines do not change, and the page below move, when the topics' names arrive.
    topics_known: bool,
    shown: Shown,
    /// The agency's consultations (`None` while loading or if they could not be had) and rating results.
    consultations: Option<Rc<Vec<ConsultationSummary>>>,
    ratings: Results,
    /// The question opened in the list (one at a time, so its forms have the only ids).
    open: Option<String>,
    /// The count a +1 answered last, and for which question: newer than the list's, which may be cached.
    count: Option<(String, u64)>,
    same: Same,
    follow: FollowRequest,
    errors: FieldErrors,
    following: Following,
    copied: bool,
    /// The citizen has moved (searched, paged, gone back): the new count is announced, the first one is not.
    moved: bool,
    focus: FocusRequest,
}

enum Action {
    /// The page's address changed (first load, back or forward): show what it names.
    Navigate(Address),
    /// The citizen asked for another search or page; the address is pushed by the caller.
    Go(Address),
    Topics(Option<AgencyPublic>),
    Consultations(Vec<ConsultationSummary>),
    Ratings(Results),
    Shown(Shown),
    Words(String),
    Topic(String),
    Toggle(String),
    Same(Same, Option<(String, u64)>),
    Email(String),
    Consent(bool),
    Invalid(FieldErrors),
    Following(Following),
    Copied,
}

impl Reducible for ArchiveState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Go(address) => {
                let mut next = Rc::new(next).reduce(Action::Navigate(address));
                let focus = if next.address.code.is_empty() { RESULTS_ID } else { SINGLE_ID };
                Rc::make_mut(&mut next).focus.to(focus);
                return next;
            }
            Action::Navigate(address) => {
                next.moved = true;
                next.words = address.words.clone();
                next.topic = address.topic.clone();
                next.address = address;
                next.shown = Shown::Loading;
                next.open = None;
                next.reset_question();
            }
            Action::Topics(agency) => {
                let topics = agency.map(|a| a.topics).unwrap_or_default();
                next.topics = topics.into_iter().map(|t| (t.slug.into(), name_of(t.name_vi, t.name_en))).collect();
                next.topics_known = true;
            }
            Action::Shown(shown) => next.shown = shown,
            Action::Consultations(list) => next.consultations = Some(Rc::new(list)),
            Action::Ratings(results) => next.ratings = results,
            Action::Words(words) => next.words = words,
            Action::Topic(topic) => next.topic = topic,
            Action::Toggle(code) => {
                next.open = if next.open.as_deref() == Some(&code) { None } else { Some(code) };
                next.reset_question();
            }
            Action::Same(same, count) => {
                next.same = same;
                next.count = count.or(next.count);
            }
            Action::Email(email) => next.follow.email = email,
            Action::Consent(consent) => next.follow.consent = consent,
            Action::Invalid(errors) => {
                next.errors = errors;
                next.following = Following::Editing;
                next.focus.to(ERROR_SUMMARY_ID);
            }
            Action::Following(following) => {
                next.errors = FieldErrors::default();
                match following {
                    Following::Done => next.focus.to(FOLLOWED_ID),
                    Following::Failed => next.focus.to(ALERT_ID),
                    _ => {}
                }
                next.following = following;
            }
            Action::Copied => next.copied = true,
        }
        next.into()
    }
}

/// A topic's name in both languages, picked when shown: the state does not change with the language.
fn name_of(vi: String, en: String) -> AttrValue {
    format!("{vi}\u{1f}{en}").into()
}

fn topic_name(names: &str, lang: Lang) -> &str {
    let (vi, en) = names.split_once('\u{1f}').unwrap_or((names, names));
    if lang == Lang::En { en } else { vi }
}

impl ArchiveState {
    fn new(address: Address) -> Self {
        ArchiveState {
            words: address.words.clone(),
            topic: address.topic.clone(),
            address,
            topics: Vec::new(),
            topics_known: false,
            shown: Shown::Loading,
            consultations: None,
            ratings: Results::Loading,
            open: None,
            count: None,
            same: Same::Offered,
            follow: FollowRequest::default(),
            errors: FieldErrors::default(),
            following: Following::Editing,
            copied: false,
            moved: false,
            focus: FocusRequest::default(),
        }
    }

    /// Another question is open: its buttons and form start afresh.
    fn reset_question(&mut self) {
        self.same = Same::Offered;
        self.follow = FollowRequest::default();
        self.errors = FieldErrors::default();
        self.following = Following::Editing;
        self.copied = false;
    }
}

#[component]
pub fn Archive(props: &ArchiveProps) -> Html {
    let state = use_reducer(|| ArchiveState::new(Address::read()));
    let lang = props.lang;
    let t = texts(lang);
    let base_ref = use_focus_after_render(state.focus.clone());

    {
        // Back and forward restore the search, page or question the address names.
        let dispatcher = state.dispatcher();
        use_effect_with((), move |()| {
            let listener = Closure::<dyn Fn()>::new(move || dispatcher.dispatch(Action::Navigate(Address::read())));
            let window = web_sys::window();
            if let Some(window) = &window {
                let _ = window.add_event_listener_with_callback("popstate", listener.as_ref().unchecked_ref());
            }
            move || {
                if let Some(window) = window {
                    let _ = window.remove_event_listener_with_callback("popstate", listener.as_ref().unchecked_ref());
                }
            }
        });
    }
    {
        let dispatcher = state.dispatcher();
        let api = props.api.clone();
        use_effect_with(props.agency.clone(), move |agency| {
            let agency = agency.clone();
            spawn_local(async move {
                dispatcher.dispatch(Action::Topics(fetch_agency(&api, &agency).await));
                // Without them the section is left out; the ratings still follow.
                let list = fetch_consultations(&api, &agency).await.map(|l| l.consultations).unwrap_or_default();
                dispatcher.dispatch(Action::Consultations(list));
                let summary = fetch_rating_summary(&api, &agency, None, Period::Days90).await;
                dispatcher.dispatch(Action::Ratings(summary.map_or(Results::Failed, Results::Loaded)));
            });
        });
    }
    {
        let dispatcher = state.dispatcher();
        let api = props.api.clone();
        let moved = state.moved;
        use_effect_with((props.agency.clone(), state.address.clone()), move |(agency, address)| {
            let (agency, address) = (agency.clone(), address.clone());
            spawn_local(async move {
                let shown = if address.code.is_empty() {
                    match fetch_archive(&api, &agency, &address.words, &address.topic, address.page).await {
                        Some(page) => {
                            let pages = page.total.div_ceil(u64::from(PER_PAGE)).max(1) as u32;
                            if moved {
                                announce(&summary(page.total, page.page, pages, lang), lang);
                            }
                            Shown::Page(Rc::new(page))
                        }
                        None => Shown::Failed,
                    }
                } else {
                    match fetch_archived(&api, &agency, &address.code).await {
                        Ok(Some(question)) => Shown::Single(Rc::new(question)),
                        Ok(None) => Shown::NotFound,
                        Err(()) => Shown::Failed,
                    }
                };
                dispatcher.dispatch(Action::Shown(shown));
            });
        });
    }
    {
        // The single question's structured data lives in the page's head while it is shown, and only then.
        let single = match &state.shown {
            Shown::Single(question) => Some(question.clone()),
            _ => None,
        };
        let canonical = props.canonical.clone();
        use_effect_with((single.as_ref().map(|q| q.tracking_code.clone()), canonical.clone()), move |_| {
            if let Some(question) = &single {
                ld::show(question, &share_url(canonical.as_deref(), &question.tracking_code));
            }
            ld::remove
        });
    }
    {
        let errors = state.errors.clone();
        use_effect_with(state.focus.clone(), move |focus| match focus.target() {
            Some(ERROR_SUMMARY_ID) if !errors.is_empty() => {
                announce(crate::ui::i18n::texts(lang).errors_announcement, lang)
            }
            Some(FOLLOWED_ID) => announce(t.followed, lang),
            _ => {}
        });
    }

    let go = {
        let (state, host) = (state.clone(), props.host.clone());
        move |address: Address| {
            address.push();
            if !address.words.is_empty() || !address.topic.is_empty() {
                fire(&host, "tuongtac-archive", &[("action", "search"), ("q", &address.words), ("topic", &address.topic)]);
            }
            state.dispatch(Action::Go(address));
        }
    };
    let onsubmit = {
        let (state, go) = (state.clone(), go.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            go(Address { words: state.words.trim().to_owned(), topic: state.topic.clone(), page: 1, code: String::new() });
        })
    };
    let on_words = {
        let state = state.clone();
        Callback::from(move |words: String| state.dispatch(Action::Words(words)))
    };
    let on_topic = {
        let state = state.clone();
        Callback::from(move |topic: String| state.dispatch(Action::Topic(topic)))
    };
    // Links work without the widget too (they name the same address); the widget keeps the page.
    let link = |address: Address| {
        let go = go.clone();
        let href = address.href();
        let onclick = Callback::from(move |e: MouseEvent| {
            if e.ctrl_key() || e.meta_key() || e.shift_key() || e.button() != 0 {
                return;
            }
            e.prevent_default();
            go(address.clone());
        });
        (href, onclick)
    };

    let question_view = |question: &ArchivedQuestion, heading: u8| {
        let actions = actions(&state, props, question, heading + 1);
        article(question, heading, lang, actions)
    };

    let body = match &state.shown {
        Shown::Page(_) if !state.topics_known => html! { <p class="tt-hint" role="status">{ t.loading }</p> },
        Shown::Loading => html! { <p class="tt-hint" role="status">{ t.loading }</p> },
        Shown::Failed => html! { <Alert message={t.failed} /> },
        Shown::NotFound => html! { <Alert message={t.not_found} /> },
        Shown::Single(question) => {
            let (href, onclick) = link(Address { page: 1, ..Address::default() });
            html! {
                <>
                    <p><a class="tt-link" {href} {onclick}>{ "← " }{ t.all_questions }</a></p>
                    { question_view(question, 2) }
                </>
            }
        }
        Shown::Page(page) => {
            let pages = page.total.div_ceil(u64::from(PER_PAGE)).max(1) as u32;
            let at = |n: u32| link(Address { page: n, code: String::new(), ..state.address.clone() });
            html! {
                <>
                    <p class="tt-hint">{ summary(page.total, page.page, pages, lang) }</p>
                    if page.items.is_empty() {
                        <p>{ t.none }</p>
                    }
                    <ul class="tt-archive-list" part="list">
                        { for page.items.iter().map(|q| {
                            let open = state.open.as_deref() == Some(q.tracking_code.as_str());
                            let id = format!("tt-q-{}", q.tracking_code);
                            let toggle = {
                                let (state, code) = (state.clone(), q.tracking_code.clone());
                                Callback::from(move |_: MouseEvent| state.dispatch(Action::Toggle(code.clone())))
                            };
                            html! {
                                <li class="tt-archive-item" part="item">
                                    <h3 class="tt-archive-title">
                                        <button type="button" class="tt-article-toggle" aria-expanded={open.to_string()}
                                            aria-controls={id.clone()} onclick={toggle} lang={text_lang(&q.title)}>
                                            { &q.title }
                                        </button>
                                    </h3>
                                    <p class="tt-hint">
                                        { t.published_on }{ ": " }{ day_of(&q.published_at, lang) }
                                        if let Some(topic) = q.topic.as_ref().and_then(|s| state.topics.iter().find(|(slug, _)| slug == s)) {
                                            { " · " }{ topic_name(&topic.1, lang) }
                                        }
                                    </p>
                                    if open {
                                        <div id={id}>{ question_view(q, 3) }</div>
                                    }
                                </li>
                            }
                        }) }
                    </ul>
                    if pages > 1 {
                        <nav class="tt-pager" part="pager" aria-label={t.pages}>
                            if page.page > 1 {
                                { pager_link(at(page.page - 1), t.previous) }
                            }
                            <span>{ t.page }{ " " }{ page.page }{ "/" }{ pages }</span>
                            if page.page < pages {
                                { pager_link(at(page.page + 1), t.next) }
                            }
                        </nav>
                    }
                </>
            }
        }
    };

    let single = !state.address.code.is_empty();
    let topics: Vec<(AttrValue, AttrValue)> =
        state.topics.iter().map(|(slug, names)| (slug.clone(), AttrValue::from(topic_name(names, lang).to_owned()))).collect();
    html! {
        <div part="base" class="tt tt-archive" lang={lang.as_str()} ref={base_ref}>
            if !single {
                <form class="tt-form tt-archive-search" part="form" role="search" novalidate=true {onsubmit}>
                    <TextField id="tt-q" label={t.search} hint={t.search_hint} {lang} kind="search"
                        autocomplete="off" value={state.words.clone()} oninput={on_words} />
                    <Select id="tt-topic" label={t.topic} {lang} placeholder={t.all_topics} options={topics}
                        value={(!state.topic.is_empty()).then(|| AttrValue::from(state.topic.clone()))}
                        onchange={on_topic} />
                    <button class="tt-button" part="button" type="submit">{ t.find }</button>
                </form>
                <h2 id={RESULTS_ID} class="tt-archive-heading" tabindex="-1">{ t.results }</h2>
            }
            { body }
            // The sections come once the list is shown, below it, so that they never move down when it arrives;
            // the ratings once the consultations are shown, for the same reason.
            if matches!(state.shown, Shown::Page(_)) && state.topics_known && state.consultations.is_some() {
                { consultations(state.consultations.as_deref().map_or(&[], Vec::as_slice), props.consultation_url.as_deref(), lang) }
                <section class="tt-archive-section" aria-labelledby="tt-ratings-title">
                    <h2 id="tt-ratings-title" class="tt-archive-heading">{ t.ratings }</h2>
                    <ResultsView results={state.ratings.clone()} {lang} agency=true />
                </section>
            }
        </div>
    }
}

/// The agency's consultations, newest first, each with its state and a link to where it is read.
fn consultations(list: &[ConsultationSummary], url: Option<&str>, lang: Lang) -> Html {
    let t = texts(lang);
    if list.is_empty() {
        return html! {};
    }
    let items = list
        .iter()
        .map(|c| {
            let title = match url {
                Some(url) => html! { <a href={url.replace("{slug}", &c.slug)}>{ &c.title }</a> },
                None => html! { { &c.title } },
            };
            let state = match c.state {
                ConsultationState::Upcoming => t.upcoming,
                ConsultationState::Open => t.open,
                ConsultationState::Closed => t.closed,
                ConsultationState::ReportPublished => t.reported,
            };
            html! {
                <li>
                    <strong lang={text_lang(&c.title)}>{ title }</strong>
                    <span class="tt-hint">{ state }{ " · " }{ c.document_type.label(lang) }{ " · " }
                        { t.closes }{ " " }{ day_of(&c.closes_at, lang) }</span>
                </li>
            }
        })
        .collect::<Html>();
    html! {
        <section class="tt-archive-section" aria-labelledby="tt-consultations-title">
            <h2 id="tt-consultations-title" class="tt-archive-heading">{ t.consultations }</h2>
            <ul class="tt-archive-consultations">{ items }</ul>
        </section>
    }
}

fn pager_link((href, onclick): (String, Callback<MouseEvent>), label: &'static str) -> Html {
    html! { <a class="tt-link" part="link" {href} {onclick}>{ label }</a> }
}

/// The address that opens `code` on its own: the agency's canonical page, or this page without the widget's
/// other parameters.
fn share_url(canonical: Option<&str>, code: &str) -> String {
    let base = canonical.map_or_else(Address::page_without_params, str::to_owned);
    let separator = if base.contains('?') { '&' } else { '?' };
    format!("{base}{separator}tt-code={code}")
}

/// A question with its answer, its dates and how long the answer took against the deadline.
fn article(q: &ArchivedQuestion, heading: u8, lang: Lang, actions: Html) -> Html {
    let t = texts(lang);
    let fact = |term: &'static str, value: Html| html! { <div class="tt-fact"><dt>{ term }</dt><dd>{ value }</dd></div> };
    let time = |at: &String, shown: String| html! { <time datetime={at.clone()}>{ shown }</time> };
    let h = |level: u8| format!("h{}", level.min(6));
    html! {
        <article class="tt-archive-question" part="question">
            if heading == 2 {
                <h2 id={SINGLE_ID} class="tt-result-title" tabindex="-1" lang={text_lang(&q.title)}>{ &q.title }</h2>
            }
            <@{h(heading + 1)}>{ t.question }</@>
            <p class="tt-text" lang={text_lang(&q.body)}>{ &q.body }</p>
            <@{h(heading + 1)}>{ t.answer }</@>
            if let Some(answer) = &q.answer {
                <p class="tt-text" lang={text_lang(answer)}>{ answer }</p>
            } else {
                <p>{ t.not_answered }</p>
            }
            <dl class="tt-facts">
                { fact(t.asked_on, time(&q.asked_at, day_of(&q.asked_at, lang))) }
                { fact(t.due_on, time(&q.due_date, date(&q.due_date, lang))) }
                if let Some(at) = &q.answered_at {
                    { fact(t.answered_on, time(at, day_of(at, lang))) }
                }
                if let Some(days) = q.answer_working_days {
                    { fact(t.took, html! {
                        <>
                            { took(days, q.deadline_working_days, lang) }{ ", " }
                            <strong>{ if q.answered_on_time == Some(false) { t.late } else { t.on_time } }</strong>
                        </>
                    }) }
                }
            </dl>
            { actions }
        </article>
    }
}

/// Sharing, "I have this question too" and following, for the open question.
fn actions(state: &UseReducerHandle<ArchiveState>, props: &ArchiveProps, q: &ArchivedQuestion, heading: u8) -> Html {
    let lang = props.lang;
    let t = texts(lang);
    let code = q.tracking_code.clone();
    let url = share_url(props.canonical.as_deref(), &code);
    let encoded = String::from(js_sys::encode_uri_component(&url));
    let copy = {
        let (state, url) = (state.clone(), url.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(window) = web_sys::window() else { return };
            let promise = window.navigator().clipboard().write_text(&url);
            let state = state.clone();
            spawn_local(async move {
                if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
                    state.dispatch(Action::Copied);
                    announce(t.copied, lang);
                }
            });
        })
    };
    // The browser's own share sheet, where there is one (most phones).
    let navigator = web_sys::window().map(|w| w.navigator());
    let share = navigator.as_ref().and_then(|n| js_sys::Reflect::get(n, &"share".into()).ok()).filter(|f| f.is_function());
    let device_share = share.map(|share| {
        let (navigator, url, title) = (navigator.clone(), url.clone(), q.title.clone());
        Callback::from(move |_: MouseEvent| {
            let data = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&data, &"url".into(), &url.as_str().into());
            let _ = js_sys::Reflect::set(&data, &"title".into(), &title.as_str().into());
            if let Ok(promise) = share.unchecked_ref::<js_sys::Function>().call1(&navigator.clone().into(), &data) {
                // The citizen may cancel; nothing to say then.
                spawn_local(async move {
                    let _ = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise)).await;
                });
            }
        })
    });
    let same = {
        let (state, api, agency, host, code) =
            (state.clone(), props.api.clone(), props.agency.clone(), props.host.clone(), code.clone());
        Callback::from(move |_: MouseEvent| {
            if state.same == Same::Sending {
                return;
            }
            state.dispatch(Action::Same(Same::Sending, None));
            fire(&host, "tuongtac-archive", &[("action", "same-question"), ("trackingCode", &code)]);
            let (state, api, agency, code) = (state.clone(), api.clone(), agency.clone(), code.clone());
            spawn_local(async move {
                match same_question(&api, &agency, &code).await {
                    Some(receipt) => {
                        announce(if receipt.counted { t.counted } else { t.already }, lang);
                        let count = Some((code, receipt.same_question_count));
                        state.dispatch(Action::Same(Same::Counted(receipt.counted), count))
                    }
                    None => state.dispatch(Action::Same(Same::Failed, None)),
                }
            });
        })
    };
    let follow = {
        let (state, api, agency, host, code) =
            (state.clone(), props.api.clone(), props.agency.clone(), props.host.clone(), code.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if state.following == Following::Sending {
                return;
            }
            let follow = FollowRequest { lang, ..state.follow.clone() };
            if let Err(errors) = follow.validate() {
                return state.dispatch(Action::Invalid(errors));
            }
            state.dispatch(Action::Following(Following::Sending));
            fire(&host, "tuongtac-archive", &[("action", "follow"), ("trackingCode", &code)]);
            let (state, api, agency, code) = (state.clone(), api.clone(), agency.clone(), code.clone());
            spawn_local(async move {
                let key = new_idempotency_key();
                state.dispatch(match follow_question(&api, &agency, &code, &follow, &key).await {
                    Submission::Stored(_) => Action::Following(Following::Done),
                    Submission::Invalid(errors) => Action::Invalid(errors),
                    _ => Action::Following(Following::Failed),
                });
            });
        })
    };
    let edit_email = {
        let state = state.clone();
        Callback::from(move |email: String| state.dispatch(Action::Email(email)))
    };
    let edit_consent = {
        let state = state.clone();
        Callback::from(move |consent: bool| state.dispatch(Action::Consent(consent)))
    };
    let count = match &state.count {
        Some((counted, count)) if *counted == q.tracking_code => *count,
        _ => q.same_question_count,
    };
    let sending = state.following == Following::Sending;
    let new_tab = |href: String, name: &'static str| html! {
        <a class="tt-link" part="link" {href} target="_blank" rel="noopener noreferrer">
            { name }<span class="tt-visually-hidden">{ t.new_tab }</span>
        </a>
    };
    html! {
        // The errors change only when the form is sent: were they re-checked as a field is left, the fixed
        // field's message would go and the controls below move up under the pointer as it clicks.
        <div class="tt-archive-actions">
            <p class="tt-same">
                <button type="button" class="tt-button tt-button--secondary" part="button" onclick={same}
                    aria-disabled={(state.same == Same::Sending).then_some("true")}>{ t.same }</button>
                <span class="tt-same-count">{ number(count as usize, lang) }{ " " }{ t.same_count }</span>
            </p>
            <p class="tt-hint" role="status">
                { match state.same {
                    Same::Counted(true) => t.counted,
                    Same::Counted(false) => t.already,
                    Same::Failed => t.same_failed,
                    _ => "",
                } }
            </p>
            <p class="tt-share" part="share">
                <span>{ t.share }{ ": " }</span>
                <button type="button" class="tt-button tt-button--secondary" part="button" onclick={copy}>
                    { if state.copied { t.copied } else { t.copy_link } }
                </button>
                if let Some(onclick) = device_share {
                    <button type="button" class="tt-button tt-button--secondary" part="button" {onclick}>
                        { t.share_device }
                    </button>
                }
                { new_tab(format!("https://zalo.me/share?url={encoded}"), "Zalo") }
                { new_tab(format!("https://www.facebook.com/sharer/sharer.php?u={encoded}"), "Facebook") }
            </p>
            <section class="tt-follow" aria-labelledby="tt-follow-title">
                <@{format!("h{}", heading.min(6))} id="tt-follow-title">{ t.follow }</@>
                if state.following == Following::Done {
                    <p id={FOLLOWED_ID} class="tt-notice-box" tabindex="-1">{ t.followed }</p>
                } else {
                    <ErrorSummary errors={state.errors.clone()} {lang} level={heading + 1} />
                    if state.following == Following::Failed {
                        <Alert message={t.follow_failed} />
                    }
                    <form class="tt-form" novalidate=true onsubmit={follow} aria-busy={sending.then_some("true")}>
                        <p class="tt-hint">{ t.follow_hint }</p>
                        <TextField id={field_id(Field::Email)} label={t.email} {lang} kind="email" autocomplete="email"
                            errors={state.errors.get(Field::Email).to_vec()} value={state.follow.email.clone()}
                            oninput={edit_email} />
                        <Checkbox id={field_id(Field::Consent)} label={t.consent} {lang} checked={state.follow.consent}
                            errors={state.errors.get(Field::Consent).to_vec()} onchange={edit_consent} />
                        <button class="tt-button" part="button" type="submit" aria-disabled={sending.then_some("true")}>
                            { if sending { t.sending } else { t.follow_button } }
                        </button>
                    </form>
                }
            </section>
        </div>
    }
}
