//! The Tương Tác widgets. The loader (`loader/tuongtac.js`) defines one custom element per widget and, when
//! the first one connects, loads this module and calls [`mount`] with the element's shadow root.
//! No widget reads or writes the page outside its own shadow root, except the one light-DOM announcer.

mod announce;
mod api;
mod ask;
mod i18n;
mod json;
mod ui;

use domain::Lang;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, ShadowRoot};
use yew::{AppHandle, AttrValue, Renderer};

use ask::{Ask, AskProps};

/// What the element's attributes say, as the loader passes them.
struct Attributes {
    agency: AttrValue,
    lang: Lang,
    topic: Option<AttrValue>,
    api: AttrValue,
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
        }
    }
}

enum Mounted {
    Ask(AppHandle<Ask>, HtmlElement),
}

/// A mounted widget, kept by the custom element so attribute changes reach it and removal unmounts it.
#[wasm_bindgen]
pub struct WidgetHandle(Option<Mounted>);

#[wasm_bindgen]
impl WidgetHandle {
    /// Re-renders with the element's current attributes (e.g. after `lang` changed).
    pub fn update(&mut self, props: JsValue) {
        if let Some(Mounted::Ask(handle, host)) = &mut self.0 {
            handle.update(ask_props(host.clone(), Attributes::read(&props)));
        }
    }

    pub fn destroy(&mut self) {
        if let Some(Mounted::Ask(handle, _)) = self.0.take() {
            handle.destroy();
        }
    }
}

fn ask_props(host: HtmlElement, attributes: Attributes) -> AskProps {
    AskProps { agency: attributes.agency, lang: attributes.lang, topic: attributes.topic, api: attributes.api, host }
}

/// Mounts widget `widget` (`"ask"`) into `root`, the open shadow root of `host`.
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
        other => Err(JsValue::from_str(&format!("unknown widget {other}"))),
    }
}
