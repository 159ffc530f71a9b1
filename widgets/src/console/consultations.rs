//! Consultations on draft legal documents (officers): the agency's consultations; a new one made by pasting
//! the draft, with a live preview of what the parser understood (the domain's `parse_draft`, in the browser)
//! and every line it could not place; one consultation with its comments per article and stance, its period
//! (open, close, extend), moderation and responses per comment, and its report, published and printable.

use std::rc::Rc;

use domain::consultation::staff::ResponseRequest;
use domain::consultation::staff::{
    GroupRequest, Moderation, ModerationAction, NewConsultation, PeriodAction, PeriodChange, StaffComment,
    StaffCommentPage,
};
use domain::{
    ApiError, ConsultationList, DocumentType, Field, FieldErrors, Outcome, PublicConsultation, ReportBlocker, Stance,
    parse_draft,
};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::api::{self, Reply, encode};
use super::i18n::texts;
use super::{Link, Route, Shell, TITLE_ID, say};
use crate::ui::i18n::{day_of, text_lang};
use crate::ui::{
    ALERT_ID, Alert, ErrorSummary, FocusRequest, Select, TextArea, TextField, field_id, use_focus_after_render,
};

const CREATE_SUMMARY: &str = "consultation-errors";
const PERIOD_SUMMARY: &str = "period-errors";

fn now() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

#[derive(Properties, PartialEq)]
pub struct ScreenProps {
    pub shell: Shell,
}

#[derive(Clone, PartialEq)]
struct ListState {
    list: Option<Rc<ConsultationList>>,
    draft: NewConsultation,
    errors: FieldErrors,
    problem: Option<AttrValue>,
    focus: FocusRequest,
}

enum ListAction {
    Loaded(ConsultationList),
    Edit(Field, String),
    Invalid(FieldErrors),
    Failed(AttrValue),
}

impl Reducible for ListState {
    type Action = ListAction;

    fn reduce(self: Rc<Self>, action: ListAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            ListAction::Loaded(list) => next.list = Some(Rc::new(list)),
            ListAction::Edit(field, value) => {
                let d = &mut next.draft;
                match field {
                    Field::Slug => d.slug = value,
                    Field::Title => d.title = value,
                    Field::Summary => d.summary = value,
                    Field::DraftingUnit => d.drafting_unit = value,
                    Field::OpensAt => d.opens_at = value,
                    Field::ClosesAt => d.closes_at = value,
                    Field::Text => d.text = value,
                    Field::Name => d.document_type = DocumentType::parse(&value).unwrap_or(DocumentType::Other),
                    _ => return self,
                }
            }
            ListAction::Invalid(errors) => {
                next.errors = errors;
                next.focus.to(CREATE_SUMMARY);
            }
            ListAction::Failed(problem) => {
                next.problem = Some(problem);
                next.focus.to(ALERT_ID);
            }
        }
        Rc::new(next)
    }
}

fn blank() -> NewConsultation {
    NewConsultation {
        slug: String::new(),
        title: String::new(),
        summary: String::new(),
        document_type: DocumentType::Decision,
        drafting_unit: String::new(),
        opens_at: String::new(),
        closes_at: String::new(),
        report_expected_by: None,
        attachments: Vec::new(),
        text: String::new(),
    }
}

