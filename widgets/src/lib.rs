//! The Tương Tác widgets. The loader (`loader/tuongtac.js`) defines one custom element per widget and, when
//! the first one connects, loads this module and calls [`mount`] with the element's shadow root.
//! No widget reads or writes the page outside its own shadow root, except the one light-DOM announcer.

mod announce;
mod api;
mod ask;
mod i18n;
mod json;
mod tracker;
mod ui;

use domain::Lang;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, ShadowRoot};
use yew::{AppHandle, AttrValue, Renderer};

use ask::{Ask, AskProps};
use tracker::{Tracker, TrackerProps};

/// What the element's attributes say, as the loader passes them.
struct Attributes {
    agency: AttrValue,
    lang: Lang,
    topic: Option<AttrValue>,
    api: AttrValue,
    code: Option<AttrValue>,
    tracker_url: Option<AttrValue>,
}

impl Attributes {
    fn read(props: &JsValue) -> Attributes {
        let get = |name: &str| {
            js_sys::Reflect::get(props, &JsValue::from_str(name)).ok().and_then(|v| v.as_string()).filter(|s| !s.is_empty())
        };
        Attributes {
            agency: get("agency").unwrap_or_default().into(),
            lang: Lang::from_tag(&get("lang").unwrap_or_default()),
            topic: get("topic").map(AttrValue::from),
            api: get("api").unwrap_or_default().trim_end_matches('/').to_owned().into(),
            code: get("code").map(AttrValue::from),
            tracker_url: get("trackerUrl").map(AttrValue::from),
        }
    }
}

enum Mounted {
    Ask(AppHandle<Ask>, HtmlElement),
    Tracker(AppHandle<Tracker>, HtmlElement),
}

/// A mounted widget, kept by the custom element so attribute changes reach it and removal unmounts it.
#[wasm_bindgen]
pub struct WidgetHandle(Option<Mounted>);

#[wasm_bindgen]
impl WidgetHandle {
    /// Re-renders with the element's current attributes (e.g. after `lang` changed).
    pub fn update(&mut self, props: JsValue) {
        let attributes = Attributes::read(&props);
        match &mut self.0 {
            Some(Mounted::Ask(handle, host)) => handle.update(ask_props(host.clone(), attributes)),
            Some(Mounted::Tracker(handle, host)) => handle.update(tracker_props(host.clone(), attributes)),
            None => {}
        }
    }

    pub fn destroy(&mut self) {
        match self.0.take() {
            Some(Mounted::Ask(handle, _)) => handle.destroy(),
            Some(Mounted::Tracker(handle, _)) => handle.destroy(),
            None => {}
        }
    }
}

fn ask_props(host: HtmlElement, attributes: Attributes) -> AskProps {
    AskProps {
        agency: attributes.agency,
        lang: attributes.lang,
        topic: attributes.topic,
        api: attributes.api,
        tracker_url: attributes.tracker_url,
        host,
    }
}

fn tracker_props(host: HtmlElement, attributes: Attributes) -> TrackerProps {
    TrackerProps { agency: attributes.agency, lang: attributes.lang, code: attributes.code, api: attributes.api, host }
}

/// Mounts widget `widget` (`"ask"` or `"tracker"`) into `root`, the open shadow root of `host`.
#[wasm_bindgen]
pub fn mount(widget: &str, host: HtmlElement, root: ShadowRoot, props: JsValue) -> Result<WidgetHandle, JsValue> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let container = document.create_element("div")?;
    root.append_child(&container)?;
    let attributes = Attributes::read(&props);
    match widget {
        "ask" => {
            let handle = Renderer::<Ask>::with_root_and_props(container, ask_props(host.clone(), attributes)).render();
            Ok(WidgetHandle(Some(Mounted::Ask(handle, host))))
        }
        "tracker" => {
            let handle = Renderer::<Tracker>::with_root_and_props(container, tracker_props(host.clone(), attributes)).render();
            Ok(WidgetHandle(Some(Mounted::Tracker(handle, host))))
        }
        other => Err(JsValue::from_str(&format!("unknown widget {other}"))),
    }
}
