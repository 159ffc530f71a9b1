//! `<tuongtac-rating>`: a citizen rates the agency's information on this page (or the agency's portal) on
//! four criteria, each a native fieldset of five labelled radios, no stars; then reads the published results
//! as tables a screen reader reads as numbers. `mode="compact"` first asks only whether the page was useful.

mod i18n;

use std::rc::Rc;

use domain::rating::{COMMENT_MAX, Period};
use domain::{Criterion, Field, FieldErrors, Lang, NewRating, RatingReceipt, RatingScope, RatingSummary};
use web_sys::HtmlElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::announce::announce;
use crate::api::{Submission, fetch_rating_summary, new_idempotency_key, submit_rating};
use crate::registry::{self, Attributes, Widget};
use crate::ui::{
    ALERT_ID, Alert, ERROR_SUMMARY_ID, ErrorSummary, FocusRequest, RadioGroup, RadioOption, TextArea, field_id, fire,
    revalidate, use_focus_after_render,
};
use i18n::{Texts, figures_caption, helpful_caption, texts};

const SENT_TITLE_ID: &str = "tt-rating-sent";
const MORE_TITLE_ID: &str = "tt-rating-more";

#[derive(Properties, PartialEq, Clone)]
pub struct RatingProps {
    /// The agency's slug (`agency` attribute).
    pub agency: AttrValue,
    pub lang: Lang,
    /// The server's origin (`api` attribute; the loader's own origin by default).
    pub api: AttrValue,
    /// `mode="compact"`: first only "was this page useful?", then the four criteria.
    pub compact: bool,
    /// `scope="agency"`: rate the agency's portal as a whole rather than this page.
    pub scope: RatingScope,
    /// The page rated when it is not the one the widget sits on (`page` attribute): the loader sets it to the
    /// host page when the widget runs in an embed page (the strict-CSP fallback).
    pub page: Option<AttrValue>,
    /// The custom element, on which `tuongtac-rate` is fired.
    pub host: HtmlElement,
}

impl Widget for Rating {
    const ELEMENT: registry::CustomElement = include!("element.rs");

    fn props(attributes: &Attributes) -> RatingProps {
        RatingProps {
            agency: attributes.agency(),
            lang: attributes.lang(),
            api: attributes.api(),
            compact: attributes.get("mode").as_deref() == Some("compact"),
            scope: match attributes.get("scope").as_deref() {
                Some("agency") => RatingScope::Agency,
                _ => RatingScope::Page,
            },
            page: attributes.get("page"),
            host: attributes.host(),
        }
    }
}

#[derive(Clone, PartialEq, Default)]
enum Phase {
    #[default]
    Editing,
    Sending,
    Unreachable,
    /// The server cannot store now (a full disk); every choice is kept.
    Unavailable,
    Refused,
    /// Stored; `replaced` says it replaced this browser's earlier rating of the same page today.
    Sent { replaced: bool },
}

/// The published results as they load; the archive widget shows them too, through [`ResultsView`].
#[derive(Clone, PartialEq, Default)]
pub(crate) enum Results {
    #[default]
    Loading,
    Loaded(RatingSummary),
    Failed,
}

#[derive(Clone, PartialEq, Default)]
struct RatingState {
    draft: NewRating,
    errors: FieldErrors,
    phase: Phase,
    /// In compact mode, once the yes/no answer is stored: the criteria are offered.
    helpful_sent: bool,
    results: Results,
    focus: FocusRequest,
    /// The key and rating of the last send: sending the same again reuses the key.
    last_sent: Option<(String, NewRating)>,
    /// The rated page's origin, which the rules check the page against.
    origin: Vec<String>,
}

enum Action {
    Score(Criterion, i64),
    Comment(String),
    SetHoneypot(String),
    Revalidate(Field),
    Invalid(FieldErrors),
    Sending(String, NewRating),
    Finished(Submission<RatingReceipt>),
    ResultsLoaded(Option<RatingSummary>),
    Change,
}