/// The agency's consultations and a new one.
#[component]
pub fn ConsultationsScreen(props: &ScreenProps) -> Html {
    let state = use_reducer(|| ListState {
        list: None,
        draft: blank(),
        errors: FieldErrors::default(),
        problem: None,
        focus: FocusRequest::default(),
    });
    let base = use_focus_after_render(state.focus.clone());
    let shell = props.shell.clone();
    let lang = shell.lang;
    let t = texts(lang);
    {
        let (state, shell) = (state.clone(), shell.clone());
        use_effect_with((), move |_| {
            spawn_local(async move {
                let path = format!("/api/v1/agencies/{}/consultations", encode(&shell.me.agency));
                match api::get::<ConsultationList>(&path).await {
                    Reply::Ok(list) => state.dispatch(ListAction::Loaded(list)),
                    other => {
                        if let Some(problem) = shell.trouble(&other) {
                            state.dispatch(ListAction::Failed(problem));
                        }
                    }
                }
            });
        });
    }
    let edit = |field: Field| {
        let state = state.clone();
        Callback::from(move |value: String| state.dispatch(ListAction::Edit(field, value)))
    };
    let onsubmit = {
        let (state, shell) = (state.clone(), shell.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let draft = state.draft.clone();
            if let Err(errors) = draft.validate() {
                say(crate::ui::i18n::texts(lang).errors_announcement, lang);
                state.dispatch(ListAction::Invalid(errors));
                return;
            }
            let (state, shell) = (state.clone(), shell.clone());
            spawn_local(async move {
                match api::write::<_, PublicConsultation>("POST", "/api/v1/staff/consultations", &draft).await {
                    Reply::Ok(created) => {
                        say(t.consultation_created, lang);
                        shell.navigate.emit(Route::Consultation(created.slug));
                    }
                    Reply::Invalid(errors) => state.dispatch(ListAction::Invalid(errors)),
                    Reply::Conflict(_) => state.dispatch(ListAction::Failed(t.slug_taken.into())),
                    other => {
                        if let Some(problem) = shell.trouble(&other) {
                            state.dispatch(ListAction::Failed(problem));
                        }
                    }
                }
            });
        })
    };
    // What the parser understands of the pasted text, as it is typed: the domain's own parser.
    let parsed = parse_draft(&state.draft.text);
    let types: Vec<(AttrValue, AttrValue)> =
        DocumentType::ALL.iter().map(|d| (AttrValue::from(d.as_str()), AttrValue::from(d.label(lang)))).collect();
    let d = &state.draft;
    let errors = &state.errors;
    let err = |field: Field| errors.get(field).to_vec();
    let hint = |text: &'static str| Some(AttrValue::from(text));
    html! {
        <div ref={base}>
            <h1 id={TITLE_ID} tabindex="-1">{ t.consultations_title }</h1>
            if let Some(problem) = &state.problem { <Alert message={problem.clone()} /> }
            <section class="console-section" aria-labelledby="consultations-list">
                <h2 id="consultations-list">{ t.consultations_list }</h2>
                if let Some(list) = &state.list {
                    if list.consultations.is_empty() {
                        <p>{ t.no_consultations }</p>
                    } else {
                        <ul class="console-admin-list">
                            { for list.consultations.iter().map(|c| html! {
                                <li>
                                    <Link route={Route::Consultation(c.slug.clone())} navigate={shell.navigate.clone()}>{ &c.title }</Link>
                                    { " — " }{ c.document_type.label(lang) }{ ", " }{ state_label(c.state, lang) }
                                    { ", " }{ day_of(&c.opens_at, lang) }{ " – " }{ day_of(&c.closes_at, lang) }
                                </li>
                            }) }
                        </ul>
                    }
                } else {
                    <p>{ t.loading }</p>
                }
            </section>
            <section class="console-section" aria-labelledby="consultation-new">
                <h2 id="consultation-new">{ t.consultation_new }</h2>
                <ErrorSummary errors={errors.clone()} {lang} id={CREATE_SUMMARY} level={3} />
                <form class="tt-form" {onsubmit} novalidate=true>
                    <TextField id={field_id(Field::Title)} label={t.title} {lang} value={d.title.clone()}
                        errors={err(Field::Title)} oninput={edit(Field::Title)} />
                    <TextField id={field_id(Field::Slug)} label={t.consultation_slug} hint={hint(t.slug_hint)} {lang}
                        autocomplete={Some(AttrValue::from("off"))} autocapitalize={Some(AttrValue::from("none"))}
                        value={d.slug.clone()} errors={err(Field::Slug)} oninput={edit(Field::Slug)} />
                    <Select id="consultation-type" label={t.document_type} {lang} placeholder={t.document_type} options={types}
                        value={Some(AttrValue::from(d.document_type.as_str()))} onchange={edit(Field::Name)} />
                    <TextField id={field_id(Field::DraftingUnit)} label={t.drafting_unit} {lang} value={d.drafting_unit.clone()}
                        errors={err(Field::DraftingUnit)} oninput={edit(Field::DraftingUnit)} />
                    <TextArea id={field_id(Field::Summary)} label={t.summary} {lang} rows={3} value={d.summary.clone()}
                        errors={err(Field::Summary)} oninput={edit(Field::Summary)} />
                    <TextField id={field_id(Field::OpensAt)} label={t.opens_at} hint={hint(t.instant_hint)} {lang}
                        kind="datetime-local" value={d.opens_at.clone()} errors={err(Field::OpensAt)}
                        autocomplete={Some(AttrValue::from("off"))} oninput={edit(Field::OpensAt)} />
                    <TextField id={field_id(Field::ClosesAt)} label={t.closes_at} hint={hint(t.instant_hint)} {lang}
                        kind="datetime-local" value={d.closes_at.clone()} errors={err(Field::ClosesAt)}
                        autocomplete={Some(AttrValue::from("off"))} oninput={edit(Field::ClosesAt)} />
                    <div class="console-answer">
                        <TextArea id={field_id(Field::Text)} label={t.draft_text} hint={hint(t.draft_text_hint)} {lang}
                            rows={16} value={d.text.clone()} errors={err(Field::Text)} oninput={edit(Field::Text)} />
                        <section class="console-preview" aria-labelledby="parse-preview" id="parse-preview-box">
                            <h3 id="parse-preview">{ t.parse_preview }</h3>
                            <p id="parse-summary">{ parse_summary(parsed.draft.articles.len(), parsed.unplaced.len(), lang) }</p>
                            <ul class="console-admin-list">
                                { for parsed.draft.headings.iter().map(|h| html! { <li>{ &h.label }{ " " }{ &h.title }</li> }) }
                                { for parsed.draft.articles.iter().take(200).map(|a| html! { <li>{ &a.label }{ " " }{ &a.title }</li> }) }
                            </ul>
                            if !parsed.unplaced.is_empty() {
                                <h4>{ t.unplaced }</h4>
                                <ul class="console-admin-list" id="parse-unplaced">
                                    { for parsed.unplaced.iter().map(|u| html! {
                                        <li>{ t.line }{ " " }{ u.line }{ ": " }<span lang={text_lang(&u.text)}>{ &u.text }</span></li>
                                    }) }
                                </ul>
                            }
                        </section>
                    </div>
                    <div><button type="submit" class="tt-button">{ t.create_consultation }</button></div>
                </form>
            </section>
        </div>
    }
}

