//! The agency's topics (admin), on a screen of their own: a topic's form has a slug like a unit's, and each
//! field's id (where the error summary leads) is unique on a screen.

use std::rc::Rc;

use domain::staff::validate_topic;
use domain::{AgencyPublic, Field, FieldErrors, Role, Topic};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::api::{self, Reply, encode};
use super::i18n::texts;
use super::{Link, Route, Shell, TITLE_ID, say};
use crate::ui::{ErrorSummary, FocusRequest, TextField, field_id, use_focus_after_render};

const SUMMARY: &str = "topic-errors";
const DONE_ID: &str = "topic-done";

#[derive(Properties, PartialEq)]
pub struct TopicsScreenProps {
    pub shell: Shell,
}

#[derive(Clone, PartialEq)]
struct TopicsState {
    topics: Option<Rc<Vec<Topic>>>,
    draft: Topic,
    errors: FieldErrors,
    done: Option<AttrValue>,
    version: u32,
    focus: FocusRequest,
}

enum Action {
    Loaded(Vec<Topic>),
    Edit(Field, String),
    Invalid(FieldErrors),
    Saved(AttrValue),
}

impl Reducible for TopicsState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Loaded(topics) => next.topics = Some(Rc::new(topics)),
            Action::Edit(field, value) => match field {
                Field::Slug => next.draft.slug = value,
                Field::NameVi => next.draft.name_vi = value,
                Field::NameEn => next.draft.name_en = value,
                _ => return self,
            },
            Action::Invalid(errors) => {
                next.errors = errors;
                next.done = None;
                next.focus.to(SUMMARY);
            }
            Action::Saved(message) => {
                next.errors = FieldErrors::default();
                next.draft = Topic { slug: String::new(), name_vi: String::new(), name_en: String::new() };
                next.done = Some(message);
                next.version += 1;
                next.focus.to(DONE_ID);
            }
        }
        Rc::new(next)
    }
}

#[component]
pub fn TopicsScreen(props: &TopicsScreenProps) -> Html {
    let state = use_reducer(|| TopicsState {
        topics: None,
        draft: Topic { slug: String::new(), name_vi: String::new(), name_en: String::new() },
        errors: FieldErrors::default(),
        done: None,
        version: 0,
        focus: FocusRequest::default(),
    });
    let base = use_focus_after_render(state.focus.clone());
    let shell = props.shell.clone();
    let lang = shell.lang;
    let t = texts(lang);
    {
        let (state, shell) = (state.clone(), shell.clone());
        use_effect_with(state.version, move |_| {
            spawn_local(async move {
                let path = format!("/api/v1/agencies/{}", encode(&shell.me.agency));
                if let Reply::Ok(agency) = api::get::<AgencyPublic>(&path).await {
                    state.dispatch(Action::Loaded(agency.topics));
                }
            });
        });
    }
    let title = html! { <h1 id={TITLE_ID} tabindex="-1">{ t.topics_title }</h1> };
    let back = html! { <p><Link route={Route::Admin} navigate={shell.navigate.clone()}>{ t.back_to_admin }</Link></p> };
    if !shell.me.role.includes(Role::Admin) {
        return html! { <div ref={base}>{ back }{ title }<p>{ t.forbidden }</p></div> };
    }
    let edit = |field: Field| {
        let state = state.clone();
        Callback::from(move |value: String| state.dispatch(Action::Edit(field, value)))
    };
    let onsubmit = {
        let (state, shell) = (state.clone(), shell.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let topic = state.draft.clone();
            if let Err(errors) = validate_topic(&topic) {
                say(crate::ui::i18n::texts(lang).errors_announcement, lang);
                state.dispatch(Action::Invalid(errors));
                return;
            }
            let (state, shell) = (state.clone(), shell.clone());
            spawn_local(async move {
                match api::write::<_, ()>("POST", "/api/v1/staff/topics", &topic).await {
                    Reply::Ok(()) => {
                        say(t.topic_saved, lang);
                        state.dispatch(Action::Saved(t.topic_saved.into()));
                    }
                    Reply::Invalid(errors) => state.dispatch(Action::Invalid(errors)),
                    other => {
                        if let Some(problem) = shell.trouble(&other) {
                            state.dispatch(Action::Saved(problem));
                        }
                    }
                }
            });
        })
    };
    let errors = &state.errors;
    html! {
        <div ref={base}>
            { back }{ title }
            <section class="console-section" aria-labelledby="topics-list">
                <h2 id="topics-list">{ t.topics_list }</h2>
                if let Some(topics) = &state.topics {
                    <ul class="console-admin-list" id="topics">
                        { for topics.iter().map(|topic| html! {
                            <li>{ &topic.name_vi }{ " / " }<span lang="en">{ &topic.name_en }</span>{ " (" }
                                <span translate="no">{ &topic.slug }</span>{ ")" }</li>
                        }) }
                    </ul>
                } else {
                    <p>{ t.loading }</p>
                }
                if let Some(done) = &state.done {
                    <p id={DONE_ID} class="console-done" tabindex="-1">{ done }</p>
                }
                <h3>{ t.topic_new }</h3>
                <p class="tt-hint">{ t.topic_hint }</p>
                <ErrorSummary errors={errors.clone()} {lang} id={SUMMARY} level={4} />
                <form class="tt-form" {onsubmit} novalidate=true>
                    <TextField id={field_id(Field::Slug)} label={t.topic_slug} hint={Some(AttrValue::from(t.slug_hint))} {lang}
                        autocomplete={Some(AttrValue::from("off"))} autocapitalize={Some(AttrValue::from("none"))}
                        value={state.draft.slug.clone()} errors={errors.get(Field::Slug).to_vec()} oninput={edit(Field::Slug)} />
                    <TextField id={field_id(Field::NameVi)} label={t.name_vi} {lang} value={state.draft.name_vi.clone()}
                        errors={errors.get(Field::NameVi).to_vec()} oninput={edit(Field::NameVi)} />
                    <TextField id={field_id(Field::NameEn)} label={t.name_en} {lang} value={state.draft.name_en.clone()}
                        errors={errors.get(Field::NameEn).to_vec()} oninput={edit(Field::NameEn)} />
                    <div><button type="submit" class="tt-button">{ t.save_topic }</button></div>
                </form>
            </section>
        </div>
    }
}
