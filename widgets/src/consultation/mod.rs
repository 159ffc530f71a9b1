//! `<tuongtac-consultation>`: a draft legal document open for public comment (Decree 42/2022 Art. 8.1.c).
//! A citizen reads the draft article by article, comments on an article or on the whole draft through an
//! ordinary button and form (never by selecting text), receives a tracking code and a PIN, reads the
//! published comments and, once the report is out, what the drafting body did with each; with code and PIN
//! they find their own comment and its outcome.
//!
//! A draft may have 200 articles: only open articles render their text, and each article is a component
//! whose props compare by pointer, so typing in a form re-renders that form, not the draft.

mod comments;
mod form;
mod i18n;
mod lookup;

use std::rc::Rc;

use domain::consultation::{ArticleCounts, ConsultationState, NewComment, PublicConsultation, Stance};
use domain::draft::{Article, HeadingLevel};
use domain::{Date, Lang};
use web_sys::HtmlElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::fetch_consultation;
use crate::registry::{self, Attributes, Widget};
use crate::ui::i18n::{date, day_of};
use crate::ui::{FocusRequest, use_focus_after_render};
use comments::PublishedComments;
use form::CommentForm;
use i18n::{
    Texts, closed_on, comment_count, comment_on, days_left, opens_on, report_expected, report_published, texts,
};
use lookup::OwnCommentLookup;

#[derive(Properties, PartialEq, Clone)]
pub struct ConsultationProps {
    /// The agency's slug (`agency` attribute).
    pub agency: AttrValue,
    pub lang: Lang,
    /// The server's origin (`api` attribute; the loader's own origin by default).
    pub api: AttrValue,
    /// The consultation's slug (`consultation` attribute).
    pub consultation: AttrValue,
    /// The custom element, on which `tuongtac-comment` and `tuongtac-lookup` are fired.
    pub host: HtmlElement,
}

impl Widget for Consultation {
    const ELEMENT: registry::CustomElement = include!("element.rs");

    fn props(attributes: &Attributes) -> ConsultationProps {
        ConsultationProps {
            agency: attributes.agency(),
            lang: attributes.lang(),
            api: attributes.api(),
            consultation: attributes.get("consultation").unwrap_or_default(),
            host: attributes.host(),
        }
    }
}

/// What a comment is about: an article by its number, or the draft as a whole (`None`).
pub type Target = Option<u32>;

/// Data shared by many components, compared by pointer: re-rendering the draft never compares its text.
pub struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// What every part of the widget needs to talk to the server and to the page.
#[derive(PartialEq)]
pub struct Context {
    pub api: AttrValue,
    pub agency: AttrValue,
    pub slug: AttrValue,
    pub lang: Lang,
    pub host: HtmlElement,
}

#[derive(Clone, PartialEq, Default)]
enum Loaded {
    #[default]
    Loading,
    Failed,
    Ready(Shared<PublicConsultation>),
}

#[derive(Clone, PartialEq, Default)]
struct ConsultationView {
    loaded: Loaded,
    /// The articles whose text is shown, by number. Vectors rather than ordered sets and maps: a citizen
    /// opens a few articles, and each `BTree` instance adds its code to every citizen's download.
    open: Vec<u32>,
    /// The target whose comment form is open; one at a time.
    form: Option<Target>,
    /// What was typed for a target whose form was closed unsent, kept to start from when it opens again.
    parked: Vec<(Target, NewComment)>,
    /// Who commented last (kind, name, email, consent), offered again so a second comment needs no retyping.
    commenter: NewComment,
    focus: FocusRequest,
}

enum Action {
    /// The page named another consultation: nothing of the last one is kept.
    Loading,
    Loaded(Option<PublicConsultation>),
    Toggle(u32),
    /// Opens an article and moves focus to its heading (from the contents or the own-comment lookup).
    Show(Target),
    OpenForm(Target),
    /// The form of a target closes; focus goes back to the button that opened it.
    CloseForm(Target),
    /// A form went away with what was typed (`sent`: after its comment was stored).
    Park { target: Target, draft: NewComment, sent: bool },
}

/// The id of an article's heading button, of the button that opens a target's form, of the general section.
fn toggle_id(article: u32) -> String {
    format!("tt-article-{article}-toggle")
}

fn opener_id(target: Target) -> String {
    match target {
        Some(article) => format!("tt-comment-{article}"),
        None => "tt-comment-general".to_owned(),
    }
}

const GENERAL_TITLE_ID: &str = "tt-general-title";

