//! The agency's staff accounts (admin): the list, a new account, and disabling one (which ends its sessions).
//! A forgotten password is reset: the server makes a new one, shown once here.

use std::rc::Rc;

use domain::staff::{Account, NewAccount, NewPassword};
use domain::{Field, FieldErrors, Role};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::api::{self, Reply, encode};
use super::i18n::{role, texts};
use super::{Shell, say};
use crate::ui::i18n::day_of;
use crate::ui::{Alert, ErrorSummary, FocusRequest, Select, TextField, field_id, use_focus_after_render};

const ACCOUNT: &str = "account-errors";
const DONE_ID: &str = "account-done";
const ALERT: &str = "account-alert";

#[derive(Properties, PartialEq)]
pub struct AccountsProps {
    pub shell: Shell,
}

#[derive(Clone, PartialEq)]
struct AccountsState {
    accounts: Rc<Vec<Account>>,
    draft: NewAccount,
    errors: FieldErrors,
    done: Option<AttrValue>,
    problem: Option<AttrValue>,
    /// A password just reset: whose, and the new one, shown once.
    new_password: Option<(String, String)>,
    focus: FocusRequest,
}

enum Action {
    Loaded(Vec<Account>),
    Edit(Field, String),
    Role(String),
    Invalid(FieldErrors),
    Done(AttrValue, bool),
    Failed(AttrValue),
    Reset(String, String),
}

fn blank() -> NewAccount {
    NewAccount { username: String::new(), display_name: String::new(), role: Role::Officer, password: String::new() }
}

impl Reducible for AccountsState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Loaded(accounts) => next.accounts = Rc::new(accounts),
            Action::Edit(field, value) => match field {
                Field::Username => next.draft.username = value,
                Field::DisplayName => next.draft.display_name = value,
                Field::Password => next.draft.password = value,
                _ => return self,
            },
            Action::Role(value) => next.draft.role = Role::parse(&value).unwrap_or(Role::Officer),
            Action::Invalid(errors) => {
                next.errors = errors;
                next.done = None;
                next.focus.to(ACCOUNT);
            }
            Action::Done(message, created) => {
                if created {
                    next.draft = blank();
                }
                next.errors = FieldErrors::default();
                next.done = Some(message);
                next.problem = None;
                next.new_password = None;
                next.focus.to(DONE_ID);
            }
            Action::Reset(username, password) => {
                next.done = None;
                next.problem = None;
                next.new_password = Some((username, password));
                next.focus.to(DONE_ID);
            }
            Action::Failed(problem) => {
                next.done = None;
                next.problem = Some(problem);
                next.focus.to(ALERT);
            }
        }
        Rc::new(next)
    }
}

fn reload(state: UseReducerHandle<AccountsState>, shell: Shell) {
    spawn_local(async move {
        match api::get::<Vec<Account>>("/api/v1/staff/accounts").await {
            Reply::Ok(accounts) => state.dispatch(Action::Loaded(accounts)),
            other => {
                shell.trouble(&other);
            }
        }
    });
}

