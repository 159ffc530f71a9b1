//! The published comments of one article (or of the whole draft), a page at a time, each with the drafting
//! body's response once the report is out. A comment never shows an email, nor an individual's name unless
//! they chose to publish it: the server sends neither.

use std::rc::Rc;

use domain::consultation::{CommentResponse, CommenterKind, PublicComment};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::i18n::{Texts, clause_name, same_as_others, show_published, texts};
use super::{Context, Target};
use crate::api::fetch_comments;
use crate::ui::i18n::{date, text_lang};
use crate::ui::{FocusRequest, use_focus_after_render};

#[derive(Clone, PartialEq, Default)]
enum Phase {
    /// Not asked for yet: a button offers them.
    #[default]
    Closed,
    Loading,
    Shown,
    Failed,
}

#[derive(Clone, PartialEq, Default)]
struct Comments {
    phase: Phase,
    items: Vec<PublicComment>,
    total: u32,
    /// The next page to ask for.
    next_page: u32,
    focus: FocusRequest,
}

enum Action {
    Loading,
    Loaded(Option<(Vec<PublicComment>, u32)>),
}

impl Reducible for Comments {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Loading => next.phase = Phase::Loading,
            Action::Loaded(Some((items, total))) => {
                // After "show more", focus goes to the first new comment, where reading continues.
                if let (false, Some(first)) = (next.items.is_empty(), items.first()) {
                    next.focus.to(comment_id(first.id));
                }
                next.items.extend(items);
                next.total = total;
                next.next_page += 1;
                next.phase = Phase::Shown;
            }
            Action::Loaded(None) => next.phase = Phase::Failed,
        }
        next.into()
    }
}

fn comment_id(id: i64) -> String {
    format!("tt-published-{id}")
}

#[derive(Properties, PartialEq)]
pub struct PublishedCommentsProps {
    pub context: Rc<Context>,
    pub target: Target,
    /// How many are published, from the consultation's counts.
    pub published: u32,
    /// The report is out: the comments, with their outcomes, are shown without asking.
    pub report: bool,
}

#[component]
pub fn PublishedComments(props: &PublishedCommentsProps) -> Html {
    let state = use_reducer(|| Comments { next_page: 1, ..Comments::default() });
    let lang = props.context.lang;
    let t = texts(lang);
    let base_ref = use_focus_after_render(state.focus.clone());

    let load = {
        let (dispatcher, context, target, page) = (state.dispatcher(), props.context.clone(), props.target, state.next_page);
        Callback::from(move |()| {
            dispatcher.dispatch(Action::Loading);
            let (dispatcher, context) = (dispatcher.clone(), context.clone());
            spawn_local(async move {
                let found = fetch_comments(&context.api, &context.agency, &context.slug, target, page).await;
                dispatcher.dispatch(Action::Loaded(found.map(|page| (page.comments, page.total))));
            });
        })
    };
    {
        let (load, automatic) = (load.clone(), props.report && props.published > 0);
        use_effect_with(automatic, move |automatic| {
            if *automatic {
                load.emit(());
            }
        });
    }
    if props.published == 0 {
        return html! {};
    }
    let content = match state.phase {
        Phase::Closed => {
            let load = load.clone();
            let onclick = Callback::from(move |_: MouseEvent| load.emit(()));
            return html! {
                <button type="button" class="tt-button tt-button--secondary" part="button" {onclick}>
                    { show_published(props.published, lang) }
                </button>
            };
        }
        Phase::Loading if state.items.is_empty() => html! { <p class="tt-hint">{ t.comments_loading }</p> },
        Phase::Failed if state.items.is_empty() => html! { <p class="tt-hint">{ t.comments_failed }</p> },
        _ => html! {},
    };
    let more = (state.items.len() < state.total as usize).then(|| {
        let load = load.clone();
        let onclick = Callback::from(move |_: MouseEvent| load.emit(()));
        let loading = state.phase == Phase::Loading;
        html! {
            <button type="button" class="tt-button tt-button--secondary" part="button" {onclick}
                aria-disabled={loading.then_some("true")}>
                { if loading { t.comments_loading } else { t.more_comments } }
            </button>
        }
    });
    html! {
        <div class="tt-published" ref={base_ref}>
            { content }
            if !state.items.is_empty() {
                <ul class="tt-comments" part="comments">
                    { for state.items.iter().map(|comment| published(comment, t, lang)) }
                </ul>
            }
            { for more }
            if state.phase == Phase::Failed && !state.items.is_empty() {
                <p class="tt-hint">{ t.comments_failed }</p>
            }
        </div>
    }
}


/// The drafting body's response to a comment: the outcome in words, then its explanation.
pub fn response(response: &CommentResponse, lang: domain::Lang) -> Html {
    let t = texts(lang);
    let class = format!("tt-response tt-response--{}", response.outcome.as_str());
    html! {
        <div {class} part="response">
            <p><span>{ t.response_title }{ ": " }</span>
                <strong class="tt-outcome">{ response.outcome.label(lang) }</strong></p>
            if !response.explanation.is_empty() {
                <p class="tt-text" lang={text_lang(&response.explanation)}>{ &response.explanation }</p>
            }
        </div>
    }
}

fn published(comment: &PublicComment, t: &Texts, lang: domain::Lang) -> Html {
    let who = match (&comment.name, comment.commenter) {
        (Some(name), _) => html! { <span lang={text_lang(name)}>{ name }</span> },
        (None, CommenterKind::Organisation) => html! { t.organisation },
        (None, CommenterKind::Individual) => html! { t.individual },
    };
    html! {
        <li class="tt-comment" id={comment_id(comment.id)} tabindex="-1">
            <p class="tt-comment-meta">
                <span class="tt-stance">{ comment.stance.label(lang) }</span>
                if let Some(clause) = comment.clause {
                    { " · " }{ clause_name(clause, lang) }
                }
                { " · " }{ who }{ " · " }
                <time datetime={comment.created_on.clone()}>{ date(&comment.created_on, lang) }</time>
            </p>
            <p class="tt-text" lang={text_lang(&comment.body)}>{ &comment.body }</p>
            if comment.group_size > 1 {
                <p class="tt-hint">{ same_as_others(comment.group_size - 1, lang) }</p>
            }
            if let Some(answer) = &comment.response {
                { response(answer, lang) }
            }
        </li>
    }
}
