// The custom element <tuongtac-archive>. The widget reads these attributes, the loader observes them and
// names the widget by its purpose if it cannot load (`cargo xtask build` reads this file: one field a line).
crate::registry::CustomElement {
    name: "archive",
    attributes: &["agency", "lang", "api", "canonical-url", "consultation-url"],
    purpose_vi: "kho câu hỏi đã trả lời",
    purpose_en: "the archive of answered questions",
    prefetch: &["/api/v1/agencies/{agency}", "/api/v1/agencies/{agency}/archive?page=1&per_page=10"],
    reserve: &["0 30"],
}
