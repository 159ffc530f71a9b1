//! The console's screens as addresses under `/staff/`, so that a reload or a shared link lands on the same
//! screen. Navigation pushes the address and tells the app; the browser's back button does the same through
//! `popstate`.

use std::cell::RefCell;

use wasm_bindgen::JsValue;

pub const BASE: &str = "/staff";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Queue,
    Question(String),
    RecordOffline,
    Ratings,
    Admin,
    Topics,
    Embed,
    Consultations,
    Consultation(String),
    NotFound,
}

impl Route {
    /// The screen at `path` (the address's path, without the query).
    pub fn parse(path: &str) -> Route {
        let rest = path.strip_prefix(BASE).unwrap_or("/").trim_end_matches('/');
        let segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
        match segments.as_slice() {
            [] | ["questions"] => Route::Queue,
            ["questions", code] => Route::Question(decode(code)),
            ["record"] => Route::RecordOffline,
            ["ratings"] => Route::Ratings,
            ["admin"] => Route::Admin,
            ["admin", "topics"] => Route::Topics,
            ["embed"] => Route::Embed,
            ["consultations"] => Route::Consultations,
            ["consultations", slug] => Route::Consultation(decode(slug)),
            _ => Route::NotFound,
        }
    }

    pub fn href(&self) -> String {
        match self {
            Route::Queue | Route::NotFound => format!("{BASE}/"),
            Route::Question(code) => format!("{BASE}/questions/{}", String::from(js_sys::encode_uri_component(code))),
            Route::RecordOffline => format!("{BASE}/record"),
            Route::Ratings => format!("{BASE}/ratings"),
            Route::Admin => format!("{BASE}/admin"),
            Route::Topics => format!("{BASE}/admin/topics"),
            Route::Embed => format!("{BASE}/embed"),
            Route::Consultations => format!("{BASE}/consultations"),
            Route::Consultation(slug) => {
                format!("{BASE}/consultations/{}", String::from(js_sys::encode_uri_component(slug)))
            }
        }
    }

    /// The screen the browser's address shows now.
    pub fn current() -> Route {
        let path = web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_default();
        Route::parse(&path)
    }
}

fn decode(segment: &str) -> String {
    if !segment.contains('%') {
        return segment.to_owned();
    }
    js_sys::decode_uri_component(segment).ok().and_then(|s| s.as_string()).unwrap_or_else(|| segment.to_owned())
}

thread_local! {
    /// The queue's address as it last showed (its filters), so that going back to the queue from a question
    /// shows the same list. In memory only: it goes with the page, or when the staff member logs out.
    static QUEUE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Puts `route` in the address bar (a new history entry); the queue with the filters it last showed.
pub fn push(route: &Route) {
    let href = match route {
        Route::Queue => QUEUE.with(|queue| queue.borrow().clone()).unwrap_or_else(|| route.href()),
        _ => route.href(),
    };
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&href));
    }
}

/// The queue now shows the list at `href`: the address says so, and going back to the queue returns to it.
pub fn show_queue(href: &str) {
    replace(href);
    QUEUE.with(|queue| *queue.borrow_mut() = Some(href.to_owned()));
}

/// The next staff member on this page starts from the whole queue.
pub fn forget_queue() {
    QUEUE.with(|queue| *queue.borrow_mut() = None);
}

/// Puts `href` in the address bar in place of the current entry: the same screen, now showing other things.
fn replace(href: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(href));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_read_back_as_their_screens() {
        assert_eq!(Route::parse("/staff/"), Route::Queue);
        assert_eq!(Route::parse("/staff"), Route::Queue);
        assert_eq!(Route::parse("/staff/questions/K7M4Q-X9PRT"), Route::Question("K7M4Q-X9PRT".into()));
        assert_eq!(Route::parse("/staff/record"), Route::RecordOffline);
        assert_eq!(Route::parse("/staff/ratings"), Route::Ratings);
        assert_eq!(Route::parse("/staff/admin/"), Route::Admin);
        assert_eq!(Route::parse("/staff/nothing/here"), Route::NotFound);
    }
}
