//! The staff API, same origin: the session travels in its HttpOnly cookie, so nothing here holds a token. The
//! console's own module carries serde_json (citizens never download it), so the domain's serde derives map
//! every answer.

use domain::{ApiError, FieldErrors};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Request, RequestCache, RequestCredentials, RequestInit, Response};

/// A request that has not answered after this long failed.
const REQUEST_TIMEOUT_MS: u32 = 20_000;

/// What the server answered, as the screens need to tell it apart.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply<T> {
    Ok(T),
    /// 422: the field map, shown inline and in the error summary.
    Invalid(FieldErrors),
    /// 401: no live session (never logged in, logged out, or expired).
    Unauthorized,
    Forbidden,
    NotFound,
    /// 409: the thing changed under us, or the move is not allowed from where it now is.
    Conflict(ApiError),
    /// 429: too many tries; seconds to wait.
    TooMany(Option<u64>),
    /// The network, a 5xx or an answer that could not be read.
    Failed,
}

impl<T> Reply<T> {
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Reply<U> {
        match self {
            Reply::Ok(value) => Reply::Ok(f(value)),
            Reply::Invalid(errors) => Reply::Invalid(errors),
            Reply::Unauthorized => Reply::Unauthorized,
            Reply::Forbidden => Reply::Forbidden,
            Reply::NotFound => Reply::NotFound,
            Reply::Conflict(error) => Reply::Conflict(error),
            Reply::TooMany(secs) => Reply::TooMany(secs),
            Reply::Failed => Reply::Failed,
        }
    }
}

async fn send(method: &str, path: &str, body: Option<String>) -> Result<(u16, String), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let init = RequestInit::new();
    init.set_method(method);
    init.set_credentials(RequestCredentials::SameOrigin);
    // Staff read what is true now: public answers the console also reads (an agency, a consultation) may be
    // cached for citizens, and a moment-old copy would hide a staff member's own change.
    init.set_cache(RequestCache::NoCache);
    let controller = AbortController::new()?;
    init.set_signal(Some(&controller.signal()));
    if let Some(body) = &body {
        init.set_body(&JsValue::from_str(body));
    }
    let request = Request::new_with_str_and_init(path, &init)?;
    if body.is_some() {
        request.headers().set("Content-Type", "application/json")?;
    }
    let abort = gloo_timers::callback::Timeout::new(REQUEST_TIMEOUT_MS, move || controller.abort());
    let response: Response = JsFuture::from(window.fetch_with_request(&request)).await?.dyn_into()?;
    let text = JsFuture::from(response.text()?).await?.as_string().unwrap_or_default();
    drop(abort);
    Ok((response.status(), text))
}

fn read<T: DeserializeOwned>(status: u16, body: &str) -> Reply<T> {
    let error = || serde_json::from_str::<ApiError>(body).ok();
    match status {
        200..=299 => serde_json::from_str(if body.is_empty() { "null" } else { body }).map_or(Reply::Failed, Reply::Ok),
        401 => Reply::Unauthorized,
        403 => Reply::Forbidden,
        404 => Reply::NotFound,
        409 => error().map_or(Reply::Failed, Reply::Conflict),
        422 => match error().and_then(|e| e.errors) {
            Some(errors) => Reply::Invalid(FieldErrors { errors: errors.into_iter().collect() }),
            None => Reply::Failed,
        },
        429 => Reply::TooMany(error().and_then(|e| e.retry_after_seconds)),
        _ => Reply::Failed,
    }
}

pub async fn get<T: DeserializeOwned>(path: &str) -> Reply<T> {
    match send("GET", path, None).await {
        Ok((status, body)) => read(status, &body),
        Err(_) => Reply::Failed,
    }
}

/// A write with a JSON body (`POST`, `PUT`); `T` is `()` where the answer has no body.
pub async fn write<B: Serialize, T: DeserializeOwned>(method: &str, path: &str, body: &B) -> Reply<T> {
    let Ok(body) = serde_json::to_string(body) else { return Reply::Failed };
    match send(method, path, Some(body)).await {
        Ok((status, body)) => read(status, &body),
        Err(_) => Reply::Failed,
    }
}

pub async fn delete(path: &str) -> Reply<()> {
    match send("DELETE", path, None).await {
        Ok((status, body)) => read(status, &body),
        Err(_) => Reply::Failed,
    }
}

/// A path segment or query value, percent-encoded.
pub fn encode(value: &str) -> String {
    String::from(js_sys::encode_uri_component(value))
}