impl Reducible for ConsultationView {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Loading => return Rc::new(ConsultationView::default()),
            Action::Loaded(found) => {
                next.loaded = found.map_or(Loaded::Failed, |c| Loaded::Ready(Shared(Rc::new(c))));
            }
            Action::Toggle(article) => {
                if let Some(i) = next.open.iter().position(|&open| open == article) {
                    next.open.swap_remove(i);
                    if next.form == Some(Some(article)) {
                        // Collapsing an article closes its form; what was typed stays parked for later.
                        next.form = None;
                    }
                } else {
                    next.open.push(article);
                }
            }
            Action::Show(target) => {
                match target {
                    Some(article) => {
                        next.open_article(article);
                        next.focus.to(toggle_id(article));
                    }
                    None => next.focus.to(GENERAL_TITLE_ID),
                }
            }
            Action::OpenForm(target) => {
                if let Some(article) = target {
                    next.open_article(article);
                }
                next.form = Some(target);
            }
            Action::CloseForm(target) => {
                if next.form == Some(target) {
                    next.form = None;
                }
                next.focus.to(opener_id(target));
            }
            Action::Park { target, draft, sent } => {
                next.commenter = draft.clone();
                next.parked.retain(|(parked, _)| *parked != target);
                if !sent {
                    next.parked.push((target, draft));
                }
            }
        }
        next.into()
    }
}

impl ConsultationView {
    fn open_article(&mut self, article: u32) {
        if !self.open.contains(&article) {
            self.open.push(article);
        }
    }

    /// Where the form of `target` starts: what was typed before, or a blank comment by the last commenter.
    fn form_start(&self, target: Target) -> NewComment {
        self.parked.iter().find(|(parked, _)| *parked == target).map(|(_, draft)| draft.clone()).unwrap_or_else(|| NewComment {
            article: target,
            commenter: self.commenter.commenter,
            name: self.commenter.name.clone(),
            publish_name: self.commenter.publish_name,
            email: self.commenter.email.clone(),
            consent: self.commenter.consent,
            ..NewComment::default()
        })
    }
}

#[component]
pub fn Consultation(props: &ConsultationProps) -> Html {
    let state = use_reducer(ConsultationView::default);
    let lang = props.lang;
    let t = texts(lang);
    let base_ref = use_focus_after_render(state.focus.clone());

    {
        let dispatcher = state.dispatcher();
        use_effect_with((props.api.clone(), props.agency.clone(), props.consultation.clone()), move |key| {
            let (api, agency, slug) = key.clone();
            dispatcher.dispatch(Action::Loading);
            spawn_local(async move {
                dispatcher.dispatch(Action::Loaded(fetch_consultation(&api, &agency, &slug).await));
            });
        });
    }
    let context = use_memo(
        (props.api.clone(), props.agency.clone(), props.consultation.clone(), lang, props.host.clone()),
        |(api, agency, slug, lang, host)| Context {
            api: api.clone(),
            agency: agency.clone(),
            slug: slug.clone(),
            lang: *lang,
            host: host.clone(),
        },
    );

    let body = match &state.loaded {
        Loaded::Loading => html! { <p class="tt-hint">{ t.loading }</p> },
        Loaded::Failed => html! { <p class="tt-alert" part="error">{ t.load_failed }</p> },
        Loaded::Ready(consultation) => {
            let dispatcher = state.dispatcher();
            let show = Callback::from(move |target: Target| dispatcher.dispatch(Action::Show(target)));
            html! {
                <>
                    { facts(consultation, &context) }
                    { contents(consultation, lang, &state.dispatcher()) }
                    { draft(consultation, &state, &context) }
                    { general(consultation, &state, &context) }
                    <OwnCommentLookup context={context.clone()} onshow={show} />
                </>
            }
        }
    };
    html! {
        <div part="base" class="tt tt-consultation" lang={lang.as_str()} ref={base_ref}>
            { body }
        </div>
    }
}

/// Whether comments may be sent now.
fn accepting(consultation: &PublicConsultation) -> bool {
    consultation.state == ConsultationState::Open
}

fn report_is_out(consultation: &PublicConsultation) -> bool {
    consultation.state == ConsultationState::ReportPublished
}

/// Days from today in Vietnam to the day of `instant` in Vietnam.
fn days_until(instant: &str) -> Option<i64> {
    let now = String::from(js_sys::Date::new_0().to_iso_string());
    let today = Date::in_vietnam_at(&now)?;
    Some(Date::in_vietnam_at(instant)?.days_since_epoch() - today.days_since_epoch())
}

