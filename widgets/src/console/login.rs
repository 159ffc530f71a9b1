//! Log-in: agency, username and password, with the attributes password managers look for; a lockout says
//! when to try again.

use std::rc::Rc;

use domain::Lang;
use domain::staff::{LoginRequest, Me, StaffSession};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::api::{self, Reply};
use super::i18n::texts;
use super::{TITLE_ID, say};
use crate::ui::i18n::clock_after;
use crate::ui::{ALERT_ID, Alert, FocusRequest, TextField, use_focus_after_render};

#[derive(Properties, PartialEq)]
pub struct LogInProps {
    pub lang: Lang,
    /// Why the log-in shows: the session expired, or the staff member logged out.
    pub reason: Option<AttrValue>,
    pub onlogin: Callback<Me>,
}

#[derive(Clone, PartialEq, Default)]
struct LogInState {
    request: LoginRequest,
    sending: bool,
    problem: Option<AttrValue>,
    focus: FocusRequest,
}

enum Action {
    Agency(String),
    Username(String),
    Password(String),
    Sending,
    Refused(AttrValue),
}

impl Reducible for LogInState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Agency(value) => next.request.agency = value,
            Action::Username(value) => next.request.username = value,
            Action::Password(value) => next.request.password = value,
            Action::Sending => {
                next.sending = true;
                next.problem = None;
            }
            Action::Refused(problem) => {
                next.sending = false;
                next.problem = Some(problem);
                next.focus.to(ALERT_ID);
            }
        }
        Rc::new(next)
    }
}

#[component]
pub fn LogIn(props: &LogInProps) -> Html {
    let state = use_reducer(LogInState::default);
    let base = use_focus_after_render(state.focus.clone());
    let lang = props.lang;
    let t = texts(lang);
    let edit = |make: fn(String) -> Action| {
        let state = state.clone();
        Callback::from(move |value: String| state.dispatch(make(value)))
    };
    let onsubmit = {
        let state = state.clone();
        let onlogin = props.onlogin.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if state.sending {
                return;
            }
            let request = LoginRequest {
                agency: state.request.agency.trim().to_owned(),
                username: state.request.username.trim().to_owned(),
                password: state.request.password.clone(),
            };
            state.dispatch(Action::Sending);
            say(t.logging_in, lang);
            let (state, onlogin) = (state.clone(), onlogin.clone());
            spawn_local(async move {
                match api::write::<_, StaffSession>("POST", "/api/v1/staff/session", &request).await {
                    Reply::Ok(session) => onlogin.emit(Me {
                        username: session.username,
                        display_name: session.display_name,
                        role: session.role,
                        agency: session.agency,
                    }),
                    Reply::Unauthorized | Reply::Invalid(_) => {
                        state.dispatch(Action::Refused(t.wrong_credentials.into()))
                    }
                    Reply::TooMany(secs) => {
                        let at = clock_after(secs.unwrap_or(900).min(u64::from(u32::MAX)) as u32, lang);
                        state.dispatch(Action::Refused(format!("{} {at}.", t.locked_out).into()))
                    }
                    _ => state.dispatch(Action::Refused(t.failed.into())),
                }
            });
        })
    };
    html! {
        <div ref={base}>
            <h1 id={TITLE_ID} tabindex="-1">{ t.login_title }</h1>
            if let Some(reason) = &props.reason {
                <p class="console-notice" role="status">{ reason }</p>
            }
            <p>{ t.login_intro }</p>
            if let Some(problem) = &state.problem {
                <Alert message={problem.clone()} />
            }
            <form class="tt-form" {onsubmit} novalidate=true>
                <TextField id="login-agency" label={t.agency} hint={Some(AttrValue::from(t.agency_hint))} {lang}
                    value={state.request.agency.clone()} autocomplete={Some(AttrValue::from("organization"))}
                    autocapitalize={Some(AttrValue::from("none"))} oninput={edit(Action::Agency)} />
                <TextField id="login-username" label={t.username} {lang} value={state.request.username.clone()}
                    autocomplete={Some(AttrValue::from("username"))} autocapitalize={Some(AttrValue::from("none"))}
                    oninput={edit(Action::Username)} />
                <TextField id="login-password" label={t.password} {lang} kind="password"
                    value={state.request.password.clone()} autocomplete={Some(AttrValue::from("current-password"))}
                    oninput={edit(Action::Password)} />
                <div>
                    <button type="submit" class="tt-button" aria-disabled={state.sending.then_some("true")}>
                        { if state.sending { t.logging_in } else { t.log_in } }
                    </button>
                </div>
            </form>
        </div>
    }
}