impl Reducible for RatingState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Score(criterion, score) => {
                let slot = match criterion {
                    Criterion::Interface => &mut next.draft.interface,
                    Criterion::Content => &mut next.draft.content,
                    Criterion::Quality => &mut next.draft.quality,
                    Criterion::Support => &mut next.draft.support,
                };
                *slot = Some(score);
                // One answer clears "answer at least one question", which is shown on the first group.
                let draft = next.draft.clone();
                let origin = next.origin.clone();
                for field in [criterion.field(), Field::Interface] {
                    revalidate(&mut next.errors, field, || draft.validate_field(field, &origin));
                }
            }
            Action::Comment(comment) => next.draft.comment = comment,
            Action::SetHoneypot(value) => next.draft.website = value,
            Action::Revalidate(field) => {
                let (draft, origin) = (next.draft.clone(), next.origin.clone());
                if !revalidate(&mut next.errors, field, || draft.validate_field(field, &origin)) {
                    return self;
                }
            }
            Action::Invalid(errors) => {
                next.errors = errors;
                next.focus.to(ERROR_SUMMARY_ID);
                next.phase = Phase::Editing;
            }
            Action::Sending(key, rating) => {
                next.errors = FieldErrors::default();
                next.phase = Phase::Sending;
                next.draft.helpful = rating.helpful;
                next.draft.rater = rating.rater.clone();
                next.last_sent = Some((key, rating));
            }
            Action::Finished(Submission::Stored(receipt)) => {
                let only_helpful = Criterion::ALL.iter().all(|c| next.draft.score(*c).is_none());
                if only_helpful && !next.helpful_sent {
                    // The compact question is answered and stored: now the criteria are offered.
                    next.helpful_sent = true;
                    next.phase = Phase::Editing;
                    next.focus.to(MORE_TITLE_ID);
                } else {
                    next.phase = Phase::Sent { replaced: receipt.replaced };
                    next.results = Results::Loading;
                    next.focus.to(SENT_TITLE_ID);
                }
                next.helpful_sent = true;
            }
            Action::Finished(Submission::Invalid(errors)) => return Rc::new(next).reduce(Action::Invalid(errors)),
            Action::Finished(failure) => {
                next.phase = match failure {
                    Submission::Unavailable => Phase::Unavailable,
                    Submission::Refused | Submission::Conflict => Phase::Refused,
                    _ => Phase::Unreachable,
                };
                next.focus.to(ALERT_ID);
            }
            Action::ResultsLoaded(summary) => next.results = summary.map_or(Results::Failed, Results::Loaded),
            // This browser may change its rating of the page today; the choices are kept to start from.
            Action::Change => next.phase = Phase::Editing,
        }
        next.into()
    }
}

/// The rated page's origin, which the widget sends as the rated page's; the server checks it is the agency's.
fn page_origin(page: &str) -> Vec<String> {
    let origin: Vec<&str> = page.splitn(4, '/').take(3).collect();
    vec![origin.join("/")]
}

/// Where this browser keeps its rater token.
const RATER_KEY: &str = "tuongtac-rater";

/// This browser's rater token: made at random once and kept, so that a citizen who changes their rating of a
/// page today replaces their own, and nobody else's (people behind one address each keep their own). It
/// says nothing about the person. Where the page may not keep it, it lasts as long as the widget.
fn rater_token() -> String {
    let storage = crate::ui::local_storage();
    if let Some(token) = storage.as_ref().and_then(|s| s.get_item(RATER_KEY).ok().flatten())
        && domain::rating::is_rater_token(&token)
    {
        return token;
    }
    let token = new_idempotency_key();
    if let Some(storage) = storage {
        let _ = storage.set_item(RATER_KEY, &token);
    }
    token
}

/// The page rated: the `page` attribute, else the page the widget sits on (origin and path, without query or
/// fragment).
fn rated_page(given: Option<&AttrValue>) -> String {
    if let Some(page) = given {
        return page.to_string();
    }
    let Some(location) = web_sys::window().map(|w| w.location()) else { return String::new() };
    format!("{}{}", location.origin().unwrap_or_default(), location.pathname().unwrap_or_default())
}

