//! Administration (admin): the agency's handling settings, the sites allowed to embed the widgets, its units,
//! its staff accounts (`accounts.rs`) and the audit log of every staff write. Each form checks with the domain's rule before sending, and shows
//! the server's 422 the same way.

use std::rc::Rc;

use domain::staff::{AuditEntry, AuditParams, OriginRequest, SettingsRequest, Unit};
use domain::{Field, FieldErrors, Role};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::api::{self, Reply, encode};
use super::i18n::texts;
use super::{Shell, TITLE_ID, say};
use crate::ui::i18n::day_of;
use crate::ui::{Alert, ErrorSummary, FocusRequest, TextArea, TextField, field_id, use_focus_after_render};

const SETTINGS: &str = "settings-errors";
const ORIGIN: &str = "origin-errors";
const UNIT: &str = "unit-errors";

#[derive(Properties, PartialEq)]
pub struct AdminScreenProps {
    pub shell: Shell,
}

#[derive(Clone, PartialEq, Default)]
struct AdminState {
    handling_days: String,
    holidays: String,
    tracker_url: String,
    retention_days: String,
    settings_errors: FieldErrors,
    origin: OriginRequest,
    origin_errors: FieldErrors,
    unit: Unit,
    unit_errors: FieldErrors,
    units: Rc<Vec<Unit>>,
    audit: Option<Rc<Vec<AuditEntry>>>,
    /// The audit log's filters as typed.
    audit_filter: AuditParams,
    /// Whether older entries may remain (the last page was full).
    audit_more: bool,
    /// What the last write did, next to its form (form id, message).
    done: Option<(&'static str, AttrValue)>,
    problem: Option<AttrValue>,
    focus: FocusRequest,
}

enum Action {
    Edit(Field, String),
    Invalid(&'static str, FieldErrors),
    Done(&'static str, AttrValue),
    Failed(AttrValue),
    Units(Vec<Unit>),
    /// Audit entries: a new list, or older ones to add at its end.
    Audit(Vec<AuditEntry>, bool),
    AuditFilter(&'static str, String),
    /// The settings as stored: the form starts from them, as saving replaces them all.
    Settings(SettingsRequest),
}

impl AdminState {
    fn settings(&self) -> SettingsRequest {
        SettingsRequest {
            // Not a number reads as 0, which the domain's range refuses with its message.
            handling_days: self.handling_days.trim().parse().unwrap_or(0),
            holidays: self.holidays.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect(),
            tracker_url: Some(self.tracker_url.clone()),
            contact_retention_days: match self.retention_days.trim() {
                "" => None,
                days => Some(days.parse().unwrap_or(0)),
            },
        }
    }
}

impl Reducible for AdminState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Edit(field, value) => match field {
                Field::HandlingDays => next.handling_days = value,
                Field::Holidays => next.holidays = value,
                Field::TrackerUrl => next.tracker_url = value,
                Field::ContactRetentionDays => next.retention_days = value,
                Field::Origin => next.origin.origin = value,
                Field::Slug => next.unit.slug = value,
                Field::Name => next.unit.name = value,
                _ => return self,
            },
            Action::Invalid(form, errors) => {
                match form {
                    SETTINGS => next.settings_errors = errors,
                    ORIGIN => next.origin_errors = errors,
                    _ => next.unit_errors = errors,
                }
                next.done = None;
                next.focus.to(form);
            }
            Action::Done(form, message) => {
                match form {
                    SETTINGS => next.settings_errors = FieldErrors::default(),
                    ORIGIN => {
                        next.origin_errors = FieldErrors::default();
                        next.origin = OriginRequest::default();
                    }
                    _ => {
                        next.unit_errors = FieldErrors::default();
                        next.unit = Unit::default();
                    }
                }
                next.problem = None;
                next.done = Some((form, message));
                next.focus.to(format!("{form}-done"));
            }
            Action::Failed(problem) => {
                next.problem = Some(problem);
                next.focus.to(crate::ui::ALERT_ID);
            }
            Action::Units(units) => next.units = Rc::new(units),
            Action::Audit(entries, older) => {
                next.audit_more = entries.len() == AUDIT_PAGE as usize;
                let mut all = if older { next.audit.as_deref().cloned().unwrap_or_default() } else { Vec::new() };
                all.extend(entries);
                next.audit = Some(Rc::new(all));
            }
            Action::AuditFilter(which, value) => {
                let value = Some(value);
                match which {
                    "action" => next.audit_filter.action = value,
                    "by" => next.audit_filter.by = value,
                    _ => next.audit_filter.code = value,
                }
            }
            Action::Settings(settings) => {
                next.handling_days = settings.handling_days.to_string();
                next.holidays = settings.holidays.join("\n");
                next.tracker_url = settings.tracker_url.unwrap_or_default();
                next.retention_days = settings.contact_retention_days.map(|d| d.to_string()).unwrap_or_default();
            }
        }
        Rc::new(next)
    }
}

const AUDIT_PAGE: u32 = 50;

/// The audit entries for `filter` (older than its `before`), added to the list when `older`.
fn load_audit(state: UseReducerHandle<AdminState>, shell: Shell, filter: AuditParams, older: bool) {
    spawn_local(async move {
        let mut path = format!("/api/v1/staff/audit?limit={AUDIT_PAGE}");
        for (key, value) in [("action", &filter.action), ("by", &filter.by), ("code", &filter.code)] {
            if let Some(value) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                path.push_str(&format!("&{key}={}", encode(value)));
            }
        }
        if let Some(before) = filter.before {
            path.push_str(&format!("&before={before}"));
        }
        match api::get::<Vec<AuditEntry>>(&path).await {
            Reply::Ok(entries) => state.dispatch(Action::Audit(entries, older)),
            other => {
                if let Some(problem) = shell.trouble(&other) {
                    state.dispatch(Action::Failed(problem));
                }
            }
        }
    });
}

