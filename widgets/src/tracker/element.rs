// The custom element <tuongtac-tracker>. The widget reads these attributes, the loader observes them and
// names the widget by its purpose if it cannot load (`cargo xtask build` reads this file: one field a line).
crate::registry::CustomElement {
    name: "tracker",
    attributes: &["agency", "lang", "api", "code"],
    purpose_vi: "ô tra cứu câu hỏi",
    purpose_en: "the question lookup",
    prefetch: &[],
    reserve: &["0 32.5", "340 31", "500 26.5", "650 25"],
}