#[component]
pub fn Rating(props: &RatingProps) -> Html {
    let origin = page_origin(&rated_page(props.page.as_ref()));
    let state = use_reducer(move || RatingState { origin, ..RatingState::default() });
    let lang = props.lang;
    let t = texts(lang);
    let base_ref = use_focus_after_render(state.focus.clone());

    {
        // Once focus has moved: a message that takes focus is read out as it does, so the live region says
        // only what does not (the summary's count, the thanks).
        let (phase, host, scope) = (state.phase.clone(), props.host.clone(), props.scope);
        use_effect_with(state.focus.clone(), move |focus| {
            let message = match (focus.target(), &phase) {
                (Some(ERROR_SUMMARY_ID), _) => crate::ui::i18n::texts(lang).errors_announcement,
                (Some(SENT_TITLE_ID), Phase::Sent { replaced }) => {
                    let scope = if scope == RatingScope::Agency { "agency" } else { "page" };
                    fire(&host, "tuongtac-rate", &[("scope", scope), ("replaced", if *replaced { "true" } else { "false" })]);
                    t.sent_announcement
                }
                (Some(MORE_TITLE_ID), _) => {
                    let scope = if scope == RatingScope::Agency { "agency" } else { "page" };
                    fire(&host, "tuongtac-rate", &[("scope", scope), ("replaced", "false")]);
                    return;
                }
                _ => return,
            };
            announce(message, lang);
        });
    }
    {
        // The results are read once the rating is stored.
        let dispatcher = state.dispatcher();
        let sent = matches!(state.phase, Phase::Sent { .. });
        let (api, agency, scope, given) = (props.api.clone(), props.agency.clone(), props.scope, props.page.clone());
        use_effect_with(sent, move |sent| {
            if *sent {
                spawn_local(async move {
                    let page = (scope == RatingScope::Page).then(|| rated_page(given.as_ref()));
                    let summary = fetch_rating_summary(&api, &agency, page.as_deref(), Period::Days90).await;
                    dispatcher.dispatch(Action::ResultsLoaded(summary));
                });
            }
        });
    }

    let send = {
        let state = state.clone();
        let props = props.clone();
        Callback::from(move |helpful: Option<bool>| {
            if state.phase == Phase::Sending {
                return;
            }
            let mut rating = state.draft.clone();
            // The token is kept only once the citizen rates: a page merely showing the widget stores nothing.
            if rating.rater.is_empty() {
                rating.rater = rater_token();
            }
            rating.lang = lang;
            rating.scope = props.scope;
            rating.page = if props.scope == RatingScope::Page { rated_page(props.page.as_ref()) } else { String::new() };
            if helpful.is_some() {
                rating.helpful = helpful;
            }
            if let Err(errors) = rating.validate(&state.origin) {
                state.dispatch(Action::Invalid(errors));
                return;
            }
            let key = match &state.last_sent {
                Some((key, sent)) if *sent == rating => key.clone(),
                _ => new_idempotency_key(),
            };
            state.dispatch(Action::Sending(key.clone(), rating.clone()));
            announce(t.sending_announcement, lang);
            let dispatcher = state.dispatcher();
            let (api, agency) = (props.api.clone(), props.agency.clone());
            spawn_local(async move {
                let outcome = submit_rating(&api, &agency, &rating, &key).await;
                dispatcher.dispatch(Action::Finished(outcome));
            });
        })
    };

    let failure = match state.phase {
        Phase::Unreachable => Some(t.unreachable),
        Phase::Unavailable => Some(t.unavailable),
        Phase::Refused => Some(t.refused),
        _ => None,
    };
    let title = if props.scope == RatingScope::Agency { t.title_agency } else { t.title_page };

    let body = if let Phase::Sent { replaced } = state.phase {
        let change = {
            let state = state.clone();
            Callback::from(move |_: MouseEvent| state.dispatch(Action::Change))
        };
        html! {
            <section class="tt-rating-sent" part="confirmation" aria-labelledby={SENT_TITLE_ID}>
                <h2 id={SENT_TITLE_ID} class="tt-title" tabindex="-1">{ t.sent_title }</h2>
                if replaced {
                    <p>{ t.replaced }</p>
                }
                <button type="button" class="tt-button tt-button--secondary" part="button" onclick={change}>
                    { t.change }
                </button>
                <ResultsView results={state.results.clone()} {lang} agency={props.scope == RatingScope::Agency} />
            </section>
        }
    } else if props.compact && !state.helpful_sent {
        let sending = state.phase == Phase::Sending;
        let answer = |value: bool, label: &'static str| {
            let send = send.clone();
            let onclick = Callback::from(move |_: MouseEvent| send.emit(Some(value)));
            let pressed = (state.draft.helpful == Some(value)).then_some("true");
            html! {
                <button type="button" class="tt-button tt-button--secondary" part="button" {onclick}
                    aria-pressed={pressed} aria-disabled={sending.then_some("true")}>{ label }</button>
            }
        };
        html! {
            <div class="tt-helpful" role="group" aria-labelledby="tt-helpful-question">
                <p id="tt-helpful-question" class="tt-legend">{ t.helpful_question }</p>
                <div class="tt-buttons">{ answer(true, t.yes) }{ answer(false, t.no) }</div>
            </div>
        }
    } else {
        html! { <RatingForm state={state.clone()} {lang} compact={props.compact} onsend={send.clone()} /> }
    };

    html! {
        <div part="base" class="tt" lang={lang.as_str()} ref={base_ref}>
            <h2 class="tt-title tt-rating-title">{ title }</h2>
            <ErrorSummary errors={state.errors.clone()} {lang} />
            if let Some(failure) = failure {
                <Alert message={failure} />
            }
            { body }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct RatingFormProps {
    state: UseReducerHandle<RatingState>,
    lang: Lang,
    compact: bool,
    onsend: Callback<Option<bool>>,
}

/// The four criteria, the comment and the send button.
#[component]
fn RatingForm(props: &RatingFormProps) -> Html {
    let (state, lang) = (&props.state, props.lang);
    let t = texts(lang);
    let sending = state.phase == Phase::Sending;
    let onsubmit = {
        let onsend = props.onsend.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            onsend.emit(None);
        })
    };
    let levels: Vec<RadioOption> = t
        .levels
        .iter()
        .zip(1..)
        .map(|(label, score)| RadioOption { value: AttrValue::from(score.to_string()), label: AttrValue::from(*label) })
        .collect();
    let group = |criterion: Criterion| {
        let field = criterion.field();
        let dispatcher = state.dispatcher();
        let onchange = Callback::from(move |value: AttrValue| {
            if let Ok(score) = value.parse() {
                dispatcher.dispatch(Action::Score(criterion, score));
            }
        });
        html! {
            <RadioGroup id={field_id(field)} legend={t.criterion(criterion)} errors={state.errors.get(field).to_vec()}
                {lang} options={levels.clone()} value={state.draft.score(criterion).map(|s| AttrValue::from(s.to_string()))}
                {onchange} />
        }
    };
    let comment = {
        let dispatcher = state.dispatcher();
        Callback::from(move |value: String| dispatcher.dispatch(Action::Comment(value)))
    };
    let revalidate_comment = {
        let dispatcher = state.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(Action::Revalidate(Field::Comment)))
    };
    let set_honeypot = {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: InputEvent| {
            let input = e.target_unchecked_into::<web_sys::HtmlInputElement>();
            dispatcher.dispatch(Action::SetHoneypot(input.value()));
        })
    };
    html! {
        <form class="tt-form" part="form" novalidate=true {onsubmit} aria-busy={sending.then_some("true")}>
            if props.compact {
                <p id={MORE_TITLE_ID} class="tt-intro" tabindex="-1">{ t.more_title }</p>
            } else {
                <p class="tt-intro">{ t.intro }</p>
            }
            { for Criterion::ALL.into_iter().map(group) }
            <TextArea id={field_id(Field::Comment)} label={t.comment_label} hint={t.comment_hint}
                errors={state.errors.get(Field::Comment).to_vec()} {lang} value={state.draft.comment.clone()}
                max_chars={COMMENT_MAX} oninput={comment} onblur={revalidate_comment} />
            <div class="tt-honeypot" aria-hidden="true">
                <label for="tt-website">{ t.honeypot_label }</label>
                <input id="tt-website" type="text" tabindex="-1" autocomplete="off" value={state.draft.website.clone()}
                    oninput={set_honeypot} />
            </div>
            <button class="tt-button" part="button" type="submit" aria-disabled={sending.then_some("true")}>
                { if sending { t.submitting } else { t.submit } }
            </button>
        </form>
    }
}

