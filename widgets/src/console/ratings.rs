//! Ratings (officer and up): the published results per criterion for the agency or one page over a period,
//! as a table; the ratings themselves, newest first, filtered to low scores or comments; a moderator
//! publishes or withdraws a comment; the list as CSV.

use std::rc::Rc;

use domain::rating::{Criterion, Period, RatingSummary};
use domain::staff::{PublicationRequest, RatingEntry, RatingTrend};
use domain::{Lang, Role};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::api::{self, Reply, encode};
use super::i18n::texts;
use super::{Shell, TITLE_ID, say};
use crate::ui::i18n::day_of;
use crate::ui::{ALERT_ID, Alert, Checkbox, FocusRequest, Select, TextField, use_focus_after_render};

#[derive(Properties, PartialEq)]
pub struct RatingsScreenProps {
    pub shell: Shell,
}

/// The filters as typed; `applied` is what the screen shows.
#[derive(Clone, PartialEq, Default)]
struct Filters {
    period: Period,
    page: String,
    low_only: bool,
    with_comment: bool,
}

#[derive(Clone, PartialEq, Default)]
struct RatingsState {
    filters: Filters,
    applied: Filters,
    /// Bumped to read everything again after a publication.
    version: u32,
    summary: Option<Rc<RatingSummary>>,
    entries: Option<Rc<Vec<RatingEntry>>>,
    trend: Option<Rc<RatingTrend>>,
    problem: Option<AttrValue>,
    done: Option<AttrValue>,
    focus: FocusRequest,
}

enum Action {
    Period(String),
    Page(String),
    LowOnly(bool),
    WithComment(bool),
    Apply,
    Summary(Option<RatingSummary>),
    Entries(Vec<RatingEntry>),
    Trend(RatingTrend),
    Failed(AttrValue),
    Published(AttrValue),
}

impl Reducible for RatingsState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Period(value) => {
                next.filters.period = Period::ALL.into_iter().find(|p| p.as_str() == value).unwrap_or_default()
            }
            Action::Page(value) => next.filters.page = value,
            Action::LowOnly(on) => next.filters.low_only = on,
            Action::WithComment(on) => next.filters.with_comment = on,
            Action::Apply => next.applied = next.filters.clone(),
            Action::Summary(summary) => next.summary = summary.map(Rc::new),
            Action::Entries(entries) => next.entries = Some(Rc::new(entries)),
            Action::Trend(trend) => next.trend = Some(Rc::new(trend)),
            Action::Failed(problem) => {
                next.problem = Some(problem);
                next.focus.to(ALERT_ID);
            }
            Action::Published(message) => {
                next.done = Some(message);
                next.version += 1;
            }
        }
        Rc::new(next)
    }
}

fn criterion(criterion: Criterion, lang: Lang) -> &'static str {
    match (criterion, lang) {
        (Criterion::Interface, Lang::Vi) => "Giao diện",
        (Criterion::Interface, Lang::En) => "Interface",
        (Criterion::Content, Lang::Vi) => "Nội dung",
        (Criterion::Content, Lang::En) => "Content",
        (Criterion::Quality, Lang::Vi) => "Chất lượng",
        (Criterion::Quality, Lang::En) => "Quality",
        (Criterion::Support, Lang::Vi) => "Sự hỗ trợ",
        (Criterion::Support, Lang::En) => "Support",
    }
}

fn period_label(period: Period, lang: Lang) -> &'static str {
    match (period, lang) {
        (Period::Days30, Lang::Vi) => "30 ngày qua",
        (Period::Days30, Lang::En) => "Last 30 days",
        (Period::Days90, Lang::Vi) => "90 ngày qua",
        (Period::Days90, Lang::En) => "Last 90 days",
        (Period::Days365, Lang::Vi) => "365 ngày qua",
        (Period::Days365, Lang::En) => "Last 365 days",
        (Period::All, Lang::Vi) => "Toàn bộ",
        (Period::All, Lang::En) => "All time",
    }
}

/// The staff list's query for the applied filters (without paging).
fn list_query(filters: &Filters) -> String {
    let mut query = format!("period={}", filters.period.as_str());
    if !filters.page.trim().is_empty() {
        query.push_str(&format!("&page={}", encode(filters.page.trim())));
    }
    if filters.low_only {
        query.push_str("&max_score=2");
    }
    if filters.with_comment {
        query.push_str("&with_comment=true");
    }
    query
}

