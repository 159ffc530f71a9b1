//! The queue: the agency's questions, most urgent (earliest due) first, with filters and a search; overdue
//! ones are marked in words, not only colour. The arrow keys move through the list.

use std::rc::Rc;

use domain::staff::{Queue, QueueEntry, QueueParams, QueueSort, Unit};
use domain::{AgencyPublic, QuestionStatus};
use wasm_bindgen::JsCast;
use yew::platform::spawn_local;
use yew::prelude::*;

use super::api::{self, Reply, encode};
use super::i18n::{channel, texts};
use super::{Link, Route, Shell, TITLE_ID, say};
use crate::ui::i18n::date;
use crate::ui::{Alert, Checkbox, Select, TextField};

const PER_PAGE: u32 = 50;
/// The queue's one order besides the default (earliest due first), as the API and the address name it.
const SAME_QUESTION: &str = "same_question";

#[derive(Properties, PartialEq)]
pub struct QueueScreenProps {
    pub shell: Shell,
}

#[derive(Clone, PartialEq, Default)]
struct QueueState {
    /// The filters as typed; `applied` is what the list shows.
    filters: QueueParams,
    applied: QueueParams,
    queue: Option<Rc<Queue>>,
    loading: bool,
    problem: Option<AttrValue>,
    agency: Option<Rc<AgencyPublic>>,
    units: Rc<Vec<Unit>>,
}

enum Action {
    Status(String),
    Topic(String),
    Unit(String),
    Overdue(bool),
    Search(String),
    Sort(String),
    /// Shows the list for the filters as typed, from page `u32`.
    Apply(u32),
    /// Shows the questions of one status (a count was chosen).
    PickStatus(QuestionStatus),
    Loaded(Queue),
    Failed(AttrValue),
    Agency(AgencyPublic),
    Units(Vec<Unit>),
}

impl Reducible for QueueState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        let some = |value: String| (!value.trim().is_empty()).then(|| value.trim().to_owned());
        match action {
            Action::Status(value) => next.filters.status = QuestionStatus::parse(&value),
            Action::Topic(value) => next.filters.topic = some(value),
            Action::Unit(value) => next.filters.unit = some(value),
            Action::Overdue(on) => next.filters.overdue = on.then_some(true),
            Action::Search(value) => next.filters.q = Some(value),
            Action::Sort(value) => next.filters.sort = sort(&value),
            Action::Apply(page) => {
                next.applied = QueueParams { page: Some(page), ..next.filters.clone() };
                next.applied.q = next.applied.q.as_deref().and_then(|q| some(q.to_owned()));
                next.loading = true;
            }
            Action::PickStatus(status) => {
                next.filters.status = Some(status);
                next.applied = QueueParams { page: Some(1), ..next.filters.clone() };
                next.applied.q = next.applied.q.as_deref().and_then(|q| some(q.to_owned()));
                next.loading = true;
            }
            Action::Loaded(queue) => {
                next.queue = Some(Rc::new(queue));
                next.loading = false;
                next.problem = None;
            }
            Action::Failed(problem) => {
                next.loading = false;
                next.problem = Some(problem);
            }
            Action::Agency(agency) => next.agency = Some(Rc::new(agency)),
            Action::Units(units) => next.units = Rc::new(units),
        }
        Rc::new(next)
    }
}

fn query(params: &QueueParams) -> String {
    let mut parts = vec![format!("per_page={PER_PAGE}"), format!("page={}", params.page.unwrap_or(1))];
    parts.extend(filter_parts(params));
    parts.join("&")
}

/// The queue's own address for the list shown (`/staff/?status=…&page=2`), so that a reload, a shared link
/// or the back button from a question shows the same list.
fn address(params: &QueueParams) -> String {
    let mut parts = filter_parts(params);
    if let Some(page) = params.page.filter(|page| *page > 1) {
        parts.push(format!("page={page}"));
    }
    if parts.is_empty() {
        format!("{}/", super::route::BASE)
    } else {
        format!("{}/?{}", super::route::BASE, parts.join("&"))
    }
}

/// The list the queue's address asks for; what it does not say (or says wrongly) is left unfiltered.
fn from_address() -> QueueParams {
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    let Ok(found) = web_sys::UrlSearchParams::new_with_str(&search) else { return QueueParams::default() };
    let text = |key: &str| found.get(key).map(|value| value.trim().to_owned()).filter(|value| !value.is_empty());
    QueueParams {
        status: text("status").and_then(|value| QuestionStatus::parse(&value)),
        topic: text("topic"),
        unit: text("unit"),
        overdue: (found.get("overdue").as_deref() == Some("true")).then_some(true),
        q: text("q"),
        sort: found.get("sort").and_then(|value| sort(&value)),
        page: text("page")
            .and_then(|page| page.parse().ok())
            .filter(|page| (1..=domain::question::PAGE_MAX).contains(page)),
        ..QueueParams::default()
    }
}

/// The order a select's value or the address names; the default (earliest due first) is `None`.
fn sort(value: &str) -> Option<QueueSort> {
    (value == SAME_QUESTION).then_some(QueueSort::SameQuestion)
}

