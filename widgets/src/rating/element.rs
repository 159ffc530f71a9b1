// The custom element <tuongtac-rating>. The widget reads these attributes, the loader observes them and names
// the widget by its purpose if it cannot load (`cargo xtask build` reads this file: one field a line).
crate::registry::CustomElement {
    name: "rating",
    attributes: &["agency", "lang", "api", "mode", "scope", "page"],
    purpose_vi: "phần đánh giá thông tin",
    purpose_en: "the rating form",
    prefetch: &[],
    reserve: &["0 106", "340 98", "500 90", "mode=compact 0 10.5", "mode=compact 568 7"],
}