fn parse_summary(articles: usize, unplaced: usize, lang: domain::Lang) -> String {
    match lang {
        domain::Lang::Vi => format!("{articles} điều; {unplaced} dòng chưa xếp được."),
        domain::Lang::En => format!("{articles} articles; {unplaced} lines not placed."),
    }
}

fn state_label(state: domain::ConsultationState, lang: domain::Lang) -> &'static str {
    use domain::ConsultationState::*;
    match (state, lang) {
        (Upcoming, domain::Lang::Vi) => "sắp mở",
        (Upcoming, domain::Lang::En) => "upcoming",
        (Open, domain::Lang::Vi) => "đang lấy ý kiến",
        (Open, domain::Lang::En) => "open",
        (Closed, domain::Lang::Vi) => "đã đóng",
        (Closed, domain::Lang::En) => "closed",
        (ReportPublished, domain::Lang::Vi) => "đã công bố báo cáo",
        (ReportPublished, domain::Lang::En) => "report published",
    }
}

#[derive(Properties, PartialEq)]
pub struct ConsultationScreenProps {
    pub shell: Shell,
    pub slug: AttrValue,
}

#[derive(Clone, PartialEq, Default)]
struct OneState {
    consultation: Option<Rc<PublicConsultation>>,
    comments: Option<Rc<StaffCommentPage>>,
    article: Option<u32>,
    period: Option<PeriodAction>,
    closes_at: String,
    note: String,
    period_errors: FieldErrors,
    /// Per comment being answered: the response as typed.
    response: Option<(i64, ResponseRequest, FieldErrors)>,
    hide_reason: String,
    /// Comments chosen to be grouped as identical (answered once).
    selected: Vec<i64>,
    group_errors: FieldErrors,
    version: u32,
    done: Option<AttrValue>,
    problem: Option<AttrValue>,
    focus: FocusRequest,
}