fn percent(value: f64, lang: Lang) -> String {
    let text = format!("{:.0} %", value * 100.0);
    if lang == Lang::Vi { text } else { text.replace(' ', "") }
}

#[component]
pub fn RatingsScreen(props: &RatingsScreenProps) -> Html {
    let state = use_reducer(RatingsState::default);
    let base = use_focus_after_render(state.focus.clone());
    let shell = props.shell.clone();
    let lang = shell.lang;
    let t = texts(lang);
    {
        let (state, shell) = (state.clone(), shell.clone());
        use_effect_with((state.applied.clone(), state.version), move |(applied, _)| {
            let applied = applied.clone();
            spawn_local(async move {
                let mut summary = format!(
                    "/api/v1/agencies/{}/ratings/summary?period={}",
                    encode(&shell.me.agency),
                    applied.period.as_str()
                );
                if !applied.page.trim().is_empty() {
                    summary.push_str(&format!("&page={}", encode(applied.page.trim())));
                }
                let summary = match api::get::<RatingSummary>(&summary).await {
                    Reply::Ok(summary) => Some(summary),
                    _ => None,
                };
                state.dispatch(Action::Summary(summary));
                let trend = format!(
                    "/api/v1/staff/ratings/trend?{}",
                    list_query(&Filters { low_only: false, with_comment: false, ..applied.clone() })
                );
                if let Reply::Ok(trend) = api::get::<RatingTrend>(&trend).await {
                    state.dispatch(Action::Trend(trend));
                }
                match api::get::<Vec<RatingEntry>>(&format!("/api/v1/staff/ratings?{}", list_query(&applied))).await {
                    Reply::Ok(entries) => state.dispatch(Action::Entries(entries)),
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
            state.dispatch(Action::Apply);
        })
    };
    let publish = |id: i64, published: bool| {
        let (state, shell) = (state.clone(), shell.clone());
        Callback::from(move |_: MouseEvent| {
            let (state, shell) = (state.clone(), shell.clone());
            spawn_local(async move {
                let path = format!("/api/v1/staff/ratings/{id}/publication");
                match api::write::<_, ()>("POST", &path, &PublicationRequest { published: !published }).await {
                    Reply::Ok(()) => {
                        let message = if published { t.comment_withdrawn } else { t.comment_published };
                        say(message, lang);
                        state.dispatch(Action::Published(message.into()));
                    }
                    other => {
                        if let Some(problem) = shell.trouble(&other) {
                            state.dispatch(Action::Failed(problem));
                        }
                    }
                }
            });
        })
    };
    let periods: Vec<(AttrValue, AttrValue)> =
        Period::ALL.iter().map(|p| (AttrValue::from(p.as_str()), AttrValue::from(period_label(*p, lang)))).collect();
    let f = &state.filters;
    let moderator = shell.me.role.includes(Role::Moderator);
    let score = |s: Option<u8>| s.map(|s| s.to_string()).unwrap_or_else(|| "–".to_owned());

    html! {
        <div ref={base}>
            <h1 id={TITLE_ID} tabindex="-1">{ t.ratings_title }</h1>
            if let Some(problem) = &state.problem { <Alert message={problem.clone()} /> }
            <form class="console-filters" {onsubmit} aria-label={t.filters}>
                <Select id="ratings-period" label={t.period} {lang} placeholder={t.period} options={periods}
                    value={Some(AttrValue::from(f.period.as_str()))}
                    onchange={{ let state = state.clone(); Callback::from(move |v| state.dispatch(Action::Period(v))) }} />
                <TextField id="ratings-page" label={t.rated_page} hint={Some(AttrValue::from(t.rated_page_hint))} {lang}
                    kind="url" autocomplete={Some(AttrValue::from("off"))} value={f.page.clone()}
                    oninput={{ let state = state.clone(); Callback::from(move |v| state.dispatch(Action::Page(v))) }} />
                <Checkbox id="ratings-low" label={t.low_only} {lang} checked={f.low_only}
                    onchange={{ let state = state.clone(); Callback::from(move |on| state.dispatch(Action::LowOnly(on))) }} />
                <Checkbox id="ratings-comment" label={t.with_comment} {lang} checked={f.with_comment}
                    onchange={{ let state = state.clone(); Callback::from(move |on| state.dispatch(Action::WithComment(on))) }} />
                <div><button type="submit" class="tt-button">{ t.apply }</button></div>
            </form>
            <section class="console-section" aria-labelledby="results-title">
                <h2 id="results-title">{ t.results_per_criterion }</h2>
                if let Some(summary) = &state.summary {
                    if !summary.complete { <p class="tt-hint">{ t.held_back }</p> }
                    <div class="console-table-wrap" tabindex="0" role="region" aria-label={format!("{}: {}", t.table_word, t.results_per_criterion)}>
                        <table class="console-table" id="ratings-summary">
                            <thead><tr>
                                <th scope="col">{ t.criterion }</th>
                                <th scope="col">{ t.answers }</th>
                                <th scope="col">{ t.mean }</th>
                                <th scope="col">{ t.satisfied }</th>
                                { for (1..=5).map(|s| html! { <th scope="col">{ format!("{} {s}", t.score) }</th> }) }
                            </tr></thead>
                            <tbody>
                                { for summary.criteria.iter().map(|c| html! {
                                    <tr>
                                        <th scope="row">{ criterion(c.criterion, lang) }</th>
                                        if let Some(fig) = &c.figures {
                                            <td>{ fig.n }</td>
                                            <td>{ fig.mean.map(|m| format!("{m:.2}")).unwrap_or_default() }</td>
                                            <td>{ fig.satisfied.map(|s| format!("{} ({}–{})", percent(s.value, lang), percent(s.low, lang), percent(s.high, lang))).unwrap_or_default() }</td>
                                            { for fig.distribution.iter().map(|n| html! { <td>{ n }</td> }) }
                                        } else {
                                            <td colspan="8">{ t.too_few }</td>
                                        }
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                    if let Some(helpful) = &summary.helpful {
                        <p>{ t.helpful }{ " " }{ helpful.yes }{ " / " }{ t.not_helpful }{ " " }{ helpful.no }</p>
                    }
                } else {
                    <p>{ t.loading }</p>
                }
            </section>
            if let Some(trend) = &state.trend {
                { trend_view(trend, lang) }
            }
            <section class="console-section" aria-labelledby="ratings-list-title">
                <h2 id="ratings-list-title">{ t.ratings_list }</h2>
                <p><a href={format!("/api/v1/staff/ratings.csv?{}", list_query(&state.applied))} download="danh-gia.csv">
                    { t.csv_export }</a></p>
                if let Some(done) = &state.done { <p class="console-done" role="status">{ done }</p> }
                if let Some(entries) = &state.entries {
                    if entries.is_empty() {
                        <p>{ t.no_ratings }</p>
                    } else {
                        <div class="console-table-wrap" tabindex="0" role="region" aria-label={format!("{}: {}", t.table_word, t.ratings_list)}>
                            <table class="console-table" id="ratings-list">
                                <thead><tr>
                                    <th scope="col">{ t.day }</th>
                                    <th scope="col">{ t.rated_page }</th>
                                    { for Criterion::ALL.iter().map(|c| html! { <th scope="col">{ criterion(*c, lang) }</th> }) }
                                    <th scope="col">{ t.comment }</th>
                                </tr></thead>
                                <tbody>
                                    { for entries.iter().map(|e| html! {
                                        <tr>
                                            <td>{ day_of(&e.created_at, lang) }</td>
                                            <td class="console-url">{ e.page.clone().unwrap_or_else(|| t.whole_agency.to_owned()) }</td>
                                            <td>{ score(e.interface) }</td>
                                            <td>{ score(e.content) }</td>
                                            <td>{ score(e.quality) }</td>
                                            <td>{ score(e.support) }</td>
                                            <td>
                                                if let Some(comment) = &e.comment {
                                                    <p lang={crate::ui::i18n::text_lang(comment)}>{ comment }</p>
                                                    if moderator {
                                                        <button type="button" class="tt-button tt-button--secondary"
                                                            onclick={publish(e.id, e.comment_published)}>
                                                            { if e.comment_published { t.withdraw_comment } else { t.publish_comment } }
                                                        </button>
                                                    } else if e.comment_published {
                                                        <p class="tt-hint">{ t.published }</p>
                                                    }
                                                }
                                            </td>
                                        </tr>
                                    }) }
                                </tbody>
                            </table>
                        </div>
                    }
                }
            </section>
        </div>
    }
}

/// The week's mean over the criteria answered, for the chart.
fn overall(means: &[Option<f64>]) -> Option<f64> {
    let answered: Vec<f64> = means.iter().flatten().copied().collect();
    (!answered.is_empty()).then(|| answered.iter().sum::<f64>() / answered.len() as f64)
}

/// A bar per week (the mean score, out of 5) and the same figures as a table, which is what a screen reader
/// reads: the chart is its picture.
fn trend_view(trend: &RatingTrend, lang: Lang) -> Html {
    let t = texts(lang);
    const BAR: f64 = 36.0;
    const HEIGHT: f64 = 150.0;
    let width = (trend.weeks.len().max(1) as f64) * BAR + 40.0;
    let mean = |m: Option<f64>| m.map(|m| format!("{m:.2}")).unwrap_or_else(|| "–".to_owned());
    html! {
        <section class="console-section" aria-labelledby="trend-title">
            <h2 id="trend-title">{ t.trend_title }</h2>
            if trend.weeks.is_empty() {
                <p>{ t.no_ratings }</p>
            } else {
                <figure class="console-chart">
                    <svg viewBox={format!("0 0 {width} {})", HEIGHT + 40.0)} width={width.to_string()} height={(HEIGHT + 40.0).to_string()}
                        role="img" aria-labelledby="trend-caption" focusable="false">
                        <line class="console-chart-axis" x1="30" y1={HEIGHT.to_string()} x2={width.to_string()} y2={HEIGHT.to_string()} />
                        { for (1..=5).map(|score| {
                            let y = HEIGHT - f64::from(score) / 5.0 * (HEIGHT - 10.0);
                            html! {
                                <>
                                    <line class="console-chart-grid" x1="30" y1={y.to_string()} x2={width.to_string()} y2={y.to_string()} />
                                    <text class="console-chart-label" x="4" y={(y + 4.0).to_string()}>{ score }</text>
                                </>
                            }
                        }) }
                        { for trend.weeks.iter().enumerate().map(|(i, week)| {
                            let value = overall(&week.means).unwrap_or(0.0);
                            let h = value / 5.0 * (HEIGHT - 10.0);
                            let x = 34.0 + i as f64 * BAR;
                            html! {
                                <>
                                    <rect class="console-chart-bar" x={x.to_string()} y={(HEIGHT - h).to_string()}
                                        width={(BAR - 8.0).to_string()} height={h.to_string()} />
                                    <text class="console-chart-label" x={x.to_string()} y={(HEIGHT + 16.0).to_string()}>
                                        { week.week.get(8..10).unwrap_or_default() }{ "/" }{ week.week.get(5..7).unwrap_or_default() }
                                    </text>
                                </>
                            }
                        }) }
                    </svg>
                    <figcaption id="trend-caption">{ t.trend_caption }</figcaption>
                </figure>
                <div class="console-table-wrap" tabindex="0" role="region" aria-label={format!("{}: {}", t.table_word, t.trend_title)}>
                    <table class="console-table" id="ratings-trend">
                        <caption class="tt-visually-hidden">{ t.trend_title }</caption>
                        <thead><tr>
                            <th scope="col">{ t.week }</th>
                            <th scope="col">{ t.answers }</th>
                            { for Criterion::ALL.iter().map(|c| html! { <th scope="col">{ criterion(*c, lang) }</th> }) }
                        </tr></thead>
                        <tbody>
                            { for trend.weeks.iter().map(|week| html! {
                                <tr>
                                    <th scope="row">{ crate::ui::i18n::date(&week.week, lang) }</th>
                                    <td>{ week.ratings }</td>
                                    { for week.means.iter().map(|m| html! { <td>{ mean(*m) }</td> }) }
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }
        </section>
    }
}
