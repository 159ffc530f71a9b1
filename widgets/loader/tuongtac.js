/* Tương Tác loader: the one script a webmaster includes. It defines the custom elements at once (cheap) and
   loads the widgets' wasm, JS glue and CSS only when the first element connects. Every asset URL is
   resolved from this script's own URL, never from the page or its <base>. `cargo xtask build` fills in the
   content-hashed file names and the widgets, each from its folder's element.rs: its observed attributes and
   what it is for, in Vietnamese and English. */
(function () {
  "use strict";
  var WIDGETS = __WIDGETS__; // name: [attributes, purpose in vi, purpose in en]
  var NAMES = Object.keys(WIDGETS);
  if (window.customElements.get("tuongtac-" + NAMES[0])) return; // Included twice: defined once.
  var script = document.currentScript ||
    [].slice.call(document.scripts).filter(function (s) { return /\/tuongtac(-loader-[0-9a-f]{16})?\.js(\?|#|$)/.test(s.src); })[0];
  var base = new URL(".", script.src);
  var FILES = { glue: "__GLUE__", wasm: "__WASM__", css: "__CSS__" };
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

  // What is said when the widget cannot load, naming what it is for.
  function failed(name, lang) {
    var purpose = WIDGETS[name];
    if (/^en/i.test(lang || "")) {
      return purpose[2].charAt(0).toUpperCase() + purpose[2].slice(1) + " could not be loaded. Please reload the page.";
    }
    return "Không tải được " + purpose[1] + ". Vui lòng tải lại trang.";
  }

  function define(name) {
    customElements.define("tuongtac-" + name, class extends HTMLElement {
      static get observedAttributes() { return WIDGETS[name][0]; }
      connectedCallback() {
        announcer();
        // connectedCallback runs again when the element moves: mount once.
        if (this._mounting) return;
        this._mounting = true;
        var el = this;
        var root = el.shadowRoot || el.attachShadow({ mode: "open" });
        load().then(function (loaded) {
          // Removed while the module was loading, and not put back: nothing to mount.
          if (!el.isConnected) { el._mounting = false; return; }
          root.adoptedStyleSheets = [loaded[1]];
          // `:host` sets only `display`: the reader's font size is set on this container (tt-root).
          var container = document.createElement("div");
          container.className = "tt-root";
          root.replaceChildren(container);
          // The widget reads its attributes itself; the server is this script's origin unless `api` says.
          el._widget = loaded[0].mount(name, el, container, base.origin);
        }).catch(function (error) {
          el._mounting = false;
          runtime = null;
          var p = document.createElement("p");
          p.setAttribute("role", "alert");
          p.textContent = failed(name, el.getAttribute("lang"));
          root.replaceChildren(p);
          console.error("tuongtac:", error);
        });
      }
      attributeChangedCallback() {
        if (this._widget) this._widget.update();
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
  NAMES.forEach(define);
})();