#[derive(Properties, PartialEq)]
pub(crate) struct ResultsProps {
    pub results: Results,
    pub lang: Lang,
    pub agency: bool,
}

/// The published results: per criterion a table of the five levels and their counts, with a bar drawn
/// beside each count for the eye; the caption gives the number of ratings and the share satisfied.
#[component]
pub(crate) fn ResultsView(props: &ResultsProps) -> Html {
    let t = texts(props.lang);
    let title = if props.agency { t.results_agency } else { t.results_page };
    let content = match &props.results {
        Results::Loading => html! { <p>{ t.results_loading }</p> },
        Results::Failed => html! { <p>{ t.results_unavailable }</p> },
        Results::Loaded(summary) => html! {
            <>
                { for summary.criteria.iter().map(|c| criterion_table(t, props.lang, c.criterion, c.figures.as_ref())) }
                <p class="tt-results-helpful">
                    <span class="tt-results-label">{ t.helpful_title }{ ": " }</span>
                    { summary.helpful.map_or_else(|| t.too_few.to_owned(), |h| helpful_caption(t, h.yes, h.no)) }
                </p>
            </>
        },
    };
    html! {
        <section class="tt-results" part="results" aria-labelledby="tt-results-title">
            <h3 id="tt-results-title" class="tt-results-title">{ title }</h3>
            { content }
        </section>
    }
}

