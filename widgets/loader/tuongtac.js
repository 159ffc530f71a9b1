/* Tương Tác loader: the one script a webmaster includes. It defines the custom elements at once (cheap) and
   loads the widgets' wasm, JS glue and CSS only when the first element connects. Every asset URL is
   resolved from this script's own URL, never from the page or its <base>. `cargo xtask build` fills in the
   content-hashed file names below. */
(function () {
  "use strict";
  var WIDGETS = ["ask", "tracker"];
  if (window.customElements.get("tuongtac-" + WIDGETS[0])) return; // Included twice: defined once.
  var script = document.currentScript ||
    [].slice.call(document.scripts).filter(function (s) { return /\/tuongtac\.js(\?|#|$)/.test(s.src); })[0];
  var base = new URL(".", script.src);
  var FILES = { glue: "__GLUE__", wasm: "__WASM__", css: "__CSS__" };
  var FAILED = {
    vi: "Không tải được biểu mẫu. Vui lòng tải lại trang.",
    en: "The form could not be loaded. Please reload the page."
  };
  var runtime;

  function load() {
    return runtime || (runtime = Promise.all([
      import(new URL(FILES.glue, base).href).then(function (glue) {
        return glue.default({ module_or_path: new URL(FILES.wasm, base) }).then(function () { return glue; });
      }),
      fetch(new URL(FILES.css, base)).then(function (r) {
        if (!r.ok) throw new Error("CSS " + r.status);
        return r.text();
      }).then(function (css) {
        var sheet = new CSSStyleSheet();
        sheet.replaceSync(css);
        return sheet;
      })
    ]));
  }

  // Chrome does not reliably announce live regions inside shadow DOM: one visually hidden polite region in
  // the page's light DOM speaks for every widget. It must exist before its text changes.
  function announcer() {
    if (document.getElementById("tuongtac-announcer")) return;
    var region = document.createElement("div");
    region.id = "tuongtac-announcer";
    region.setAttribute("aria-live", "polite");
    region.setAttribute("aria-atomic", "true");
    region.style.cssText = "position:absolute!important;width:1px!important;height:1px!important;" +
      "margin:-1px!important;padding:0!important;overflow:hidden!important;clip-path:inset(50%)!important;" +
      "white-space:nowrap!important;border:0!important;";
    document.body.appendChild(region);
  }

  function attributes(el) {
    return {
      agency: el.getAttribute("agency") || "",
      lang: el.getAttribute("lang") || "vi",
      topic: el.getAttribute("topic") || "",
      api: el.getAttribute("api") || base.origin,
      code: el.getAttribute("code") || "",
      trackerUrl: el.getAttribute("tracker-url") || ""
    };
  }

  function define(name) {
    customElements.define("tuongtac-" + name, class extends HTMLElement {
      static get observedAttributes() { return ["agency", "lang", "topic", "api", "code", "tracker-url"]; }
      connectedCallback() {
        announcer();
        // connectedCallback runs again when the element moves: mount once.
        if (this._mounting) return;
        this._mounting = true;
        var el = this;
        var root = el.shadowRoot || el.attachShadow({ mode: "open" });
        load().then(function (loaded) {
          root.adoptedStyleSheets = [loaded[1]];
          el._widget = loaded[0].mount(name, el, root, attributes(el));
        }).catch(function (error) {
          el._mounting = false;
          runtime = null;
          var p = document.createElement("p");
          p.setAttribute("role", "alert");
          p.textContent = FAILED[attributes(el).lang.slice(0, 2) === "en" ? "en" : "vi"];
          root.replaceChildren(p);
          console.error("tuongtac:", error);
        });
      }
      attributeChangedCallback() {
        if (this._widget) this._widget.update(attributes(this));
      }
      disconnectedCallback() {
        var el = this;
        // A move is a disconnect followed at once by a connect: unmount only if the element stays out.
        queueMicrotask(function () {
          if (!el.isConnected && el._widget) {
            el._widget.destroy();
            el._widget = null;
            el._mounting = false;
            el.shadowRoot.replaceChildren();
          }
        });
      }
    });
  }
  WIDGETS.forEach(define);
})();
