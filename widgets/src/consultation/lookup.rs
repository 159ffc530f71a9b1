//! The commenter's own comment, found with its tracking code and PIN: where it stands and, once the report
//! is out, what the drafting body did with it; and the withdrawal of consent, which erases the contact
//! details left with it.

use std::rc::Rc;

use domain::consultation::{CommentStatus, OwnComment};
use domain::{Field, FieldErrors, LookupRequest};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::comments::response;
use super::i18n::{article_name, clause_name, locked_out, show_in_draft, texts};
use super::{Context, Target};
use crate::announce::announce;
use crate::api::{Lookup, erase_comment_contact, lookup_comment};
use crate::ui::i18n::{clock_after, date, text_lang};
use crate::ui::{Alert, ErrorSummary, FocusRequest, TextField, field_id, fire, revalidate, use_focus_after_render};

const ERRORS_ID: &str = "tt-lookup-errors";
const ALERT_ID: &str = "tt-lookup-alert";
const FOUND_ID: &str = "tt-own-title";
const ERASED_ID: &str = "tt-erased";

#[derive(Clone, Default)]
enum Phase {
    #[default]
    Editing,
    Looking,
    Found(Rc<OwnComment>),
    NotFound,
    /// Too many failed attempts; the clock time after which to try again, if the server said.
    Locked(Option<String>),
    Unreachable,
    Refused,
}

#[derive(Clone, Copy, PartialEq, Default)]
enum Erasure {
    #[default]
    Offered,
    Erasing,
    Erased,
    Failed,
}

// Not `PartialEq`: comparing whole comments would cost code for nothing; the effects need the focus only.
#[derive(Clone, Default)]
struct LookupState {
    draft: LookupRequest,
    errors: FieldErrors,
    phase: Phase,
    erasure: Erasure,
    focus: FocusRequest,
}

enum Action {
    Edit(Field, String),
    Revalidate(Field),
    Invalid(FieldErrors),
    Looking,
    Finished(Lookup<OwnComment>, Option<String>),
    Erasing,
    Erased(bool),
}

impl Reducible for LookupState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Edit(Field::TrackingCode, value) => next.draft.tracking_code = value,
            Action::Edit(Field::Pin, value) => next.draft.pin = value,
            Action::Edit(..) => return self,
            Action::Revalidate(field) => {
                let draft = &next.draft;
                if !revalidate(&mut next.errors, field, || draft.validate_field(field)) {
                    return self;
                }
            }
            Action::Invalid(errors) => {
                next.errors = errors;
                next.phase = Phase::Editing;
                next.focus.to(ERRORS_ID);
            }
            Action::Looking => {
                next.errors = FieldErrors::default();
                next.phase = Phase::Looking;
            }
            Action::Finished(Lookup::Invalid(errors), _) => return Rc::new(next).reduce(Action::Invalid(errors)),
            Action::Finished(outcome, retry_at) => {
                next.erasure = Erasure::Offered;
                next.phase = match outcome {
                    Lookup::Found(comment) => Phase::Found(Rc::new(comment)),
                    Lookup::NotFound => Phase::NotFound,
                    Lookup::Locked(_) => Phase::Locked(retry_at),
                    Lookup::Unreachable => Phase::Unreachable,
                    Lookup::Refused | Lookup::Invalid(_) => Phase::Refused,
                };
                next.focus.to(if matches!(next.phase, Phase::Found(_)) { FOUND_ID } else { ALERT_ID });
            }
            Action::Erasing => next.erasure = Erasure::Erasing,
            Action::Erased(done) => {
                next.erasure = if done { Erasure::Erased } else { Erasure::Failed };
                next.focus.to(ERASED_ID);
            }
        }
        next.into()
    }
}

#[derive(Properties, PartialEq)]
pub struct OwnCommentLookupProps {
    pub context: Rc<Context>,
    /// Opens the commented article in the draft and moves focus there.
    pub onshow: Callback<Target>,
}