/// Where the consultation stands, in words.
fn standing(consultation: &PublicConsultation, lang: Lang) -> String {
    match consultation.state {
        ConsultationState::Upcoming => opens_on(&day_of(&consultation.opens_at, lang), lang),
        ConsultationState::Open => days_left(days_until(&consultation.closes_at).unwrap_or(0), lang),
        ConsultationState::Closed => closed_on(&day_of(&consultation.closes_at, lang), lang),
        ConsultationState::ReportPublished => {
            let at = consultation.report_published_at.as_deref().unwrap_or(&consultation.closes_at);
            report_published(&day_of(at, lang), lang)
        }
    }
}

/// The title, what kind of document it is and who drafts it, the period, the summary, notices, attachments
/// and, once published, the report.
fn facts(consultation: &PublicConsultation, context: &Context) -> Html {
    let lang = context.lang;
    let t = texts(lang);
    let row = |term: &'static str, value: Html| html! {
        <div class="tt-meta-row"><dt>{ term }</dt><dd>{ value }</dd></div>
    };
    let period = format!("{} – {}", day_of(&consultation.opens_at, lang), day_of(&consultation.closes_at, lang));
    html! {
        <section class="tt-consultation-intro" aria-labelledby="tt-consultation-title">
            <h2 id="tt-consultation-title" lang="vi">{ &consultation.title }</h2>
            <dl class="tt-meta">
                { row(t.document_type, html! { consultation.document_type.label(lang) }) }
                { row(t.drafting_unit, html! { <span lang="vi">{ &consultation.drafting_unit }</span> }) }
                { row(t.period, html! { period }) }
                { row(t.status, html! { <strong part="status">{ standing(consultation, lang) }</strong> }) }
            </dl>
            if consultation.state == ConsultationState::Closed {
                if let Some(by) = &consultation.report_expected_by {
                    <p class="tt-period-note" part="notice">{ report_expected(&date(by, lang), lang) }</p>
                }
            }
            if report_is_out(consultation) {
                { report_links(context, t) }
            }
            <p class="tt-text" lang="vi">{ &consultation.summary }</p>
            if let Some(note) = t.draft_language {
                <p class="tt-hint">{ note }</p>
            }
            if !consultation.notes.is_empty() {
                <section aria-labelledby="tt-notes-title">
                    <h3 id="tt-notes-title">{ t.notes_title }</h3>
                    <ul class="tt-links">
                        { for consultation.notes.iter().map(|note| html! {
                            <li><time datetime={note.at.clone()}>{ day_of(&note.at, lang) }</time>{ ": " }
                                <span lang="vi">{ &note.text }</span></li>
                        }) }
                    </ul>
                </section>
            }
            if !consultation.attachments.is_empty() {
                <section aria-labelledby="tt-attachments-title">
                    <h3 id="tt-attachments-title">{ t.attachments_title }</h3>
                    <ul class="tt-links">
                        { for consultation.attachments.iter().map(|a| html! {
                            <li><a href={a.url.clone()} part="link" lang="vi">{ &a.title }</a></li>
                        }) }
                    </ul>
                </section>
            }
        </section>
    }
}

/// The links to the published report, printable and as open data.
fn report_links(context: &Context, t: &Texts) -> Html {
    let base = format!("{}/api/v1/agencies/{}/consultations/{}/report", context.api, context.agency, context.slug);
    html! {
        <ul class="tt-links">
            <li><a href={format!("{base}.html")} part="link">{ t.report_html }</a></li>
            <li><a href={format!("{base}.csv")} part="link">{ t.report_csv }</a></li>
        </ul>
    }
}

/// The table of contents: the draft's parts, chapters and sections, and a link per article that opens it
/// and moves focus to it.
fn contents(consultation: &PublicConsultation, lang: Lang, dispatcher: &UseReducerDispatcher<ConsultationView>) -> Html {
    let t = texts(lang);
    let draft = &consultation.draft;
    let mut items = Vec::with_capacity(draft.articles.len() + draft.headings.len());
    let mut in_section = false;
    for (index, article) in draft.articles.iter().enumerate() {
        for heading in draft.headings.iter().filter(|h| h.first_article as usize == index) {
            in_section = heading.level == HeadingLevel::Section;
            let class = classes!("tt-toc-heading", in_section.then_some("tt-toc-heading--section"));
            items.push(html! { <li {class}>{ &heading.label }{ ". " }{ &heading.title }</li> });
        }
        let number = article.number;
        let dispatcher = dispatcher.clone();
        let onclick = Callback::from(move |e: MouseEvent| {
            // The link would change the page's address; the widget opens the article instead.
            e.prevent_default();
            dispatcher.dispatch(Action::Show(Some(number)));
        });
        let class = classes!("tt-toc-article", in_section.then_some("tt-toc-article--deep"));
        items.push(html! {
            <li {class}><a href={format!("#tt-article-{number}")} {onclick}>{ article_title(article) }</a></li>
        });
    }
    html! {
        <nav class="tt-contents" aria-labelledby="tt-toc-title">
            <h3 id="tt-toc-title">{ t.toc_title }</h3>
            <ul class="tt-toc" lang="vi">{ for items }</ul>
        </nav>
    }
}

