//! The widget's place in the host page's address: `tt-q`, `tt-topic`, `tt-page` or `tt-code`. Only these
//! parameters are read and written; the page's own parameters and its fragment are kept as they are.

use web_sys::UrlSearchParams;

const PARAMS: [&str; 4] = ["tt-q", "tt-topic", "tt-page", "tt-code"];

#[derive(Clone, Default, PartialEq)]
pub struct Address {
    pub words: String,
    pub topic: String,
    /// 1-based.
    pub page: u32,
    /// A published question's tracking code: that question alone.
    pub code: String,
}

fn location() -> Option<web_sys::Location> {
    web_sys::window().map(|w| w.location())
}

/// The page's parameters without the widget's.
fn others() -> UrlSearchParams {
    let search = location().and_then(|l| l.search().ok()).unwrap_or_default();
    let params = UrlSearchParams::new_with_str(&search).unwrap_or_else(|_| UrlSearchParams::new().expect("params"));
    for name in PARAMS {
        params.delete(name);
    }
    params
}

impl Address {
    /// What the page's address names now.
    pub fn read() -> Address {
        let search = location().and_then(|l| l.search().ok()).unwrap_or_default();
        let Ok(params) = UrlSearchParams::new_with_str(&search) else { return Address { page: 1, ..Address::default() } };
        let get = |name| params.get(name).map(|v| v.trim().to_owned()).unwrap_or_default();
        Address {
            words: get("tt-q"),
            topic: get("tt-topic"),
            page: get("tt-page").parse().ok().filter(|p| (1..=100_000).contains(p)).unwrap_or(1),
            code: get("tt-code"),
        }
    }

    /// The page's address with this place: the page's own parameters first, then the widget's.
    pub fn href(&self) -> String {
        let params = others();
        if !self.code.is_empty() {
            params.append("tt-code", &self.code);
        } else {
            for (name, value) in [("tt-q", &self.words), ("tt-topic", &self.topic)] {
                if !value.is_empty() {
                    params.append(name, value);
                }
            }
            if self.page > 1 {
                params.append("tt-page", &self.page.to_string());
            }
        }
        let query = String::from(params.to_string());
        let location = location();
        let path = location.as_ref().and_then(|l| l.pathname().ok()).unwrap_or_default();
        let hash = location.as_ref().and_then(|l| l.hash().ok()).unwrap_or_default();
        if query.is_empty() { format!("{path}{hash}") } else { format!("{path}?{query}{hash}") }
    }

    /// Adds this place to the browser's history, so that back returns to the one before.
    pub fn push(&self) {
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&self.href()));
        }
    }

    /// This page's full address without the widget's parameters: what a shared link adds `tt-code` to.
    pub fn page_without_params() -> String {
        let location = location();
        let origin = location.as_ref().and_then(|l| l.origin().ok()).unwrap_or_default();
        let path = location.as_ref().and_then(|l| l.pathname().ok()).unwrap_or_default();
        let query = String::from(others().to_string());
        if query.is_empty() { format!("{origin}{path}") } else { format!("{origin}{path}?{query}") }
    }
}