#[component]
pub fn OwnCommentLookup(props: &OwnCommentLookupProps) -> Html {
    let state = use_reducer(LookupState::default);
    let context = &props.context;
    let lang = context.lang;
    let t = texts(lang);
    let shared = crate::ui::i18n::texts(lang);
    let base_ref = use_focus_after_render(state.focus.clone());

    {
        // A message that takes focus is read out as it does; the live region says only what does not.
        let (phase, host, slug) = (state.phase.clone(), context.host.clone(), context.slug.clone());
        use_effect_with(state.focus.clone(), move |focus| {
            let message = match (focus.target(), &phase) {
                (Some(ERRORS_ID), _) => shared.errors_announcement,
                (Some(FOUND_ID), Phase::Found(_)) => {
                    fire(&host, "tuongtac-lookup", &[("consultation", &slug)]);
                    ""
                }
                _ => return,
            };
            announce(message, lang);
        });
    }

    let onsubmit = {
        let state = state.clone();
        let context = context.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if matches!(state.phase, Phase::Looking) {
                return;
            }
            let (code, pin) = match state.draft.validate() {
                Ok(valid) => valid,
                Err(errors) => return state.dispatch(Action::Invalid(errors)),
            };
            let lookup = LookupRequest { tracking_code: code.to_string(), pin: pin.as_str().to_owned(), lang };
            state.dispatch(Action::Looking);
            announce(t.looking_up_announcement, lang);
            let (dispatcher, context) = (state.dispatcher(), context.clone());
            spawn_local(async move {
                let outcome = lookup_comment(&context.api, &context.agency, &context.slug, &lookup).await;
                let retry_at = match outcome {
                    Lookup::Locked(Some(secs)) => Some(clock_after(secs, lang)),
                    _ => None,
                };
                dispatcher.dispatch(Action::Finished(outcome, retry_at));
            });
        })
    };
    let edit = |field: Field| {
        let dispatcher = state.dispatcher();
        Callback::from(move |value: String| dispatcher.dispatch(Action::Edit(field, value)))
    };
    let revalidate = |field: Field| {
        let dispatcher = state.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(Action::Revalidate(field)))
    };
    // Codes are neither spell-checked nor auto-filled.
    let code_input = |field: Field, label: &'static str, hint: &'static str, inputmode: &'static str,
                      class: &'static str, value: &str| html! {
        <TextField id={field_id(field)} {label} {hint} errors={state.errors.get(field).to_vec()} {lang}
            autocomplete="off" {inputmode} autocapitalize="characters" {class} value={value.to_owned()}
            oninput={edit(field)} onblur={revalidate(field)} />
    };
    let alert = match &state.phase {
        Phase::NotFound => Some(AttrValue::from(t.not_found)),
        Phase::Locked(retry_at) => Some(locked_out(retry_at.as_deref(), lang).into()),
        Phase::Unreachable => Some(t.lookup_unreachable.into()),
        Phase::Refused => Some(t.lookup_refused.into()),
        _ => None,
    };
    let looking = matches!(state.phase, Phase::Looking);

    html! {
        <section class="tt-lookup" aria-labelledby="tt-lookup-title" ref={base_ref}>
            <h3 id="tt-lookup-title">{ t.lookup_title }</h3>
            <p class="tt-hint">{ t.lookup_hint }</p>
            <ErrorSummary id={ERRORS_ID} errors={state.errors.clone()} {lang} level={4} />
            if let Some(message) = alert {
                <Alert id={ALERT_ID} {message} />
            }
            <form class="tt-form" part="form" novalidate=true {onsubmit} aria-busy={looking.then_some("true")}
                aria-labelledby="tt-lookup-title">
                { code_input(Field::TrackingCode, shared.tracking_code, t.code_hint, "text", "tt-input--code",
                    &state.draft.tracking_code) }
                { code_input(Field::Pin, shared.pin, t.pin_hint, "numeric", "tt-input--pin", &state.draft.pin) }
                <button class="tt-button" part="button" type="submit" aria-disabled={looking.then_some("true")}>
                    { if looking { t.looking_up } else { t.look_up } }
                </button>
            </form>
            if let Phase::Found(comment) = &state.phase {
                { own(comment, state.clone(), context, props.onshow.clone()) }
            }
        </section>
    }
}