fn article_title(article: &Article) -> String {
    if article.title.is_empty() { article.label.clone() } else { format!("{}. {}", article.label, article.title) }
}

/// The draft: its preamble, its headings and each article as a component of its own.
fn draft(consultation: &Shared<PublicConsultation>, state: &UseReducerHandle<ConsultationView>, context: &Rc<Context>) -> Html {
    let t = texts(context.lang);
    let draft = &consultation.draft;
    let has_parts = draft.headings.iter().any(|h| h.level == HeadingLevel::Part);
    let has_chapters = draft.headings.iter().any(|h| h.level == HeadingLevel::Chapter);
    // Heading levels follow the draft's own depth, so that none is skipped: the section is an h3.
    let level_of = |level: HeadingLevel| -> u8 {
        match level {
            HeadingLevel::Part => 4,
            HeadingLevel::Chapter => 4 + u8::from(has_parts),
            HeadingLevel::Section => 4 + u8::from(has_parts) + u8::from(has_chapters),
        }
    };
    let mut items = Vec::with_capacity(draft.articles.len() + draft.headings.len());
    let mut article_level = 4;
    for (index, article) in draft.articles.iter().enumerate() {
        for heading in draft.headings.iter().filter(|h| h.first_article as usize == index) {
            let level = level_of(heading.level).min(6);
            article_level = (level + 1).min(6);
            let tag = format!("h{level}");
            items.push(html! {
                <@{tag} class="tt-draft-heading">
                    { &heading.label }<span class="tt-draft-heading-title">{ &heading.title }</span>
                </@>
            });
        }
        let number = article.number;
        let form = (state.form == Some(Some(number))).then(|| state.form_start(Some(number)));
        items.push(html! {
            <ArticleView key={number} consultation={consultation.clone()} {index} level={article_level}
                open={state.open.contains(&number)} {form} counts={counts_of(consultation, Some(number))}
                context={context.clone()} dispatcher={state.dispatcher()} />
        });
    }
    html! {
        <section class="tt-draft" aria-labelledby="tt-draft-title">
            <h3 id="tt-draft-title">{ t.draft_title }</h3>
            <p class="tt-hint">{ t.draft_hint }</p>
            { for draft.preamble.iter().map(|line| html! { <p class="tt-text" lang="vi">{ line }</p> }) }
            { for items }
        </section>
    }
}

fn counts_of(consultation: &PublicConsultation, target: Target) -> ArticleCounts {
    consultation.counts.iter().find(|c| c.article == target).cloned().unwrap_or(ArticleCounts {
        article: target,
        agree: 0,
        disagree: 0,
        other: 0,
        published: 0,
    })
}

fn total(counts: &ArticleCounts) -> u32 {
    counts.agree + counts.disagree + counts.other
}

/// The counts by stance, as a list a screen reader reads as words and numbers.
fn stance_counts(counts: &ArticleCounts, lang: Lang) -> Html {
    let t = texts(lang);
    if total(counts) == 0 {
        return html! { <p class="tt-hint">{ t.no_comments }</p> };
    }
    let item = |stance: Stance, n: u32| html! { <li>{ stance.label(lang) }{ ": " }<strong>{ n }</strong></li> };
    html! {
        <ul class="tt-counts">
            { item(Stance::Agree, counts.agree) }{ item(Stance::Disagree, counts.disagree) }
            { item(Stance::Other, counts.other) }
        </ul>
    }
}

#[derive(Properties, PartialEq)]
struct ArticleProps {
    consultation: Shared<PublicConsultation>,
    index: usize,
    level: u8,
    open: bool,
    /// Where the form starts, when this article's form is open.
    form: Option<NewComment>,
    counts: ArticleCounts,
    context: Rc<Context>,
    dispatcher: UseReducerDispatcher<ConsultationView>,
}