/// The units and the newest audit entries, read again after each write.
fn reload(state: UseReducerHandle<AdminState>, shell: Shell) {
    spawn_local(async move {
        match api::get::<Vec<Unit>>("/api/v1/staff/units").await {
            Reply::Ok(units) => state.dispatch(Action::Units(units)),
            other => {
                if let Some(problem) = shell.trouble(&other) {
                    state.dispatch(Action::Failed(problem));
                }
                return;
            }
        }
        let filter = AuditParams { before: None, ..state.audit_filter.clone() };
        load_audit(state, shell, filter, false);
    });
}

#[component]
pub fn AdminScreen(props: &AdminScreenProps) -> Html {
    let state = use_reducer(AdminState::default);
    let base = use_focus_after_render(state.focus.clone());
    let shell = props.shell.clone();
    let lang = shell.lang;
    let t = texts(lang);
    {
        let (state, shell) = (state.clone(), shell.clone());
        use_effect_with((), move |_| {
            let settings = state.clone();
            spawn_local(async move {
                if let Reply::Ok(stored) = api::get::<SettingsRequest>("/api/v1/staff/settings").await {
                    settings.dispatch(Action::Settings(stored));
                }
            });
            reload(state, shell)
        });
    }
    let title = html! { <h1 id={TITLE_ID} tabindex="-1">{ t.admin_title }</h1> };
    if !shell.me.role.includes(Role::Admin) {
        return html! { <div ref={base}>{ title }<p>{ t.forbidden }</p></div> };
    }
    let edit = |field: Field| {
        let state = state.clone();
        Callback::from(move |value: String| state.dispatch(Action::Edit(field, value)))
    };
    // Sends a form's body once the domain's rule passed; a 422 lands in that form like the rule's own errors.
    let submit = |form: &'static str,
                  method: &'static str,
                  path: &'static str,
                  check: fn(&AdminState) -> Result<serde_json::Value, FieldErrors>,
                  done: &'static str| {
        let (state, shell) = (state.clone(), shell.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = match check(&state) {
                Ok(body) => body,
                Err(errors) => {
                    say(crate::ui::i18n::texts(lang).errors_announcement, lang);
                    state.dispatch(Action::Invalid(form, errors));
                    return;
                }
            };
            let (state, shell) = (state.clone(), shell.clone());
            spawn_local(async move {
                match api::write::<_, ()>(method, path, &body).await {
                    Reply::Ok(()) => {
                        say(done, lang);
                        state.dispatch(Action::Done(form, done.into()));
                        reload(state, shell);
                    }
                    Reply::Invalid(errors) => state.dispatch(Action::Invalid(form, errors)),
                    other => {
                        if let Some(problem) = shell.trouble(&other) {
                            state.dispatch(Action::Failed(problem));
                        }
                    }
                }
            });
        })
    };
    let on_settings = submit(
        SETTINGS,
        "PUT",
        "/api/v1/staff/settings",
        |s| {
            let request = s.settings();
            request.validate()?;
            Ok(serde_json::to_value(request).unwrap_or_default())
        },
        t.settings_saved,
    );
    let on_origin = submit(
        ORIGIN,
        "POST",
        "/api/v1/staff/origins",
        |s| {
            s.origin.validate()?;
            Ok(serde_json::to_value(&s.origin).unwrap_or_default())
        },
        t.origin_saved,
    );
    let on_unit = submit(
        UNIT,
        "POST",
        "/api/v1/staff/units",
        |s| {
            s.unit.validate()?;
            Ok(serde_json::to_value(&s.unit).unwrap_or_default())
        },
        t.unit_saved,
    );
    let done = |form: &'static str| match &state.done {
        Some((which, message)) if *which == form => html! {
            <p id={format!("{form}-done")} class="console-done" tabindex="-1">{ message }</p>
        },
        _ => html! {},
    };
    let hint = |text: &'static str| Some(AttrValue::from(text));
    let audit_filter = |which: &'static str| {
        let state = state.clone();
        Callback::from(move |value: String| state.dispatch(Action::AuditFilter(which, value)))
    };
    let on_audit_filter = {
        let (state, shell) = (state.clone(), shell.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            load_audit(state.clone(), shell.clone(), AuditParams { before: None, ..state.audit_filter.clone() }, false);
        })
    };
    let older = {
        let (state, shell) = (state.clone(), shell.clone());
        Callback::from(move |_: MouseEvent| {
            let before = state.audit.as_ref().and_then(|entries| entries.last()).map(|entry| entry.id);
            load_audit(state.clone(), shell.clone(), AuditParams { before, ..state.audit_filter.clone() }, true);
        })
    };
    let (se, oe, ue) = (&state.settings_errors, &state.origin_errors, &state.unit_errors);
    html! {
        <div ref={base}>
            { title }
            if let Some(problem) = &state.problem { <Alert message={problem.clone()} /> }
            <section class="console-section" aria-labelledby="settings-title">
                <h2 id="settings-title">{ t.settings_title }</h2>
                { done(SETTINGS) }
                <ErrorSummary errors={se.clone()} {lang} id={SETTINGS} level={3} />
                <form class="tt-form" onsubmit={on_settings} novalidate=true>
                    <TextField id={field_id(Field::HandlingDays)} label={t.handling_days} hint={hint(t.handling_days_hint)}
                        {lang} inputmode={Some(AttrValue::from("numeric"))} autocomplete={Some(AttrValue::from("off"))}
                        value={state.handling_days.clone()} errors={se.get(Field::HandlingDays).to_vec()}
                        oninput={edit(Field::HandlingDays)} />
                    <TextArea id={field_id(Field::Holidays)} label={t.holidays} hint={hint(t.holidays_hint)} {lang}
                        rows={4} value={state.holidays.clone()} errors={se.get(Field::Holidays).to_vec()}
                        oninput={edit(Field::Holidays)} />
                    <TextField id={field_id(Field::TrackerUrl)} label={t.tracker_url} hint={hint(t.tracker_url_hint)}
                        {lang} kind="url" autocomplete={Some(AttrValue::from("url"))} value={state.tracker_url.clone()}
                        errors={se.get(Field::TrackerUrl).to_vec()} oninput={edit(Field::TrackerUrl)} />
                    <TextField id={field_id(Field::ContactRetentionDays)} label={t.retention_days}
                        hint={hint(t.retention_days_hint)} {lang} inputmode={Some(AttrValue::from("numeric"))}
                        autocomplete={Some(AttrValue::from("off"))} value={state.retention_days.clone()}
                        errors={se.get(Field::ContactRetentionDays).to_vec()} oninput={edit(Field::ContactRetentionDays)} />
                    <div><button type="submit" class="tt-button">{ t.save }</button></div>
                </form>
            </section>
            <section class="console-section" aria-labelledby="origins-title">
                <h2 id="origins-title">{ t.origins_title }</h2>
                { done(ORIGIN) }
                <ErrorSummary errors={oe.clone()} {lang} id={ORIGIN} level={3} />
                <form class="tt-form" onsubmit={on_origin} novalidate=true>
                    <TextField id={field_id(Field::Origin)} label={t.origin} hint={hint(t.origin_hint)} {lang} kind="url"
                        autocomplete={Some(AttrValue::from("url"))} value={state.origin.origin.clone()}
                        errors={oe.get(Field::Origin).to_vec()} oninput={edit(Field::Origin)} />
                    <div><button type="submit" class="tt-button">{ t.allow_origin }</button></div>
                </form>
            </section>
            <p><super::Link route={super::Route::Topics} navigate={shell.navigate.clone()}>{ t.manage_topics }</super::Link></p>
            <section class="console-section" aria-labelledby="units-title">
                <h2 id="units-title">{ t.units_title }</h2>
                if state.units.is_empty() {
                    <p>{ t.no_units }</p>
                } else {
                    <ul class="console-admin-list">
                        { for state.units.iter().map(|u| html! {
                            <li>{ &u.name }{ " (" }<span translate="no">{ &u.slug }</span>{ ")" }</li>
                        }) }
                    </ul>
                }
                { done(UNIT) }
                <ErrorSummary errors={ue.clone()} {lang} id={UNIT} level={3} />
                <form class="tt-form" onsubmit={on_unit} novalidate=true>
                    <TextField id={field_id(Field::Slug)} label={t.unit_slug} hint={hint(t.slug_hint)} {lang}
                        autocomplete={Some(AttrValue::from("off"))} autocapitalize={Some(AttrValue::from("none"))}
                        value={state.unit.slug.clone()} errors={ue.get(Field::Slug).to_vec()} oninput={edit(Field::Slug)} />
                    <TextField id={field_id(Field::Name)} label={t.unit_name} {lang} value={state.unit.name.clone()}
                        errors={ue.get(Field::Name).to_vec()} oninput={edit(Field::Name)} />
                    <div><button type="submit" class="tt-button">{ t.save_unit }</button></div>
                </form>
            </section>
            <super::accounts::Accounts shell={shell.clone()} />
            <section class="console-section" aria-labelledby="audit-title">
                <h2 id="audit-title">{ t.audit_title }</h2>
                <form class="console-filters" onsubmit={on_audit_filter} aria-label={t.audit_filters}>
                    <TextField id="audit-action" label={t.audit_action} hint={hint(t.audit_action_hint)} {lang}
                        autocomplete={Some(AttrValue::from("off"))} value={state.audit_filter.action.clone().unwrap_or_default()}
                        oninput={audit_filter("action")} />
                    <TextField id="audit-by" label={t.audit_by} {lang} autocomplete={Some(AttrValue::from("off"))}
                        value={state.audit_filter.by.clone().unwrap_or_default()} oninput={audit_filter("by")} />
                    <TextField id="audit-code" label={t.audit_about} {lang} autocomplete={Some(AttrValue::from("off"))}
                        value={state.audit_filter.code.clone().unwrap_or_default()} oninput={audit_filter("code")} />
                    <div><button type="submit" class="tt-button">{ t.apply }</button></div>
                </form>
                if let Some(entries) = &state.audit {
                    <div class="console-table-wrap" tabindex="0" role="region" aria-label={format!("{}: {}", t.table_word, t.audit_title)}>
                        <table class="console-table" id="audit-log">
                            <thead><tr>
                                <th scope="col">{ t.audit_at }</th>
                                <th scope="col">{ t.audit_by }</th>
                                <th scope="col">{ t.audit_action }</th>
                                <th scope="col">{ t.audit_about }</th>
                                <th scope="col">{ t.audit_detail }</th>
                            </tr></thead>
                            <tbody>
                                { for entries.iter().map(|entry| html! {
                                    <tr>
                                        <td><time datetime={entry.at.clone()}>{ day_of(&entry.at, lang) }{ " " }{ entry.at.get(11..16).unwrap_or_default() }{ " UTC" }</time></td>
                                        <td>{ entry.by.clone().unwrap_or_else(|| t.system.to_owned()) }</td>
                                        <td><code>{ &entry.action }</code></td>
                                        <td translate="no">{ entry.tracking_code.clone().unwrap_or_default() }</td>
                                        <td><code class="console-detail">{ serde_json::to_string(&entry.detail).unwrap_or_default() }</code></td>
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                    if state.audit_more {
                        <button type="button" class="tt-button tt-button--secondary" onclick={older}>{ t.older_entries }</button>
                    }
                } else {
                    <p>{ t.loading }</p>
                }
            </section>
        </div>
    }
}
