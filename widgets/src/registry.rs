//! The widgets the loader can mount, and what every widget does the same way: reading its element's
//! attributes, mounting into a shadow root, re-rendering when an attribute changes, unmounting.
//!
//! A widget is a folder under `src/` whose `element.rs` describes its custom element, plus one line in the
//! `widgets!` list of `lib.rs`. The widget implements [`Widget`]: its element, and its props built from the
//! element's attributes.

use domain::Lang;
use web_sys::HtmlElement;
use yew::{AppHandle, AttrValue, BaseComponent, Renderer};

/// A custom element `<tuongtac-NAME>`, written once in the widget's `element.rs`. The widget reads only
/// these attributes, and `cargo xtask build` writes the loader's list of elements and observed attributes
/// from the same file (so keep each field on one line there).
pub struct CustomElement {
    pub name: &'static str,
    pub attributes: &'static [&'static str],
    /// What the loader's failure message calls the widget: "Không tải được {purpose_vi}.",
    /// "{purpose_en} could not be loaded." Read by `cargo xtask build`, not by the widgets.
    #[allow(dead_code)]
    pub purpose_vi: &'static str,
    #[allow(dead_code)]
    pub purpose_en: &'static str,
    /// What the widget asks the server for first (paths with `{attribute}`s), which the loader fetches
    /// together with the code so the widget finds it in the HTTP cache; a path with a query (a list's first
    /// page) is skipped when the page's address has a `tt-` parameter. Read by `cargo xtask build`.
    #[allow(dead_code)]
    pub prefetch: &'static [&'static str],
    /// The space the widget's first screen takes, which the loader keeps free from the start so that the
    /// page does not move when the widget appears: rows `"[attribute=value ]from-width-px height-rem"`, the
    /// last row that applies wins. Read by `cargo xtask build`; measured as `cargo xtask bench` says.
    #[allow(dead_code)]
    pub reserve: &'static [&'static str],
}

/// A widget's component, mountable by the registry.
pub trait Widget: BaseComponent {
    const ELEMENT: CustomElement;

    /// The props for the element's current attributes.
    fn props(attributes: &Attributes) -> Self::Properties;
}

/// The attributes of a widget's element, read when it mounts and again whenever one of them changes.
pub struct Attributes<'a> {
    host: &'a HtmlElement,
    declared: &'static [&'static str],
    /// The loader's own origin, the default server.
    origin: &'a str,
}

impl Attributes<'_> {
    /// The attribute `name`, if set and not empty. Only attributes the element declares are read: the loader
    /// observes no other, so a widget could not follow changes to them.
    pub fn get(&self, name: &str) -> Option<AttrValue> {
        if !self.declared.contains(&name) {
            return None;
        }
        self.host.get_attribute(name).filter(|value| !value.is_empty()).map(AttrValue::from)
    }

    /// `agency`: the agency's slug.
    pub fn agency(&self) -> AttrValue {
        self.get("agency").unwrap_or_default()
    }

    /// `lang`: Vietnamese unless it says English.
    pub fn lang(&self) -> Lang {
        Lang::from_tag(self.get("lang").as_deref().unwrap_or_default())
    }

    /// `api`: the server's origin, by default the loader's own.
    pub fn api(&self) -> AttrValue {
        let api = self.get("api");
        api.as_deref().unwrap_or(self.origin).trim_end_matches('/').to_owned().into()
    }

    /// The custom element itself, on which events are fired.
    pub fn host(&self) -> HtmlElement {
        self.host.clone()
    }
}

/// A mounted widget of any kind.
pub trait Mounted {
    fn update(&mut self, host: &HtmlElement, origin: &str);
    fn destroy(self: Box<Self>);
}

impl<W: Widget> Mounted for AppHandle<W> {
    fn update(&mut self, host: &HtmlElement, origin: &str) {
        AppHandle::update(self, W::props(&Attributes { host, declared: W::ELEMENT.attributes, origin }));
    }

    fn destroy(self: Box<Self>) {
        AppHandle::destroy(*self);
    }
}

/// One line of the registry: a widget's element name and how to mount it.
pub struct Entry {
    pub name: &'static str,
    pub mount: fn(web_sys::Element, &HtmlElement, &str) -> Box<dyn Mounted>,
}

impl Entry {
    pub const fn of<W: Widget>() -> Entry {
        Entry { name: W::ELEMENT.name, mount: mount_as::<W> }
    }
}

fn mount_as<W: Widget>(container: web_sys::Element, host: &HtmlElement, origin: &str) -> Box<dyn Mounted> {
    let props = W::props(&Attributes { host, declared: W::ELEMENT.attributes, origin });
    Box::new(Renderer::<W>::with_root_and_props(container, props).render())
}

/// Declares each widget's module and lists it in the registry: `widgets![ask::Ask, tracker::Tracker]`. An
/// entry may carry attributes, such as the `cfg` that lets `cargo xtask bench` build the suite without it.
macro_rules! widgets {
    ($($(#[$attr:meta])* $module:ident :: $widget:ident),* $(,)?) => {
        $($(#[$attr])* mod $module;)*
        static REGISTRY: &[registry::Entry] = &[$($(#[$attr])* registry::Entry::of::<$module::$widget>()),*];
        #[cfg(test)]
        const ELEMENTS: &[&registry::CustomElement] = &[$($(#[$attr])* &<$module::$widget as registry::Widget>::ELEMENT),*];
    };
}
pub(crate) use widgets;
