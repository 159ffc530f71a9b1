// The custom element <tuongtac-consultation>. The widget reads these attributes, the loader observes them and
// names the widget by its purpose if it cannot load (`cargo xtask build` reads this file: one field a line).
crate::registry::CustomElement {
    name: "consultation",
    attributes: &["agency", "lang", "api", "consultation"],
    purpose_vi: "trang góp ý dự thảo",
    purpose_en: "the draft consultation",
    prefetch: &["/api/v1/agencies/{agency}/consultations/{consultation}"],
    reserve: &["0 50"],
}
