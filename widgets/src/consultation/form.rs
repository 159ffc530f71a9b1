//! The comment form of one article (or of the whole draft), opened inline by an ordinary button, and the
//! receipt with the tracking code and PIN once the comment is stored.

use std::rc::Rc;

use domain::consultation::{COMMENT_MAX, CommentReceipt, CommenterKind, NewComment, PublicConsultation, Stance};
use domain::{Field, FieldErrors};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::i18n::{clause_name, comment_on, sent_announcement, texts};
use super::{Context, Shared, Target};
use crate::announce::announce;
use crate::api::{Submission, new_idempotency_key, submit_comment};
use crate::ui::{
    ALERT_ID, Alert, Checkbox, ERROR_SUMMARY_ID, ErrorSummary, FocusRequest, RadioGroup, RadioOption, Receipt,
    Select, TextArea, TextField, field_id, fire, revalidate, use_focus_after_render,
};

const FORM_TITLE_ID: &str = "tt-form-title";
const SENT_TITLE_ID: &str = "tt-sent-title";
/// Controls whose choice cannot be wrong, so no field of the domain names them.
const COMMENTER_ID: &str = "tt-commenter";
const PUBLISH_NAME_ID: &str = "tt-publish-name";

#[derive(Clone, PartialEq, Default)]
enum Phase {
    #[default]
    Editing,
    Sending,
    Unreachable,
    /// The server cannot store now (a full disk); what the citizen typed is kept.
    Unavailable,
    Refused,
    /// The consultation closed meanwhile (409); what was typed stays on the page.
    NotOpen,
    Sent(CommentReceipt),
}

#[derive(Clone, PartialEq)]
struct FormState {
    draft: NewComment,
    errors: FieldErrors,
    phase: Phase,
    focus: FocusRequest,
    /// The key and comment of the last send: sending the same comment again reuses the key, so a comment
    /// that did reach the server before the network failed is not stored twice.
    last_sent: Option<(String, NewComment)>,
}

enum Action {
    Edit(Field, String),
    Stance(Stance),
    Commenter(CommenterKind),
    PublishName(bool),
    Consent(bool),
    Honeypot(String),
    Revalidate(Field),
    Invalid(FieldErrors),
    Sending(String, NewComment),
    Finished(Submission<CommentReceipt>),
}

/// What the form checks against: the draft whose articles and clauses a comment may name.
struct Checked<'a>(&'a PublicConsultation);

impl FormState {
    fn reduce_with(mut self, action: Action, consultation: Checked) -> Self {
        let draft = &consultation.0.draft;
        match action {
            Action::Edit(Field::Body, value) => self.draft.body = value,
            Action::Edit(Field::Name, value) => self.draft.name = value,
            Action::Edit(Field::Email, value) => self.draft.email = value,
            Action::Edit(Field::Clause, value) => {
                self.draft.clause = value.parse().ok();
                let comment = self.draft.clone();
                revalidate(&mut self.errors, Field::Clause, || comment.validate_field(Field::Clause, draft));
            }
            Action::Edit(..) => {}
            Action::Stance(stance) => {
                self.draft.stance = Some(stance);
                let comment = self.draft.clone();
                revalidate(&mut self.errors, Field::Stance, || comment.validate_field(Field::Stance, draft));
            }
            Action::Commenter(kind) => {
                self.draft.commenter = kind;
                // The name's rule depends on who comments: an organisation must give its name.
                let comment = self.draft.clone();
                revalidate(&mut self.errors, Field::Name, || comment.validate_field(Field::Name, draft));
            }
            Action::PublishName(publish) => {
                self.draft.publish_name = publish;
                // Publishing needs a name to publish.
                let comment = self.draft.clone();
                revalidate(&mut self.errors, Field::Name, || comment.validate_field(Field::Name, draft));
            }
            Action::Consent(consent) => {
                self.draft.consent = consent;
                let comment = self.draft.clone();
                revalidate(&mut self.errors, Field::Consent, || comment.validate_field(Field::Consent, draft));
            }
            Action::Honeypot(value) => self.draft.website = value,
            Action::Revalidate(field) => {
                let comment = self.draft.clone();
                revalidate(&mut self.errors, field, || comment.validate_field(field, draft));
            }
            Action::Invalid(errors) => {
                self.errors = errors;
                self.focus.to(ERROR_SUMMARY_ID);
                self.phase = Phase::Editing;
            }
            Action::Sending(key, comment) => {
                self.errors = FieldErrors::default();
                self.phase = Phase::Sending;
                self.last_sent = Some((key, comment));
            }
            Action::Finished(Submission::Stored(receipt)) => {
                self.last_sent = None;
                self.phase = Phase::Sent(receipt);
                self.focus.to(SENT_TITLE_ID);
            }
            Action::Finished(Submission::Invalid(errors)) => return self.reduce_with(Action::Invalid(errors), consultation),
            Action::Finished(failure) => {
                self.phase = match failure {
                    Submission::Unavailable => Phase::Unavailable,
                    Submission::Refused => Phase::Refused,
                    Submission::Conflict => Phase::NotOpen,
                    _ => Phase::Unreachable,
                };
                self.focus.to(ALERT_ID);
            }
        }
        self
    }
}