fn filter_parts(params: &QueueParams) -> Vec<String> {
    let mut parts = Vec::new();
    if let Some(status) = params.status {
        parts.push(format!("status={}", status.as_str()));
    }
    for (key, value) in [("topic", &params.topic), ("unit", &params.unit), ("q", &params.q)] {
        if let Some(value) = value {
            parts.push(format!("{key}={}", encode(value)));
        }
    }
    if params.overdue == Some(true) {
        parts.push("overdue=true".into());
    }
    if params.sort == Some(QueueSort::SameQuestion) {
        parts.push(format!("sort={SAME_QUESTION}"));
    }
    parts
}

#[component]
pub fn QueueScreen(props: &QueueScreenProps) -> Html {
    let state = use_reducer(|| {
        let asked = from_address();
        QueueState {
            applied: QueueParams { page: Some(asked.page.unwrap_or(1)), ..asked.clone() },
            filters: QueueParams { page: None, ..asked },
            ..Default::default()
        }
    });
    let shell = props.shell.clone();
    let lang = shell.lang;
    let t = texts(lang);

    // The agency's topics and units, for the filters, once.
    {
        let (state, shell) = (state.clone(), shell.clone());
        use_effect_with((), move |_| {
            spawn_local(async move {
                let agency = encode(&shell.me.agency);
                if let Reply::Ok(agency) = api::get::<AgencyPublic>(&format!("/api/v1/agencies/{agency}")).await {
                    state.dispatch(Action::Agency(agency));
                }
                if let Reply::Ok(units) = api::get::<Vec<Unit>>("/api/v1/staff/units").await {
                    state.dispatch(Action::Units(units));
                }
            });
        });
    }
    // The list, whenever the applied filters change.
    {
        let (state, shell) = (state.clone(), shell.clone());
        use_effect_with(state.applied.clone(), move |applied| {
            super::route::show_queue(&address(applied));
            let path = format!("/api/v1/staff/questions?{}", query(applied));
            spawn_local(async move {
                let reply = api::get::<Queue>(&path).await;
                match reply {
                    Reply::Ok(queue) => {
                        say(&count_text(queue.items.len(), shell.lang), shell.lang);
                        state.dispatch(Action::Loaded(queue));
                    }
                    other => {
                        if let Some(problem) = shell.trouble(&other) {
                            state.dispatch(Action::Failed(problem));
                        }
                    }
                }
            });
        });
    }

    let onsubmit = {
        let state = state.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            state.dispatch(Action::Apply(1));
        })
    };
    let edit = |make: fn(String) -> Action| {
        let state = state.clone();
        Callback::from(move |value: String| state.dispatch(make(value)))
    };
    let statuses: Vec<(AttrValue, AttrValue)> =
        QuestionStatus::ALL.iter().map(|s| (s.as_str().into(), s.label(lang).into())).collect();
    let topics: Vec<(AttrValue, AttrValue)> = state
        .agency
        .iter()
        .flat_map(|a| a.topics.iter().map(|topic| (topic.slug.clone().into(), topic.name(lang).to_owned().into())))
        .collect();
    let units: Vec<(AttrValue, AttrValue)> =
        state.units.iter().map(|u| (u.slug.clone().into(), u.name.clone().into())).collect();
    let f = &state.filters;

    // Up and down move between the rows' links, so the list reads like a list by keyboard too.
    let onkeydown = Callback::from(|e: KeyboardEvent| {
        let step: i32 = match e.key().as_str() {
            "ArrowDown" => 1,
            "ArrowUp" => -1,
            _ => return,
        };
        let Some(current) = e.target_dyn_into::<web_sys::Element>() else { return };
        let Some(index) = current.id().strip_prefix("queue-row-").and_then(|i| i.parse::<i32>().ok()) else {
            return;
        };
        let target = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&format!("queue-row-{}", index + step)))
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(target) = target {
            e.prevent_default();
            let _ = target.focus();
        }
    });

    let page = state.applied.page.unwrap_or(1);
    let pager = |label: &'static str, to: u32| {
        let state = state.clone();
        html! {
            <button type="button" class="tt-button tt-button--secondary"
                onclick={Callback::from(move |_: MouseEvent| state.dispatch(Action::Apply(to)))}>{ label }</button>
        }
    };
    html! {
        <>
            <h1 id={TITLE_ID} tabindex="-1">{ t.queue_title }</h1>
            <form class="console-filters" {onsubmit} role="search" aria-label={t.filters}>
                <Select id="filter-status" label={t.status} {lang} placeholder={t.any} options={statuses}
                    value={f.status.map(|s| AttrValue::from(s.as_str()))} onchange={edit(Action::Status)} />
                <Select id="filter-topic" label={t.topic} {lang} placeholder={t.any} options={topics}
                    value={f.topic.clone().map(AttrValue::from)} onchange={edit(Action::Topic)} />
                <Select id="filter-unit" label={t.unit} {lang} placeholder={t.any} options={units}
                    value={f.unit.clone().map(AttrValue::from)} onchange={edit(Action::Unit)} />
                <TextField id="filter-q" label={t.search} hint={Some(AttrValue::from(t.search_hint))} {lang}
                    kind="search" value={f.q.clone().unwrap_or_default()} oninput={edit(Action::Search)} />
                <Select id="filter-sort" label={t.sort} {lang} placeholder={t.sort_due}
                    options={vec![(AttrValue::from(SAME_QUESTION), AttrValue::from(t.sort_same_question))]}
                    value={(f.sort == Some(QueueSort::SameQuestion)).then_some(AttrValue::from(SAME_QUESTION))}
                    onchange={edit(Action::Sort)} />
                <Checkbox id="filter-overdue" label={t.overdue_only} {lang} checked={f.overdue == Some(true)}
                    onchange={{ let state = state.clone(); Callback::from(move |on| state.dispatch(Action::Overdue(on))) }} />
                <div><button type="submit" class="tt-button">{ t.apply }</button></div>
            </form>
            <section aria-labelledby="queue-results" class="console-section">
                <h2 id="queue-results">{ t.results }</h2>
                if let Some(problem) = &state.problem {
                    <Alert message={problem.clone()} />
                }
                if state.loading && state.queue.is_none() {
                    <p>{ t.loading }</p>
                }
                if let Some(queue) = &state.queue {
                    if !queue.counts.is_empty() {
                        <h3 id="queue-counts">{ t.counts }</h3>
                        <ul class="console-counts" aria-labelledby="queue-counts">
                            { for queue.counts.iter().map(|c| {
                                let state = state.clone();
                                let status = c.status;
                                let current = state.applied.status == Some(status);
                                html! {
                                    <li><button type="button" class="tt-button tt-button--secondary"
                                        aria-pressed={if current { "true" } else { "false" }}
                                        onclick={Callback::from(move |_: MouseEvent| state.dispatch(Action::PickStatus(status)))}>
                                        // One flex item, or the space after the colon would collapse.
                                        <span>{ status.label(lang) }{ ": " }<strong>{ c.count }</strong></span>
                                    </button></li>
                                }
                            }) }
                        </ul>
                    }
                    if queue.items.is_empty() {
                        <p>{ t.empty_queue }</p>
                        // An old or shared address can name a page past the end.
                        if page > 1 { <div class="console-pager">{ pager(t.first_page, 1) }</div> }
                    } else {
                        <p class="tt-hint">{ count_text(queue.items.len(), lang) }{ " " }{ t.keyboard_hint }</p>
                        <div class="console-table-wrap" tabindex="0" role="region" aria-label={format!("{}: {}", t.table_word, t.results)}>
                            <table class="console-table">
                                <thead><tr>
                                    <th scope="col">{ t.code }</th>
                                    <th scope="col">{ t.title }</th>
                                    <th scope="col">{ t.status }</th>
                                    <th scope="col">{ t.due }</th>
                                    <th scope="col">{ t.topic }</th>
                                    <th scope="col">{ t.unit }</th>
                                    <th scope="col">{ t.channel }</th>
                                </tr></thead>
                                <tbody {onkeydown}>
                                    { for queue.items.iter().enumerate().map(|(i, entry)| row(i, entry, &shell)) }
                                </tbody>
                            </table>
                        </div>
                        <div class="console-pager">
                            if page > 1 { { pager(t.previous_page, page - 1) } }
                            if queue.items.len() as u32 == PER_PAGE { { pager(t.next_page, page + 1) } }
                        </div>
                    }
                }
            </section>
        </>
    }
}

