// The custom element <tuongtac-rating>. The widget reads these attributes, the loader observes them and names
// the widget by its purpose if it cannot load (`cargo xtask build` reads this file: one field a line).
crate::registry::CustomElement {
    name: "rating",
    attributes: &["agency", "lang", "api", "mode", "scope", "page"],
    purpose_vi: "phần đánh giá thông tin",
    purpose_en: "the rating form",
}