/// The found comment: what it is about, where it stands, the response once out, and the contact details.
fn own(comment: &OwnComment, state: UseReducerHandle<LookupState>, context: &Rc<Context>, onshow: Callback<Target>) -> Html {
    let lang = context.lang;
    let t = texts(lang);
    let row = |term: &'static str, value: Html| html! {
        <div class="tt-meta-row"><dt>{ term }</dt><dd>{ value }</dd></div>
    };
    let target = comment.article;
    let show = Callback::from(move |_: MouseEvent| onshow.emit(target));
    let about = match comment.article {
        Some(article) => article_name(article, lang),
        None => t.general_target.to_owned(),
    };
    let status = match comment.status {
        CommentStatus::Received => t.status_received,
        CommentStatus::Published => t.status_published,
        CommentStatus::Hidden => t.status_hidden,
    };
    let held = comment.contact.name || comment.contact.email;
    let erase = {
        let (state, context) = (state.clone(), context.clone());
        Callback::from(move |_: MouseEvent| {
            if state.erasure == Erasure::Erasing {
                return;
            }
            state.dispatch(Action::Erasing);
            let lookup = state.draft.clone();
            let lookup = domain::LookupRequest { lang: context.lang, ..lookup };
            let (dispatcher, context) = (state.dispatcher(), context.clone());
            spawn_local(async move {
                let done = erase_comment_contact(&context.api, &context.agency, &context.slug, &lookup).await;
                dispatcher.dispatch(Action::Erased(done));
            });
        })
    };
    html! {
        <section class="tt-own" part="result" aria-labelledby={FOUND_ID}>
            <p id={FOUND_ID} class="tt-form-title" tabindex="-1">{ t.own_title }</p>
            <dl class="tt-meta">
                { row(t.own_target, html! {
                    <>
                        { about }
                        if let Some(clause) = comment.clause {
                            { ", " }{ clause_name(clause, lang) }
                        }
                    </>
                }) }
                { row(t.own_stance, html! { comment.stance.label(lang) }) }
                { row(t.own_submitted, html! { date(&comment.submitted_on, lang) }) }
                { row(t.own_status, html! { <strong part="status">{ status }</strong> }) }
            </dl>
            <p class="tt-text" lang={text_lang(&comment.body)}>{ &comment.body }</p>
            if let Some(reason) = &comment.hidden_reason {
                <p>{ t.hidden_reason }{ ": " }<span lang={text_lang(reason)}>{ reason }</span></p>
            }
            if let Some(answer) = &comment.response {
                { response(answer, lang) }
            } else {
                <p class="tt-hint">{ t.no_response_yet }</p>
            }
            if comment.article.is_some() {
                <button type="button" class="tt-button tt-button--secondary" part="button" onclick={show}>
                    { show_in_draft(about_name(comment.article, lang), lang) }
                </button>
            }
            <div class="tt-own-contact">
                <p class="tt-legend">{ t.erase_title }</p>
                { match state.erasure {
                    Erasure::Erased => html! { <p id={ERASED_ID} tabindex="-1" role="status">{ t.erased }</p> },
                    _ if comment.contact.erased_at.is_some() => html! { <p>{ t.erased }</p> },
                    _ if !held => html! { <p>{ t.nothing_held }</p> },
                    erasure => html! {
                        <>
                            <p class="tt-hint">{ t.erase_hint }</p>
                            if erasure == Erasure::Failed {
                                <p id={ERASED_ID} tabindex="-1" class="tt-error-message">{ t.erase_failed }</p>
                            }
                            <button type="button" class="tt-button tt-button--secondary" part="button" onclick={erase}
                                aria-disabled={(erasure == Erasure::Erasing).then_some("true")}>
                                { t.erase_button }
                            </button>
                        </>
                    },
                } }
            </div>
        </section>
    }
}

fn about_name(article: Target, lang: domain::Lang) -> String {
    article.map(|a| article_name(a, lang)).unwrap_or_default()
}