fn row(index: usize, entry: &QueueEntry, shell: &Shell) -> Html {
    let lang = shell.lang;
    let t = texts(lang);
    let route = Route::Question(entry.tracking_code.clone());
    html! {
        <tr class={classes!(entry.overdue.then_some("console-overdue"))}>
            <td><Link {route} navigate={shell.navigate.clone()} id={Some(AttrValue::from(format!("queue-row-{index}")))}>
                <span class="tt-code-inline" translate="no">{ &entry.tracking_code }</span>
            </Link></td>
            <td>
                { &entry.title }
                // Citizens who said, in the archive, that they have the same question: worth answering first.
                if entry.same_question_count > 0 {
                    { " " }<span class="console-tag">{ format!("{} {}", entry.same_question_count, t.same_question) }</span>
                }
            </td>
            <td>
                { entry.status.label(lang) }
                if entry.published { <span class="console-tag">{ t.published }</span> }
                if entry.hidden { <span class="console-tag">{ t.hidden }</span> }
            </td>
            <td>
                <time datetime={entry.due_date.clone()}>{ date(&entry.due_date, lang) }</time>
                if entry.overdue { <strong class="console-tag console-tag--overdue">{ t.overdue }</strong> }
            </td>
            <td>{ entry.topic.clone().unwrap_or_default() }</td>
            <td>{ entry.unit.clone().unwrap_or_default() }</td>
            <td>{ channel(entry.channel, lang) }</td>
        </tr>
    }
}

fn count_text(n: usize, lang: domain::Lang) -> String {
    match lang {
        domain::Lang::Vi => format!("{n} câu hỏi."),
        domain::Lang::En if n == 1 => "1 question.".to_owned(),
        domain::Lang::En => format!("{n} questions."),
    }
}