fn percent(share: f64) -> u32 {
    (share * 100.0 + 0.5) as u32
}

fn criterion_table(t: &'static Texts, lang: Lang, criterion: Criterion, figures: Option<&domain::rating::Figures>) -> Html {
    let name = t.criterion_short(criterion);
    let Some(figures) = figures else {
        return html! {
            <p class="tt-results-row"><span class="tt-results-label">{ name }{ ": " }</span>{ t.too_few }</p>
        };
    };
    let satisfied = figures.satisfied.map(|s| (percent(s.value), percent(s.low), percent(s.high)));
    let most = figures.distribution.iter().copied().max().unwrap_or(0).max(1);
    html! {
        <table class="tt-chart" part="chart">
            <caption class="tt-chart-caption">
                <span class="tt-results-label">{ name }{ ": " }</span>{ figures_caption(lang, figures.n, satisfied) }
            </caption>
            <thead>
                <tr><th scope="col">{ t.level_header }</th><th scope="col">{ t.count_header }</th></tr>
            </thead>
            <tbody>
                { for t.levels.iter().zip(figures.distribution).map(|(level, count)| {
                    // The bar is decoration for the eye, in tenths; the number beside it is what is read.
                    let tenths = (count * 10 + most / 2) / most;
                    html! {
                        <tr>
                            <th scope="row">{ *level }</th>
                            <td><span class="tt-chart-cell">
                                <span class={classes!("tt-bar", format!("tt-bar--{tenths}"))} aria-hidden="true"></span>
                                <span class="tt-chart-count">{ count }</span>
                            </span></td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}