/// One article: its heading is a disclosure button; open, it shows its text, its counts, its comment button
/// or form, and its published comments.
#[component]
fn ArticleView(props: &ArticleProps) -> Html {
    let consultation = &props.consultation;
    let article = &consultation.draft.articles[props.index];
    let (number, lang) = (article.number, props.context.lang);
    let toggle = {
        let dispatcher = props.dispatcher.clone();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::Toggle(number)))
    };
    let body_id = format!("tt-article-{number}-body");
    let heading = format!("h{}", props.level);
    let count = total(&props.counts);
    html! {
        <section class="tt-article" id={format!("tt-article-{number}")} part="article">
            <@{heading}>
                <button type="button" class="tt-article-toggle" id={toggle_id(number)} lang="vi" onclick={toggle}
                    aria-expanded={if props.open { "true" } else { "false" }}
                    aria-controls={props.open.then(|| body_id.clone())}>
                    { article_title(article) }
                </button>
            </@>
            if !props.open && count > 0 {
                <p class="tt-article-count">{ comment_count(count, lang) }</p>
            }
            if props.open {
                <div class="tt-article-body" id={body_id}>
                    <div class="tt-article-text" lang="vi">
                        { for article.text.iter().map(|line| html! { <p class="tt-text">{ line }</p> }) }
                        if !article.clauses.is_empty() {
                            <ol class="tt-clauses">
                                { for article.clauses.iter().map(|clause| html! {
                                    <li class="tt-text">{ clause.number }{ ". " }{ &clause.text }
                                        if !clause.points.is_empty() {
                                            <ol class="tt-points">
                                                { for clause.points.iter().map(|point| html! {
                                                    <li>{ &point.letter }{ ") " }{ &point.text }</li>
                                                }) }
                                            </ol>
                                        }
                                    </li>
                                }) }
                            </ol>
                        }
                    </div>
                    { stance_counts(&props.counts, lang) }
                    { comment_action(consultation, Some(number), props.form.clone(), &props.context, &props.dispatcher,
                        (props.level + 1).min(6)) }
                    <PublishedComments context={props.context.clone()} target={Some(number)}
                        published={props.counts.published} report={report_is_out(consultation)} />
                </div>
            }
        </section>
    }
}

/// The button that opens a target's form, or the form itself; nothing once comments are no longer taken
/// (then the period facts say why and when the report is expected).
fn comment_action(
    consultation: &Shared<PublicConsultation>,
    target: Target,
    form: Option<NewComment>,
    context: &Rc<Context>,
    dispatcher: &UseReducerDispatcher<ConsultationView>,
    level: u8,
) -> Html {
    let t = texts(context.lang);
    if !accepting(consultation) {
        return html! {};
    }
    if let Some(start) = form {
        let closing = dispatcher.clone();
        let onclose = Callback::from(move |target: Target| closing.dispatch(Action::CloseForm(target)));
        let parking = dispatcher.clone();
        let onpark = Callback::from(move |(draft, sent): (NewComment, bool)| {
            parking.dispatch(Action::Park { target, draft, sent });
        });
        return html! {
            <CommentForm consultation={consultation.clone()} {target} {level} {start} context={context.clone()} {onclose}
                {onpark} />
        };
    }
    let dispatcher = dispatcher.clone();
    let onclick = Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::OpenForm(target)));
    let label = match target {
        Some(article) => comment_on(article, context.lang),
        None => t.general_button.to_owned(),
    };
    html! {
        <button type="button" class="tt-button" part="button" id={opener_id(target)} {onclick}>{ label }</button>
    }
}

/// Comments on the draft as a whole, and the report's links once it is out.
fn general(consultation: &Shared<PublicConsultation>, state: &UseReducerHandle<ConsultationView>, context: &Rc<Context>) -> Html {
    let t = texts(context.lang);
    let counts = counts_of(consultation, None);
    let form = (state.form == Some(None)).then(|| state.form_start(None));
    html! {
        <section class="tt-general" aria-labelledby={GENERAL_TITLE_ID}>
            <h3 id={GENERAL_TITLE_ID} tabindex="-1">{ t.general_title }</h3>
            { stance_counts(&counts, context.lang) }
            { comment_action(consultation, None, form, context, &state.dispatcher(), 4) }
            <PublishedComments context={context.clone()} target={Target::None} published={counts.published}
                report={report_is_out(consultation)} />
        </section>
    }
}
