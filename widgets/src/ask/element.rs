// The custom element <tuongtac-ask>. The widget reads these attributes, the loader observes them and names
// the widget by its purpose if it cannot load (`cargo xtask build` reads this file: one field a line).
crate::registry::CustomElement {
    name: "ask",
    attributes: &["agency", "lang", "api", "topic", "tracker-url"],
    purpose_vi: "biểu mẫu gửi câu hỏi",
    purpose_en: "the question form",
    prefetch: &["/api/v1/agencies/{agency}"],
    reserve: &["0 75.5", "340 69", "500 63"],
}
