//! The staff console at `/staff/`: agency staff log in, work the queue, answer and move questions, publish
//! and moderate them, record questions received offline and run their agency's settings, in the browser.
//! Built from this crate with feature `console` into a module of its own (`cargo xtask build` writes it to
//! `pkg/console/`); it renders into the page's `#console` element, not a shadow root, and shares `ui/`.

mod accounts;
mod admin;
mod api;
mod consultations;
mod embed;
mod i18n;
mod login;
mod offline;
mod question;
mod queue;
mod ratings;
mod route;
mod topics;

use std::rc::Rc;

use domain::Lang;
use domain::staff::Me;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::announce::announce;
use crate::ui::{FocusRequest, use_focus_after_render};
use api::Reply;
use i18n::{page_title, texts};
pub use route::Route;

/// Every screen's `h1`: it takes focus after each navigation, so a screen reader starts at the new screen.
pub const TITLE_ID: &str = "console-title";
const MAIN_ID: &str = "main";

#[wasm_bindgen(start)]
pub fn start() {
    let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("console")) else {
        return;
    };
    yew::Renderer::<App>::with_root(root).render();
}

/// What every screen needs from the shell.
#[derive(Clone, PartialEq)]
pub struct Shell {
    pub lang: Lang,
    pub me: Rc<Me>,
    /// Goes to another screen (a new history entry).
    pub navigate: Callback<Route>,
    /// The server answered 401: the session is over; the log-in screen shows, and brings back this screen.
    pub expired: Callback<()>,
}

impl Shell {
    /// What a screen does with a reply it cannot use: a 401 ends the session; anything else is a message.
    pub fn trouble<T>(&self, reply: &Reply<T>) -> Option<AttrValue> {
        let t = texts(self.lang);
        match reply {
            Reply::Ok(_) | Reply::Invalid(_) => None,
            Reply::Unauthorized => {
                self.expired.emit(());
                None
            }
            Reply::Forbidden => Some(t.forbidden.into()),
            Reply::NotFound => Some(t.not_found.into()),
            Reply::Conflict(_) => Some(t.refused_now.into()),
            Reply::TooMany(_) | Reply::Failed => Some(t.failed.into()),
        }
    }
}

#[derive(Clone, PartialEq)]
enum Session {
    Checking,
    /// Logged out; `Some` says why the log-in screen shows (the session expired, or the staff member left).
    Out(Option<&'static str>),
    In(Rc<Me>),
}

#[derive(Clone, PartialEq)]
struct AppState {
    lang: Lang,
    session: Session,
    route: Route,
    /// Counts the screens shown, so that a screen shown again (the queue, by its link or the back button)
    /// starts afresh from its address.
    visit: u32,
    focus: FocusRequest,
}

enum Action {
    SetLang(Lang),
    Checked(Option<Me>),
    LoggedIn(Me),
    Expired,
    LoggedOut,
    /// A new screen: its `h1` takes focus.
    Navigate(Route),
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        let t = texts(next.lang);
        match action {
            Action::SetLang(lang) => next.lang = lang,
            Action::Checked(Some(me)) => next.session = Session::In(Rc::new(me)),
            Action::Checked(None) => next.session = Session::Out(None),
            Action::LoggedIn(me) => {
                next.session = Session::In(Rc::new(me));
                next.focus.to(TITLE_ID);
            }
            Action::Expired => {
                if !matches!(next.session, Session::In(_)) {
                    return self;
                }
                next.session = Session::Out(Some(t.session_expired));
                next.focus.to(TITLE_ID);
            }
            Action::LoggedOut => {
                next.session = Session::Out(Some(t.logged_out));
                next.route = Route::Queue;
                next.focus.to(TITLE_ID);
            }
            Action::Navigate(route) => {
                next.route = route;
                next.visit = next.visit.wrapping_add(1);
                next.focus.to(TITLE_ID);
            }
        }
        Rc::new(next)
    }
}

/// Where this browser keeps the console's language: a staff member's choice, not about any citizen.
const LANG_KEY: &str = "tuongtac-console-lang";

/// The language chosen last in this browser, so a reload or a new tab keeps it; Vietnamese at first.
fn stored_lang() -> Lang {
    match crate::ui::local_storage().and_then(|s| s.get_item(LANG_KEY).ok().flatten()).as_deref() {
        Some("en") => Lang::En,
        _ => Lang::Vi,
    }
}