#[component]
pub fn Accounts(props: &AccountsProps) -> Html {
    let state = use_reducer(|| AccountsState {
        accounts: Rc::default(),
        draft: blank(),
        errors: FieldErrors::default(),
        done: None,
        problem: None,
        new_password: None,
        focus: FocusRequest::default(),
    });
    let base = use_focus_after_render(state.focus.clone());
    let shell = props.shell.clone();
    let lang = shell.lang;
    let t = texts(lang);
    {
        let (state, shell) = (state.clone(), shell.clone());
        use_effect_with((), move |_| reload(state, shell));
    }
    let edit = |field: Field| {
        let state = state.clone();
        Callback::from(move |value: String| state.dispatch(Action::Edit(field, value)))
    };
    let onsubmit = {
        let (state, shell) = (state.clone(), shell.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let account = state.draft.clone();
            if let Err(errors) = account.validate() {
                say(crate::ui::i18n::texts(lang).errors_announcement, lang);
                state.dispatch(Action::Invalid(errors));
                return;
            }
            let (state, shell) = (state.clone(), shell.clone());
            spawn_local(async move {
                match api::write::<_, ()>("POST", "/api/v1/staff/accounts", &account).await {
                    Reply::Ok(()) => {
                        let message = format!("{} {}", t.account_created, account.username);
                        say(&message, lang);
                        state.dispatch(Action::Done(message.into(), true));
                        reload(state, shell);
                    }
                    Reply::Invalid(errors) => state.dispatch(Action::Invalid(errors)),
                    Reply::Conflict(_) => state.dispatch(Action::Failed(t.username_taken.into())),
                    other => {
                        if let Some(problem) = shell.trouble(&other) {
                            state.dispatch(Action::Failed(problem));
                        }
                    }
                }
            });
        })
    };
    let disable = |username: String| {
        let (state, shell) = (state.clone(), shell.clone());
        Callback::from(move |_: MouseEvent| {
            let (state, shell, username) = (state.clone(), shell.clone(), username.clone());
            spawn_local(async move {
                let path = format!("/api/v1/staff/accounts/{}", encode(&username));
                let reply = api::delete(&path).await;
                match &reply {
                    Reply::Ok(()) => {
                        let message: AttrValue = format!("{} {username}", t.account_disabled).into();
                        say(&message, lang);
                        state.dispatch(Action::Done(message, false));
                    }
                    other => {
                        if let Some(problem) = shell.trouble(other) {
                            state.dispatch(Action::Failed(problem));
                        }
                    }
                }
                reload(state, shell);
            });
        })
    };
    let reset = |username: String| {
        let (state, shell) = (state.clone(), shell.clone());
        Callback::from(move |_: MouseEvent| {
            let (state, shell, username) = (state.clone(), shell.clone(), username.clone());
            spawn_local(async move {
                let path = format!("/api/v1/staff/accounts/{}/password", encode(&username));
                match api::write::<_, NewPassword>("POST", &path, &serde_json::json!({})).await {
                    Reply::Ok(fresh) => {
                        say(&format!("{} {username}", t.password_reset), lang);
                        state.dispatch(Action::Reset(username, fresh.password));
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
    let roles: Vec<(AttrValue, AttrValue)> = [Role::Officer, Role::Moderator, Role::Admin]
        .into_iter()
        .map(|r| (AttrValue::from(r.as_str()), AttrValue::from(role(r, lang))))
        .collect();
    let errors = &state.errors;
    let me = shell.me.username.clone();
    html! {
        <section class="console-section" aria-labelledby="accounts-title" ref={base}>
            <h2 id="accounts-title">{ t.accounts_title }</h2>
            <div class="console-table-wrap" tabindex="0" role="region" aria-label={format!("{}: {}", t.table_word, t.accounts_title)}>
                <table class="console-table">
                    <thead><tr>
                        <th scope="col">{ t.username }</th>
                        <th scope="col">{ t.display_name }</th>
                        <th scope="col">{ t.role }</th>
                        <th scope="col">{ t.created }</th>
                        <th scope="col">{ t.account_state }</th>
                    </tr></thead>
                    <tbody>
                        { for state.accounts.iter().map(|account| html! {
                            <tr>
                                <td translate="no">{ &account.username }</td>
                                <td>{ &account.display_name }</td>
                                <td>{ role(account.role, lang) }</td>
                                <td>{ day_of(&account.created_at, lang) }</td>
                                <td>
                                    if account.disabled {
                                        { t.disabled }
                                    } else if account.username == me {
                                        { t.active }
                                    } else {
                                        <div class="console-actions">
                                            <button type="button" class="tt-button tt-button--secondary"
                                                onclick={reset(account.username.clone())}>
                                                { t.reset_password }<span class="tt-visually-hidden">{ " " }{ &account.username }</span>
                                            </button>
                                            <button type="button" class="tt-button tt-button--secondary"
                                                onclick={disable(account.username.clone())}>
                                                { t.disable }<span class="tt-visually-hidden">{ " " }{ &account.username }</span>
                                            </button>
                                        </div>
                                    }
                                </td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            if let Some(problem) = &state.problem {
                <Alert id={ALERT} message={problem.clone()} />
            }
            if let Some((username, password)) = &state.new_password {
                <div id={DONE_ID} class="console-done" tabindex="-1">
                    <p>{ t.password_reset }{ " " }<span translate="no">{ username }</span>{ ": " }
                        <code class="tt-code" translate="no" id="new-password">{ password }</code></p>
                    <p>{ t.password_once }</p>
                </div>
            }
            if let Some(done) = &state.done {
                <p id={DONE_ID} class="console-done" tabindex="-1">{ done }</p>
            }
            <h3>{ t.new_account }</h3>
            <ErrorSummary errors={errors.clone()} {lang} id={ACCOUNT} level={4} />
            <form class="tt-form" {onsubmit} novalidate=true>
                <TextField id={field_id(Field::Username)} label={t.username} hint={Some(AttrValue::from(t.username_hint))}
                    {lang} autocomplete={Some(AttrValue::from("off"))} autocapitalize={Some(AttrValue::from("none"))}
                    value={state.draft.username.clone()} errors={errors.get(Field::Username).to_vec()}
                    oninput={edit(Field::Username)} />
                <TextField id={field_id(Field::DisplayName)} label={t.display_name} {lang}
                    value={state.draft.display_name.clone()} errors={errors.get(Field::DisplayName).to_vec()}
                    oninput={edit(Field::DisplayName)} />
                <Select id="account-role" label={t.role} {lang} placeholder={t.role} options={roles}
                    value={Some(AttrValue::from(state.draft.role.as_str()))}
                    onchange={{ let state = state.clone(); Callback::from(move |v| state.dispatch(Action::Role(v))) }} />
                <TextField id={field_id(Field::Password)} label={t.first_password} hint={Some(AttrValue::from(t.first_password_hint))}
                    {lang} kind="password" autocomplete={Some(AttrValue::from("new-password"))}
                    value={state.draft.password.clone()} errors={errors.get(Field::Password).to_vec()}
                    oninput={edit(Field::Password)} />
                <div><button type="submit" class="tt-button">{ t.create_account }</button></div>
            </form>
        </section>
    }
}
