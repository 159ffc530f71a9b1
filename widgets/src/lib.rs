//! The Tương Tác widgets. The loader (`loader/tuongtac.js`) defines one custom element per widget and, when
//! the first one connects, loads this module and calls [`mount`] with the element's shadow root.
//! No widget reads or writes the page outside its own shadow root, except the one light-DOM announcer and
//! the ask widget's hand-off to a tracker on the same page, and the archive's `QAPage` data in the head.

// A lookup's answer or a reducer's action lives for one message; boxing the large variant would add code to
// every citizen's download to save a few hundred bytes of stack.
#![allow(clippy::large_enum_variant)]
// The staff console (feature `console`) is built from this crate as a module of its own, without the widgets
// and their registry: the shared pieces only widgets use are then unused there, as expected.
#![cfg_attr(feature = "console", allow(dead_code, unused_imports))]

mod announce;
#[cfg(not(feature = "console"))]
mod api;
#[cfg(feature = "console")]
mod console;
#[cfg(not(feature = "console"))]
mod json;
#[cfg(not(feature = "console"))]
mod registry;
mod ui;

#[cfg(not(feature = "console"))]
use wasm_bindgen::prelude::*;
#[cfg(not(feature = "console"))]
use web_sys::{Element, HtmlElement};

#[cfg(not(feature = "console"))]
use registry::{Mounted, widgets};

// Every widget: one folder under `src/` and one line here. `cargo xtask bench` builds the suite once more
// without each widget that has a `cfg` here (`tt_without_…`), to measure what it costs.
#[cfg(not(feature = "console"))]
widgets![
    ask::Ask,
    tracker::Tracker,
    rating::Rating,
    #[cfg(not(tt_without_consultation))]
    consultation::Consultation,
    #[cfg(not(tt_without_archive))]
    archive::Archive,
];

/// A mounted widget, kept by the custom element so attribute changes reach it and removal unmounts it.
#[cfg(not(feature = "console"))]
#[wasm_bindgen]
pub struct WidgetHandle {
    app: Option<Box<dyn Mounted>>,
    host: HtmlElement,
    origin: String,
}

#[cfg(not(feature = "console"))]
#[wasm_bindgen]
impl WidgetHandle {
    /// Re-renders with the element's current attributes (e.g. after `lang` changed).
    pub fn update(&mut self) {
        if let Some(app) = &mut self.app {
            app.update(&self.host, &self.origin);
        }
    }

    pub fn destroy(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
    }
}

/// Mounts the widget of element `tuongtac-NAME` into `container`, which the loader put in the open shadow
/// root of `host`. `origin` is the loader's own origin, the server a widget talks to unless its `api`
/// attribute names another.
#[cfg(not(feature = "console"))]
#[wasm_bindgen]
pub fn mount(name: &str, host: HtmlElement, container: Element, origin: String) -> Result<WidgetHandle, JsValue> {
    let entry = REGISTRY.iter().find(|entry| entry.name == name).ok_or("unknown widget")?;
    let app = (entry.mount)(container, &host, &origin);
    Ok(WidgetHandle { app: Some(app), host, origin })
}

#[cfg(all(test, not(feature = "console")))]
mod tests {
    use super::*;

    /// Every folder with an `element.rs` is registered, and every registered widget has its folder.
    #[test]
    fn the_registry_lists_every_widget_folder() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut folders: Vec<String> = std::fs::read_dir(&src)
            .unwrap()
            .flatten()
            .filter(|entry| entry.path().join("element.rs").is_file())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .collect();
        folders.sort();
        let mut registered: Vec<String> = REGISTRY.iter().map(|entry| entry.name.to_owned()).collect();
        registered.sort();
        assert_eq!(folders, registered);
        for element in ELEMENTS {
            for common in ["agency", "lang", "api"] {
                assert!(element.attributes.contains(&common), "{} must declare {common}", element.name);
            }
        }
    }

    /// What the loader fetches early for a widget is exactly what the widget asks for first, or the HTTP cache
    /// could not answer the widget and the early fetch would be wasted.
    #[test]
    fn each_prefetch_is_the_widgets_own_first_request() {
        let (api, agency, slug) = ("https://api.example", "so-tttt", "du-thao");
        let first_requests = [
            ("ask", vec![api::agency_url(api, agency)]),
            ("consultation", vec![api::consultation_url(api, agency, slug)]),
            #[cfg(not(tt_without_archive))]
            ("archive", vec![api::agency_url(api, agency), api::archive_url(api, agency, 1)]),
        ];
        for element in ELEMENTS {
            let prefetched: Vec<String> = element
                .prefetch
                .iter()
                .map(|path| format!("{api}{}", path.replace("{agency}", agency).replace("{consultation}", slug)))
                .collect();
            let expected = first_requests.iter().find(|(name, _)| *name == element.name).map(|(_, urls)| urls.clone());
            assert_eq!(prefetched, expected.unwrap_or_default(), "{}", element.name);
        }
    }
}
