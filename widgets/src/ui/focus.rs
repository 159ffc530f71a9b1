//! The one way a widget moves focus: its state asks for an element by id, and the element gets focus once the
//! render that shows it is on screen.

use yew::prelude::*;

use super::focus_in_same_root;

/// Where focus goes after the next render. Counted, so asking for the same place twice moves focus twice.
#[derive(Clone, PartialEq, Default)]
pub struct FocusRequest {
    count: u32,
    id: AttrValue,
}

impl FocusRequest {
    /// Asks for focus on the element `id` of the widget's shadow root.
    pub fn to(&mut self, id: impl Into<AttrValue>) {
        self.count += 1;
        self.id = id.into();
    }

    /// The element asked for, if any was.
    pub fn target(&self) -> Option<&str> {
        (self.count > 0).then_some(self.id.as_str())
    }
}

/// Moves focus as `request` asks, after each render where it changed. Returns the ref to put on the
/// widget's `part="base"` element, through which its shadow root is found.
#[hook]
pub fn use_focus_after_render(request: FocusRequest) -> NodeRef {
    let base = use_node_ref();
    {
        let base = base.clone();
        use_effect_with(request, move |request| {
            if let (Some(id), Some(base)) = (request.target(), base.cast::<web_sys::Element>()) {
                focus_in_same_root(&base, id);
            }
        });
    }
    base
}