enum OneAction {
    Loaded(PublicConsultation),
    Comments(StaffCommentPage),
    Article(Option<u32>),
    Period(String),
    ClosesAt(String),
    Note(String),
    PeriodInvalid(FieldErrors),
    Respond(i64),
    Outcome(String),
    Explanation(String),
    ResponseInvalid(FieldErrors),
    HideReason(String),
    Select(i64, bool),
    GroupInvalid(FieldErrors),
    Done(AttrValue),
    Failed(AttrValue),
}

impl Reducible for OneState {
    type Action = OneAction;

    fn reduce(self: Rc<Self>, action: OneAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            OneAction::Loaded(c) => next.consultation = Some(Rc::new(c)),
            OneAction::Comments(page) => next.comments = Some(Rc::new(page)),
            OneAction::Article(article) => next.article = article,
            OneAction::Period(value) => {
                next.period = [PeriodAction::Open, PeriodAction::Close, PeriodAction::Extend]
                    .into_iter()
                    .find(|a| a.as_str() == value)
            }
            OneAction::ClosesAt(value) => next.closes_at = value,
            OneAction::Note(value) => next.note = value,
            OneAction::PeriodInvalid(errors) => {
                next.period_errors = errors;
                next.focus.to(PERIOD_SUMMARY);
            }
            OneAction::Respond(id) => {
                next.response = Some((id, ResponseRequest::default(), FieldErrors::default()));
                next.focus.to(field_id(Field::Outcome));
            }
            OneAction::Outcome(value) => {
                if let Some((_, r, _)) = &mut next.response {
                    r.outcome = Outcome::ALL.into_iter().find(|o| o.as_str() == value);
                }
            }
            OneAction::Explanation(value) => {
                if let Some((_, r, _)) = &mut next.response {
                    r.explanation = value;
                }
            }
            OneAction::ResponseInvalid(errors) => {
                if let Some((_, _, e)) = &mut next.response {
                    *e = errors;
                }
                next.focus.to("response-errors");
            }
            OneAction::HideReason(value) => next.hide_reason = value,
            OneAction::Select(id, on) => {
                next.selected.retain(|s| *s != id);
                if on {
                    next.selected.push(id);
                }
            }
            OneAction::GroupInvalid(errors) => {
                next.group_errors = errors;
                next.focus.to("group-errors");
            }
            OneAction::Done(message) => {
                next.done = Some(message);
                next.problem = None;
                next.response = None;
                next.period = None;
                next.note.clear();
                next.closes_at.clear();
                next.hide_reason.clear();
                next.selected.clear();
                next.group_errors = FieldErrors::default();
                next.period_errors = FieldErrors::default();
                next.version += 1;
                next.focus.to("consultation-done");
            }
            OneAction::Failed(problem) => {
                next.problem = Some(problem);
                next.done = None;
                next.focus.to(ALERT_ID);
            }
        }
        Rc::new(next)
    }
}

fn blockers_text(blockers: &[ReportBlocker], lang: domain::Lang) -> String {
    let t = texts(lang);
    let parts: Vec<String> = blockers
        .iter()
        .map(|b| match b {
            ReportBlocker::NotClosed => t.blocker_not_closed.to_owned(),
            ReportBlocker::AlreadyPublished => t.blocker_published.to_owned(),
            ReportBlocker::Unmoderated { count } => format!("{} {count}", t.blocker_unmoderated),
            ReportBlocker::Unanswered { count } => format!("{} {count}", t.blocker_unanswered),
        })
        .collect();
    format!("{} {}", t.report_blocked, parts.join("; "))
}