/// The reducer's state with the draft it validates against.
#[derive(Clone, PartialEq)]
struct Form {
    state: FormState,
    consultation: Shared<PublicConsultation>,
}

impl Reducible for Form {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let consultation = self.consultation.clone();
        let state = self.state.clone().reduce_with(action, Checked(&consultation));
        Rc::new(Form { state, consultation })
    }
}

#[derive(Properties, PartialEq)]
pub struct CommentFormProps {
    pub consultation: Shared<PublicConsultation>,
    pub target: Target,
    /// The level of a heading inside the form: one below its article's (or section's) heading.
    pub level: u8,
    /// What the form starts with: what was typed before, or the last commenter's details.
    pub start: NewComment,
    pub context: Rc<Context>,
    /// The form closes (its "close" button, or "continue reading" after sending).
    pub onclose: Callback<Target>,
    /// What was typed when the form went away, and whether it was sent: the widget keeps it to start from.
    pub onpark: Callback<(NewComment, bool)>,
}

#[component]
pub fn CommentForm(props: &CommentFormProps) -> Html {
    let form = use_reducer(|| {
        let mut focus = FocusRequest::default();
        focus.to(FORM_TITLE_ID);
        let draft = NewComment { article: props.target, ..props.start.clone() };
        let state = FormState { draft, errors: FieldErrors::default(), phase: Phase::Editing, focus, last_sent: None };
        Form { state, consultation: props.consultation.clone() }
    });
    let state = &form.state;
    let context = &props.context;
    let lang = context.lang;
    let t = texts(lang);
    let base_ref = use_focus_after_render(state.focus.clone());

    {
        // When the form goes away (closed, or its article collapsed), what was typed is handed back, so that
        // opening it again starts from there (WCAG 3.3.7).
        let latest = use_mut_ref(|| (NewComment::default(), false));
        *latest.borrow_mut() = (state.draft.clone(), matches!(state.phase, Phase::Sent(_)));
        let onpark = props.onpark.clone();
        use_effect_with((), move |()| move || onpark.emit(latest.borrow().clone()));
    }
    {
        // Once focus has moved: a message that takes focus is read out as it does; the code is spoken.
        let (phase, host, slug, target) = (state.phase.clone(), context.host.clone(), context.slug.clone(), props.target);
        use_effect_with(state.focus.clone(), move |focus| {
            let message = match (focus.target(), &phase) {
                (Some(ERROR_SUMMARY_ID), _) => crate::ui::i18n::texts(lang).errors_announcement.to_owned(),
                (Some(SENT_TITLE_ID), Phase::Sent(receipt)) => {
                    // Never the PIN: the page is not the citizen's.
                    let article = target.map(|a| a.to_string()).unwrap_or_default();
                    fire(&host, "tuongtac-comment", &[
                        ("consultation", &slug),
                        ("article", &article),
                        ("trackingCode", &receipt.tracking_code),
                    ]);
                    sent_announcement(&receipt.tracking_code, lang)
                }
                _ => return,
            };
            announce(&message, lang);
        });
    }

    let title = match props.target {
        Some(article) => comment_on(article, lang),
        None => t.general_title.to_owned(),
    };

    if let Phase::Sent(receipt) = &state.phase {
        let onclose = props.onclose.clone();
        let target = props.target;
        let back = Callback::from(move |_: MouseEvent| onclose.emit(target));
        return html! {
            <section class="tt-confirmation" part="confirmation" aria-labelledby={SENT_TITLE_ID} ref={base_ref}>
                <p id={SENT_TITLE_ID} class="tt-form-title" tabindex="-1">{ t.sent_title }</p>
                <Receipt tracking_code={receipt.tracking_code.clone()} pin={receipt.pin.clone()} {lang} />
                <p>{ t.next_steps }</p>
                <p><strong>{ t.pin_once }</strong></p>
                <button type="button" class="tt-button tt-button--secondary" part="button" onclick={back}>
                    { t.back_to_draft }
                </button>
            </section>
        };
    }

    let onsubmit = {
        let form = form.clone();
        let context = props.context.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let state = &form.state;
            if state.phase == Phase::Sending {
                return;
            }
            let mut comment = state.draft.clone();
            comment.lang = lang;
            if let Err(errors) = comment.validate(&form.consultation.draft) {
                form.dispatch(Action::Invalid(errors));
                return;
            }
            let key = match &state.last_sent {
                Some((key, sent)) if *sent == comment => key.clone(),
                _ => new_idempotency_key(),
            };
            form.dispatch(Action::Sending(key.clone(), comment.clone()));
            // Also drops a character count still waiting to be spoken.
            announce(t.sending_announcement, lang);
            let dispatcher = form.dispatcher();
            let context = context.clone();
            spawn_local(async move {
                let outcome = submit_comment(&context.api, &context.agency, &context.slug, &comment, &key).await;
                dispatcher.dispatch(Action::Finished(outcome));
            });
        })
    };
    let edit = |field: Field| {
        let dispatcher = form.dispatcher();
        Callback::from(move |value: String| dispatcher.dispatch(Action::Edit(field, value)))
    };
    let revalidate = |field: Field| {
        let dispatcher = form.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(Action::Revalidate(field)))
    };
    let errors = |field: Field| state.errors.get(field).to_vec();
    let draft = &state.draft;

    let stances: Vec<RadioOption> = Stance::ALL
        .into_iter()
        .map(|s| RadioOption { value: s.as_str().into(), label: s.label(lang).into() })
        .collect();
    let stance = draft.stance.map(|s| AttrValue::from(s.as_str()));
    let choose_stance = {
        let dispatcher = form.dispatcher();
        Callback::from(move |value: AttrValue| {
            if let Some(stance) = Stance::parse(&value) {
                dispatcher.dispatch(Action::Stance(stance));
            }
        })
    };
    let kinds = vec![
        RadioOption { value: "individual".into(), label: t.individual.into() },
        RadioOption { value: "organisation".into(), label: t.organisation.into() },
    ];
    let organisation = draft.commenter == CommenterKind::Organisation;
    let choose_kind = {
        let dispatcher = form.dispatcher();
        Callback::from(move |value: AttrValue| {
            let kind = if value == "organisation" { CommenterKind::Organisation } else { CommenterKind::Individual };
            dispatcher.dispatch(Action::Commenter(kind));
        })
    };
    let clauses: Vec<(AttrValue, AttrValue)> = props
        .target
        .and_then(|number| form.consultation.draft.articles.iter().find(|a| a.number == number))
        .map(|article| {
            article
                .clauses
                .iter()
                .map(|clause| (AttrValue::from(clause.number.to_string()), clause_option(clause, lang)))
                .collect()
        })
        .unwrap_or_default();
    let choose_clause = {
        let dispatcher = form.dispatcher();
        Callback::from(move |value: String| dispatcher.dispatch(Action::Edit(Field::Clause, value)))
    };
    let flag = |make: fn(bool) -> Action| {
        let dispatcher = form.dispatcher();
        Callback::from(move |on: bool| dispatcher.dispatch(make(on)))
    };
    let set_honeypot = {
        let dispatcher = form.dispatcher();
        Callback::from(move |e: InputEvent| {
            let input = e.target_unchecked_into::<web_sys::HtmlInputElement>();
            dispatcher.dispatch(Action::Honeypot(input.value()));
        })
    };
    let close = {
        let onclose = props.onclose.clone();
        let target = props.target;
        Callback::from(move |_: MouseEvent| onclose.emit(target))
    };
    let sending = state.phase == Phase::Sending;
    let failure = match state.phase {
        Phase::Unreachable => Some(t.unreachable),
        Phase::Unavailable => Some(t.unavailable),
        Phase::Refused => Some(t.refused),
        Phase::NotOpen => Some(t.not_open),
        _ => None,
    };

    html! {
        <form class="tt-form tt-comment-form" part="form" novalidate=true {onsubmit} ref={base_ref}
            aria-labelledby={FORM_TITLE_ID} aria-busy={sending.then_some("true")}>
            <p id={FORM_TITLE_ID} class="tt-form-title" tabindex="-1">{ title }</p>
            <ErrorSummary errors={state.errors.clone()} {lang} level={props.level} />
            if let Some(failure) = failure {
                <Alert message={failure} />
            }
            <RadioGroup id={field_id(Field::Stance)} legend={t.stance_legend} errors={errors(Field::Stance)} {lang}
                options={stances} value={stance} onchange={choose_stance} />
            if !clauses.is_empty() {
                <Select id={field_id(Field::Clause)} label={t.clause_label} errors={errors(Field::Clause)} {lang}
                    placeholder={t.clause_whole} options={clauses}
                    value={draft.clause.map(|c| AttrValue::from(c.to_string()))} onchange={choose_clause} />
            }
            <TextArea id={field_id(Field::Body)} label={t.body_label} hint={t.body_hint} errors={errors(Field::Body)}
                {lang} value={draft.body.clone()} max_chars={COMMENT_MAX} oninput={edit(Field::Body)}
                onblur={revalidate(Field::Body)} />
            <RadioGroup id={COMMENTER_ID} legend={t.commenter_legend} {lang} options={kinds} value={AttrValue::from(if organisation { "organisation" } else { "individual" })}
                onchange={choose_kind} />
            <TextField id={field_id(Field::Name)} label={if organisation { t.name_organisation } else { t.name_individual }}
                hint={organisation.then_some(AttrValue::from(t.organisation_public))} errors={errors(Field::Name)} {lang}
                autocomplete={if organisation { "organization" } else { "name" }} value={draft.name.clone()}
                oninput={edit(Field::Name)} onblur={revalidate(Field::Name)} />
            if !organisation {
                <Checkbox id={PUBLISH_NAME_ID} label={t.publish_name} hint={t.publish_name_hint} {lang}
                    checked={draft.publish_name} onchange={flag(Action::PublishName)} />
            }
            <TextField id={field_id(Field::Email)} label={t.email_label} hint={t.email_hint} errors={errors(Field::Email)}
                {lang} kind="email" autocomplete="email" value={draft.email.clone()} oninput={edit(Field::Email)}
                onblur={revalidate(Field::Email)} />
            if asks_consent(draft) {
                <Checkbox id={field_id(Field::Consent)} label={t.consent_label} errors={errors(Field::Consent)} {lang}
                    checked={draft.consent} onchange={flag(Action::Consent)} />
            }
            <div class="tt-honeypot" aria-hidden="true">
                <label for="tt-website">{ t.honeypot_label }</label>
                <input id="tt-website" type="text" tabindex="-1" autocomplete="off" value={draft.website.clone()}
                    oninput={set_honeypot} />
            </div>
            <p class="tt-notice">{ t.publication_notice }</p>
            <div class="tt-form-actions">
                <button class="tt-button" part="button" type="submit" aria-disabled={sending.then_some("true")}>
                    { if sending { t.submitting } else { t.submit } }
                </button>
                <button class="tt-button tt-button--secondary" part="button" type="button" onclick={close}>
                    { t.close_form }
                </button>
            </div>
        </form>
    }
}

/// Consent is asked for as soon as there is personal data to consent to: an email, or an individual's name.
fn asks_consent(comment: &NewComment) -> bool {
    let personal_name = comment.commenter == CommenterKind::Individual && !comment.name.trim().is_empty();
    personal_name || !comment.email.trim().is_empty()
}

/// A clause as the select offers it: its name and the start of its text, so it is recognised.
fn clause_option(clause: &domain::draft::Clause, lang: domain::Lang) -> AttrValue {
    const SHOWN: usize = 60;
    let mut start: String = clause.text.chars().take(SHOWN).collect();
    if clause.text.chars().count() > SHOWN {
        start.push('…');
    }
    format!("{}: {start}", clause_name(clause.number, lang)).into()
}