/// Keeps the choice; where storage is refused (a private window's policy), only this page keeps it.
fn store_lang(lang: Lang) {
    if let Some(storage) = crate::ui::local_storage() {
        let _ = storage.set_item(LANG_KEY, lang.as_str());
    }
}

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

#[component]
pub fn App() -> Html {
    let state = use_reducer(|| AppState {
        lang: stored_lang(),
        session: Session::Checking,
        route: Route::current(),
        visit: 0,
        focus: FocusRequest::default(),
    });
    let base = use_focus_after_render(state.focus.clone());
    let lang = state.lang;
    let t = texts(lang);

    // Who is logged in, once; the back and forward buttons change screens.
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            let checking = state.clone();
            spawn_local(async move {
                let me = match api::get::<Me>("/api/v1/staff/session").await {
                    Reply::Ok(me) => Some(me),
                    _ => None,
                };
                checking.dispatch(Action::Checked(me));
            });
            let popped = Closure::<dyn Fn()>::new(move || state.dispatch(Action::Navigate(Route::current())));
            let window = web_sys::window();
            if let Some(window) = &window {
                let _ = window.add_event_listener_with_callback("popstate", popped.as_ref().unchecked_ref());
            }
            move || {
                if let Some(window) = window {
                    let _ = window.remove_event_listener_with_callback("popstate", popped.as_ref().unchecked_ref());
                }
            }
        });
    }
    // The page's language and title follow the screen.
    {
        let screen = match (&state.session, &state.route) {
            (Session::Out(_) | Session::Checking, _) => t.login_title.to_owned(),
            (_, Route::Queue) => t.queue_title.to_owned(),
            (_, Route::Question(code)) => format!("{} {code}", t.question_title),
            (_, Route::RecordOffline) => t.record_title.to_owned(),
            (_, Route::Ratings) => t.ratings_title.to_owned(),
            (_, Route::Admin) => t.admin_title.to_owned(),
            (_, Route::Embed) => t.embed_title.to_owned(),
            (_, Route::Topics) => t.topics_title.to_owned(),
            (_, Route::Consultations) => t.consultations_title.to_owned(),
            (_, Route::Consultation(slug)) => format!("{} {slug}", t.consultation_title),
            (_, Route::NotFound) => t.not_found_title.to_owned(),
        };
        use_effect_with((lang, screen), |(lang, screen)| {
            if let Some(document) = document() {
                document.set_title(&page_title(screen));
                if let Some(html) = document.document_element() {
                    let _ = html.set_attribute("lang", lang.as_str());
                }
            }
        });
    }

    let navigate = {
        let state = state.clone();
        Callback::from(move |route: Route| {
            route::push(&route);
            state.dispatch(Action::Navigate(route));
        })
    };
    let expired = {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(Action::Expired))
    };
    let switch_lang = {
        let state = state.clone();
        let other = if lang == Lang::Vi { Lang::En } else { Lang::Vi };
        Callback::from(move |_: MouseEvent| {
            store_lang(other);
            state.dispatch(Action::SetLang(other));
        })
    };
    let log_out = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let state = state.clone();
            spawn_local(async move {
                let _ = api::delete("/api/v1/staff/session").await;
                route::forget_queue();
                route::push(&Route::Queue);
                state.dispatch(Action::LoggedOut);
            });
        })
    };
    let skip = Callback::from(|e: MouseEvent| {
        e.prevent_default();
        let title = document().and_then(|d| d.get_element_by_id(TITLE_ID));
        if let Some(title) = title.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = title.focus();
        }
    });

    let lang_button = html! {
        <button type="button" class="tt-button tt-button--secondary console-lang" onclick={switch_lang}
            lang={if lang == Lang::Vi { "en" } else { "vi" }} aria-label={t.other_lang_name}>
            { t.other_lang }
        </button>
    };
    let content = match &state.session {
        Session::Checking => html! {
            <main id={MAIN_ID} class="console-main">
                <h1 id={TITLE_ID} tabindex="-1">{ t.product }</h1>
                <p role="status">{ t.loading }</p>
            </main>
        },
        Session::Out(reason) => {
            let state = state.clone();
            let onlogin = Callback::from(move |me: Me| state.dispatch(Action::LoggedIn(me)));
            html! {
                <main id={MAIN_ID} class="console-main console-main--narrow">
                    <login::LogIn {lang} reason={reason.map(AttrValue::from)} {onlogin} />
                </main>
            }
        }
        Session::In(me) => {
            let shell = Shell { lang, me: me.clone(), navigate: navigate.clone(), expired };
            let screen = match &state.route {
                Route::Queue => html! { <queue::QueueScreen key={state.visit} shell={shell.clone()} /> },
                Route::Question(code) => {
                    html! { <question::QuestionScreen shell={shell.clone()} code={AttrValue::from(code.clone())} /> }
                }
                Route::RecordOffline => html! { <offline::RecordOffline shell={shell.clone()} /> },
                Route::Ratings => html! { <ratings::RatingsScreen shell={shell.clone()} /> },
                Route::Admin => html! { <admin::AdminScreen shell={shell.clone()} /> },
                Route::Embed => html! { <embed::EmbedScreen shell={shell.clone()} /> },
                Route::Topics => html! { <topics::TopicsScreen shell={shell.clone()} /> },
                Route::Consultations => html! { <consultations::ConsultationsScreen shell={shell.clone()} /> },
                Route::Consultation(slug) => html! {
                    <consultations::ConsultationScreen shell={shell.clone()} slug={AttrValue::from(slug.clone())} />
                },
                Route::NotFound => html! {
                    <>
                        <h1 id={TITLE_ID} tabindex="-1">{ t.not_found_title }</h1>
                        <p>{ t.not_found }</p>
                    </>
                },
            };
            let link = |route: Route, label: &'static str| {
                let current = std::mem::discriminant(&route) == std::mem::discriminant(&state.route);
                html! {
                    <li><Link navigate={navigate.clone()} {route} current={current}>{ label }</Link></li>
                }
            };
            let role = me.role;
            html! {
                <>
                    <header class="console-header">
                        <p class="console-product">{ t.product }</p>
                        <p class="console-user">
                            { &me.display_name }{ " (" }{ i18n::role(role, lang) }{ ", " }
                            <span translate="no">{ &me.agency }</span>{ ")" }
                        </p>
                        { lang_button.clone() }
                        <button type="button" class="tt-button tt-button--secondary" onclick={log_out}>{ t.log_out }</button>
                    </header>
                    <nav class="console-nav" aria-label={t.nav_label}>
                        <ul>
                            { link(Route::Queue, t.nav_queue) }
                            if role.includes(domain::Role::Officer) { { link(Route::RecordOffline, t.nav_record) } }
                            { link(Route::Ratings, t.nav_ratings) }
                            if role.includes(domain::Role::Officer) { { link(Route::Consultations, t.nav_consultations) } }
                            if role.includes(domain::Role::Admin) { { link(Route::Admin, t.nav_admin) } }
                            if role.includes(domain::Role::Admin) { { link(Route::Embed, t.nav_embed) } }
                        </ul>
                    </nav>
                    <main id={MAIN_ID} class="console-main">{ screen }</main>
                </>
            }
        }
    };
    let signed_out = !matches!(state.session, Session::In(_));
    html! {
        <div class="tt console" ref={base} lang={lang.as_str()}>
            <a class="console-skip" href={format!("#{TITLE_ID}")} onclick={skip}>{ t.skip_link }</a>
            if signed_out {
                <header class="console-header">
                    <p class="console-product">{ t.product }</p>
                    { lang_button }
                </header>
            }
            { content }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct LinkProps {
    pub route: Route,
    pub navigate: Callback<Route>,
    #[prop_or_default]
    pub current: bool,
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub id: Option<AttrValue>,
    pub children: Html,
}

/// A link to a screen: a real `href` (open in a new tab, copy the address), followed in the app on a plain
/// click.
#[component]
pub fn Link(props: &LinkProps) -> Html {
    let onclick = {
        let (route, navigate) = (props.route.clone(), props.navigate.clone());
        Callback::from(move |e: MouseEvent| {
            if e.ctrl_key() || e.meta_key() || e.shift_key() || e.alt_key() || e.button() != 0 {
                return;
            }
            e.prevent_default();
            navigate.emit(route.clone());
        })
    };
    html! {
        <a href={props.route.href()} class={props.class.clone()} id={props.id.clone()} {onclick}
            aria-current={props.current.then_some("page")}>
            { props.children.clone() }
        </a>
    }
}

/// Says `message` through the page's live region, in the console's language.
pub fn say(message: &str, lang: Lang) {
    announce(message, lang);
}