/// One consultation: counts per article, its period, its comments and its report.
#[component]
pub fn ConsultationScreen(props: &ConsultationScreenProps) -> Html {
    let state = use_reducer(OneState::default);
    let base = use_focus_after_render(state.focus.clone());
    let shell = props.shell.clone();
    let lang = shell.lang;
    let t = texts(lang);
    let slug = props.slug.clone();
    {
        let (state, shell, slug) = (state.clone(), shell.clone(), slug.clone());
        use_effect_with((slug.clone(), state.article, state.version), move |_| {
            spawn_local(async move {
                let path = format!("/api/v1/agencies/{}/consultations/{}", encode(&shell.me.agency), encode(&slug));
                match api::get::<PublicConsultation>(&path).await {
                    Reply::Ok(c) => state.dispatch(OneAction::Loaded(c)),
                    other => {
                        if let Some(problem) = shell.trouble(&other) {
                            state.dispatch(OneAction::Failed(problem));
                        }
                        return;
                    }
                }
                let mut path = format!("/api/v1/staff/consultations/{}/comments?per_page=100", encode(&slug));
                if let Some(article) = state.article {
                    path.push_str(&format!("&article={article}"));
                }
                match api::get::<StaffCommentPage>(&path).await {
                    Reply::Ok(page) => state.dispatch(OneAction::Comments(page)),
                    other => {
                        if let Some(problem) = shell.trouble(&other) {
                            state.dispatch(OneAction::Failed(problem));
                        }
                    }
                }
            });
        });
    }
    // Every write here answers something we do not need; then everything is read again.
    let write = {
        let (state, shell) = (state.clone(), shell.clone());
        move |path: String, body: serde_json::Value, done: &'static str, invalid: fn(FieldErrors) -> OneAction| {
            let (state, shell) = (state.clone(), shell.clone());
            spawn_local(async move {
                match api::write::<_, serde_json::Value>("POST", &path, &body).await {
                    Reply::Ok(_) => {
                        say(done, lang);
                        state.dispatch(OneAction::Done(done.into()));
                    }
                    Reply::Invalid(errors) => state.dispatch(invalid(errors)),
                    Reply::Conflict(ApiError { blockers: Some(blockers), .. }) => {
                        state.dispatch(OneAction::Failed(blockers_text(&blockers, lang).into()))
                    }
                    other => {
                        if let Some(problem) = shell.trouble(&other) {
                            state.dispatch(OneAction::Failed(problem));
                        }
                    }
                }
            });
        }
    };
    let title = html! { <h1 id={TITLE_ID} tabindex="-1">{ t.consultation_title }{ " " }<span translate="no">{ &slug }</span></h1> };
    let back = html! { <p><Link route={Route::Consultations} navigate={shell.navigate.clone()}>{ t.back_to_consultations }</Link></p> };
    let Some(c) = state.consultation.clone() else {
        let waiting = match &state.problem {
            Some(problem) => html! { <Alert message={problem.clone()} /> },
            None => html! { <p>{ t.loading }</p> },
        };
        return html! { <div ref={base}>{ back }{ title }{ waiting }</div> };
    };

    let on_period = {
        let (state, write, slug, c) = (state.clone(), write.clone(), slug.clone(), c.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(action) = state.period else { return };
            let closes_at = (!state.closes_at.trim().is_empty()).then(|| state.closes_at.clone());
            let change = PeriodChange { action, closes_at, note: state.note.clone() };
            if let Err(errors) = change.validate(&c.opens_at, &c.closes_at, &now()) {
                state.dispatch(OneAction::PeriodInvalid(errors));
                return;
            }
            let path = format!("/api/v1/staff/consultations/{}/period", encode(&slug));
            write(path, serde_json::to_value(&change).unwrap_or_default(), t.period_changed, OneAction::PeriodInvalid);
        })
    };
    let on_report = {
        let (write, slug) = (write.clone(), slug.clone());
        Callback::from(move |_: MouseEvent| {
            let path = format!("/api/v1/staff/consultations/{}/report", encode(&slug));
            write(path, serde_json::Value::Null, t.report_published, OneAction::PeriodInvalid);
        })
    };
    let moderate = |id: i64, action: ModerationAction| {
        let (state, write) = (state.clone(), write.clone());
        Callback::from(move |_: MouseEvent| {
            let moderation = Moderation { action, reason: state.hide_reason.clone() };
            if let Err(errors) = moderation.validate() {
                let message =
                    errors.errors.iter().flat_map(|(_, keys)| keys).map(|k| k.text(lang)).collect::<Vec<_>>().join(" ");
                state.dispatch(OneAction::Failed(message.into()));
                return;
            }
            let path = format!("/api/v1/staff/consultations/comments/{id}/moderation");
            let done = if action == ModerationAction::Publish { t.comment_published } else { t.hide_done };
            write(path, serde_json::to_value(&moderation).unwrap_or_default(), done, OneAction::PeriodInvalid);
        })
    };
    let on_group = {
        let (state, write, slug) = (state.clone(), write.clone(), slug.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let request = GroupRequest { comment_ids: state.selected.clone() };
            if let Err(errors) = request.validate() {
                state.dispatch(OneAction::GroupInvalid(errors));
                return;
            }
            let path = format!("/api/v1/staff/consultations/{}/groups", encode(&slug));
            write(path, serde_json::to_value(&request).unwrap_or_default(), t.grouped, OneAction::GroupInvalid);
        })
    };
    let on_response = {
        let (state, write) = (state.clone(), write.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some((id, request, _)) = state.response.clone() else { return };
            if let Err(errors) = request.validate() {
                state.dispatch(OneAction::ResponseInvalid(errors));
                return;
            }
            let path = format!("/api/v1/staff/consultations/comments/{id}/response");
            write(
                path,
                serde_json::to_value(&request).unwrap_or_default(),
                t.response_saved,
                OneAction::ResponseInvalid,
            );
        })
    };

    let article_options: Vec<(AttrValue, AttrValue)> = c
        .draft
        .articles
        .iter()
        .map(|a| (AttrValue::from(a.number.to_string()), AttrValue::from(format!("{} {}", a.label, a.title))))
        .collect();
    let actions: Vec<(AttrValue, AttrValue)> = [PeriodAction::Open, PeriodAction::Close, PeriodAction::Extend]
        .into_iter()
        .filter(|a| a.allowed_in(c.state))
        .map(|a| (AttrValue::from(a.as_str()), AttrValue::from(period_label(a, lang))))
        .collect();
    let article_name = |n: Option<u32>| match n.and_then(|n| c.draft.article(n)) {
        Some(a) => format!("{} {}", a.label, a.title),
        None => t.whole_draft.to_owned(),
    };
    let comment_row = |comment: &StaffComment| {
        let id = comment.id;
        let answering = state.response.as_ref().filter(|(rid, _, _)| *rid == id);
        html! {
            <li class="console-comment" id={format!("comment-{id}")}>
                <div class="tt-checkbox">
                    <input class="tt-checkbox-input" type="checkbox" id={format!("select-{id}")} form="group-form"
                        checked={state.selected.contains(&id)}
                        onchange={{ let state = state.clone(); Callback::from(move |e: Event| {
                            let on = e.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
                            state.dispatch(OneAction::Select(id, on));
                        }) }} />
                    <label class="tt-checkbox-label" for={format!("select-{id}")}>
                        <strong>{ article_name(comment.article) }</strong>{ " · " }{ comment.stance.label(lang) }{ " · " }
                        { comment_status(comment.status, lang) }{ " · " }<span translate="no">{ &comment.tracking_code }</span>
                        if let Some(group) = comment.group_id { { " · " }{ t.group }{ " " }{ group } }
                    </label>
                </div>
                <p class="tt-text" lang={text_lang(&comment.body)}>{ &comment.body }</p>
                if let Some(response) = &comment.response {
                    <p>{ t.response }{ ": " }<strong>{ response.outcome.label(lang) }</strong>{ " " }{ &response.explanation }</p>
                }
                <div class="console-actions">
                    if comment.status != domain::CommentStatus::Published {
                        <button type="button" class="tt-button tt-button--secondary" onclick={moderate(id, ModerationAction::Publish)}>
                            { t.publish_comment }<span class="tt-visually-hidden">{ " " }{ &comment.tracking_code }</span></button>
                    }
                    if comment.status != domain::CommentStatus::Hidden {
                        <button type="button" class="tt-button tt-button--secondary" onclick={moderate(id, ModerationAction::Hide)}>
                            { t.hide }<span class="tt-visually-hidden">{ " " }{ &comment.tracking_code }</span></button>
                    }
                    if comment.status == domain::CommentStatus::Published && answering.is_none() {
                        <button type="button" class="tt-button tt-button--secondary"
                            onclick={{ let state = state.clone(); Callback::from(move |_: MouseEvent| state.dispatch(OneAction::Respond(id))) }}>
                            { t.respond }<span class="tt-visually-hidden">{ " " }{ &comment.tracking_code }</span></button>
                    }
                </div>
                if let Some((_, request, errors)) = answering {
                    <ErrorSummary errors={errors.clone()} {lang} id="response-errors" level={3} />
                    <form class="tt-form" onsubmit={on_response.clone()} novalidate=true>
                        <Select id={field_id(Field::Outcome)} label={t.outcome} {lang} placeholder={t.outcome}
                            options={Outcome::ALL.iter().map(|o| (AttrValue::from(o.as_str()), AttrValue::from(o.label(lang)))).collect::<Vec<_>>()}
                            value={request.outcome.map(|o| AttrValue::from(o.as_str()))} errors={errors.get(Field::Outcome).to_vec()}
                            onchange={{ let state = state.clone(); Callback::from(move |v| state.dispatch(OneAction::Outcome(v))) }} />
                        <TextArea id={field_id(Field::Explanation)} label={t.explanation} {lang} rows={4}
                            value={request.explanation.clone()} errors={errors.get(Field::Explanation).to_vec()}
                            oninput={{ let state = state.clone(); Callback::from(move |v| state.dispatch(OneAction::Explanation(v))) }} />
                        <div><button type="submit" class="tt-button">{ t.save_response }</button></div>
                    </form>
                }
            </li>
        }
    };
    let report_url =
        format!("/api/v1/agencies/{}/consultations/{}/report.html", encode(&shell.me.agency), encode(&slug));
    html! {
        <div ref={base}>
            { back }{ title }
            if let Some(problem) = &state.problem { <Alert message={problem.clone()} /> }
            if let Some(done) = &state.done { <p id="consultation-done" class="console-done" tabindex="-1">{ done }</p> }
            <section class="console-section" aria-labelledby="consultation-heading">
                <h2 id="consultation-heading" lang={text_lang(&c.title)}>{ &c.title }</h2>
                <p>{ c.document_type.label(lang) }{ " · " }{ state_label(c.state, lang) }{ " · " }
                    { day_of(&c.opens_at, lang) }{ " – " }{ day_of(&c.closes_at, lang) }</p>
                <h3>{ t.counts_per_article }</h3>
                <div class="console-table-wrap" tabindex="0" role="region" aria-label={format!("{}: {}", t.table_word, t.counts_per_article)}>
                    <table class="console-table" id="article-counts">
                        <thead><tr>
                            <th scope="col">{ t.article }</th>
                            { for Stance::ALL.iter().map(|s| html! { <th scope="col">{ s.label(lang) }</th> }) }
                            <th scope="col">{ t.published }</th>
                        </tr></thead>
                        <tbody>
                            { for c.counts.iter().map(|n| html! {
                                <tr>
                                    <th scope="row">{ article_name(n.article) }</th>
                                    <td>{ n.agree }</td><td>{ n.disagree }</td><td>{ n.other }</td><td>{ n.published }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            </section>
            if !actions.is_empty() {
                <section class="console-section" aria-labelledby="period-title">
                    <h2 id="period-title">{ t.period_title }</h2>
                    <ErrorSummary errors={state.period_errors.clone()} {lang} id={PERIOD_SUMMARY} level={3} />
                    <form class="tt-form" onsubmit={on_period} novalidate=true>
                        <Select id="period-action" label={t.period_action} {lang} placeholder={t.period_action} options={actions}
                            value={state.period.map(|a| AttrValue::from(a.as_str()))}
                            onchange={{ let state = state.clone(); Callback::from(move |v| state.dispatch(OneAction::Period(v))) }} />
                        if state.period == Some(PeriodAction::Extend) {
                            <TextField id={field_id(Field::ClosesAt)} label={t.closes_at} hint={Some(AttrValue::from(t.instant_hint))} {lang}
                                kind="datetime-local" value={state.closes_at.clone()} autocomplete={Some(AttrValue::from("off"))}
                                errors={state.period_errors.get(Field::ClosesAt).to_vec()}
                                oninput={{ let state = state.clone(); Callback::from(move |v| state.dispatch(OneAction::ClosesAt(v))) }} />
                        }
                        <TextArea id={field_id(Field::PublicNote)} label={t.period_note} {lang} rows={3} value={state.note.clone()}
                            errors={state.period_errors.get(Field::PublicNote).to_vec()}
                            oninput={{ let state = state.clone(); Callback::from(move |v| state.dispatch(OneAction::Note(v))) }} />
                        <div><button type="submit" class="tt-button">{ t.change_period }</button></div>
                    </form>
                </section>
            }
            <section class="console-section" aria-labelledby="comments-title">
                <h2 id="comments-title">{ t.comments }</h2>
                <Select id="comments-article" label={t.article} {lang} placeholder={t.all_articles} options={article_options}
                    value={state.article.map(|a| AttrValue::from(a.to_string()))}
                    onchange={{ let state = state.clone(); Callback::from(move |v: String| state.dispatch(OneAction::Article(v.parse().ok()))) }} />
                <TextField id="comment-hide-reason" label={t.hide_reason} hint={Some(AttrValue::from(t.comment_hide_hint))} {lang}
                    value={state.hide_reason.clone()}
                    oninput={{ let state = state.clone(); Callback::from(move |v| state.dispatch(OneAction::HideReason(v))) }} />
                if let Some(page) = &state.comments {
                    <p>{ page.total }{ " " }{ t.comments_count }</p>
                    <ErrorSummary errors={state.group_errors.clone()} {lang} id="group-errors" level={3} />
                    <form id="group-form" class="console-actions" onsubmit={on_group} novalidate=true>
                        <p class="tt-hint" id={field_id(Field::CommentIds)} tabindex="-1">{ t.group_hint }</p>
                        <button type="submit" class="tt-button tt-button--secondary">{ t.group_selected }</button>
                    </form>
                    <ul class="console-comments">{ for page.comments.iter().map(comment_row) }</ul>
                }
            </section>
            <section class="console-section" aria-labelledby="report-title">
                <h2 id="report-title">{ t.report_title }</h2>
                if c.report_published_at.is_some() {
                    <p><a href={report_url} target="_blank" rel="noopener">{ t.print_report }</a></p>
                } else {
                    <button type="button" class="tt-button" onclick={on_report}>{ t.publish_report }</button>
                }
            </section>
        </div>
    }
}

fn period_label(action: PeriodAction, lang: domain::Lang) -> &'static str {
    match (action, lang) {
        (PeriodAction::Open, domain::Lang::Vi) => "Mở lấy ý kiến ngay",
        (PeriodAction::Open, domain::Lang::En) => "Open now",
        (PeriodAction::Close, domain::Lang::Vi) => "Đóng ngay",
        (PeriodAction::Close, domain::Lang::En) => "Close now",
        (PeriodAction::Extend, domain::Lang::Vi) => "Gia hạn",
        (PeriodAction::Extend, domain::Lang::En) => "Extend",
    }
}

fn comment_status(status: domain::CommentStatus, lang: domain::Lang) -> &'static str {
    use domain::CommentStatus::*;
    match (status, lang) {
        (Received, domain::Lang::Vi) => "chưa kiểm duyệt",
        (Received, domain::Lang::En) => "not moderated",
        (Published, domain::Lang::Vi) => "đã công khai",
        (Published, domain::Lang::En) => "published",
        (Hidden, domain::Lang::Vi) => "đã ẩn",
        (Hidden, domain::Lang::En) => "hidden",
    }
}
