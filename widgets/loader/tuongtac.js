/* Tương Tác loader: the one script a webmaster includes. It defines the custom elements at once (cheap) and
   loads the widgets' wasm, JS glue and CSS only when the first element connects. Every asset URL is
   resolved from this script's own URL, never from the page or its <base>. `cargo xtask build` fills in the
   content-hashed file names and the widgets, each from its folder's element.rs: its observed attributes and
   what it is for, in Vietnamese and English. */
(function () {
  "use strict";
  // name: [attributes, purpose in vi, purpose in en, what it fetches first, the space it first takes]
  var WIDGETS = __WIDGETS__;
  var NAMES = Object.keys(WIDGETS);
  if (window.customElements.get("tuongtac-" + NAMES[0])) return; // Included twice: defined once.
  var script = document.currentScript ||
    [].slice.call(document.scripts).filter(function (s) { return /\/tuongtac(-loader-[0-9a-f]{16})?\.js(\?|#|$)/.test(s.src); })[0];
  var base = new URL(".", script.src);
  var FILES = { glue: "__GLUE__", wasm: "__WASM__", css: "__CSS__" };
  var runtime, wasmRefused;
  var frames = []; // [iframe, element] of each widget shown through an embed page.

  // Whether the page's Content-Security-Policy refuses WebAssembly: the smallest module, compiled at once,
  // throws if it lacks 'wasm-unsafe-eval'. Then no reload will help, and the embed page takes over.
  function strict() {
    if (wasmRefused === undefined) {
      try { new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])); wasmRefused = false; }
      catch (e) { wasmRefused = true; }
    }
    return wasmRefused;
  }
  // A policy that lets the wasm compile may still refuse our files (connect-src, script-src of the glue).
  document.addEventListener("securitypolicyviolation", function (e) {
    if (/^(script|connect|default)/.test(e.effectiveDirective) && e.blockedURI.indexOf(base.origin) === 0) {
      wasmRefused = true;
    }
  });

  // The embed page tells its height and the widget's events; only our origin's frames are heard.
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.origin !== base.origin || !data || data.tuongtac !== 1) return;
    frames.forEach(function (f) {
      if (f[0].contentWindow !== event.source) return;
      if (data.height >= 0) f[0].style.height = data.height + "px";
      if (data.acted) f[0].style.minHeight = "";
      if (/^tuongtac-/.test(data.event)) {
        f[1].dispatchEvent(new CustomEvent(data.event, { bubbles: true, composed: true, detail: data.detail }));
      }
    });
  });

  // The widget in an iframe of our own origin, with the element's attributes, language, theme and our
  // origin's CSP, named by what it is for.
  function frame(name, el, root) {
    var lang = el.getAttribute("lang") || document.documentElement.lang;
    var url = new URL("../embed/" + name, base);
    var query = url.searchParams;
    // A link the widget is given (`tracker-url`) is meant from the host page, so it goes in whole.
    WIDGETS[name][0].forEach(function (a) {
      if (el.hasAttribute(a)) query.set(a, /-url$/.test(a) ? new URL(el.getAttribute(a), document.baseURI) : el.getAttribute(a));
    });
    if (lang) query.set("lang", lang);
    // What is rated is the host page, not the embed page.
    if (WIDGETS[name][0].indexOf("page") >= 0 && !query.has("page")) query.set("page", location.origin + location.pathname);
    query.set("origin", location.origin);
    var style = getComputedStyle(el);
    for (var i = 0; i < style.length; i++) {
      if (style[i].indexOf("--tuongtac-") === 0) query.set(style[i], style.getPropertyValue(style[i]).trim());
    }
    var iframe = document.createElement("iframe");
    var purpose = WIDGETS[name][/^en/i.test(lang || "") ? 2 : 1];
    iframe.title = purpose.charAt(0).toUpperCase() + purpose.slice(1);
    iframe.src = url.href;
    iframe.style.cssText = "display:block;width:100%;height:0;border:0;font-size:medium";
    root.replaceChildren(iframe);
    // The widget's first screen is reserved here too, until the citizen first acts in the frame.
    iframe.style.minHeight = space(name, el, iframe);
    frames.push([iframe, el]);
    el._frame = iframe;
  }

  // The glue, the wasm and the CSS are fetched at once, not the wasm only once the glue has arrived.
  function load() {
    if (runtime) return runtime;
    var wasm = fetch(new URL(FILES.wasm, base));
    return (runtime = Promise.all([
      import(new URL(FILES.glue, base).href).then(function (glue) {
        return glue.default({ module_or_path: wasm }).then(function () { return glue; });
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

  // What the widget asks the server for first, asked now, with the code: the widget's own request, the same
  // URL in the same mode, is then answered from the HTTP cache (or joins this one).
  // A path with a query is a list's first page, which a widget does not show first when the page's address
  // names a search, a page or one question (a `tt-` parameter).
  var prefetched = {}, deep = /[?&]tt-[a-z]+=[^&]/.test(location.search);
  function prefetch(name, el) {
    var api = (el.getAttribute("api") || base.origin).replace(/\/+$/, "");
    WIDGETS[name][3].forEach(function (path) {
      var missing = deep && path.indexOf("?") >= 0 ? "" : undefined;
      var url = api + path.replace(/\{([a-z-]+)\}/g, function (m, a) { return el.getAttribute(a) || (missing = ""); });
      if (missing === undefined && !prefetched[url]) {
        prefetched[url] = 1;
        fetch(url, { mode: "cors", credentials: "omit" }).catch(function () {});
      }
    });
  }

  // The height of the widget's first screen for this element, from its element.rs: rows of [attribute=value
  // or "", from this width in pixels, height in em of the widget's text], the last row that applies wins. The
  // widget's text is --tuongtac-font-size, else max(1rem, medium, 16px) (styles/tokens.css), so the height
  // scales the same way. An element without a width (hidden) gets none: nothing of it is on screen to move.
  function space(name, el, box) {
    var width = box.getBoundingClientRect().width;
    var height = 0;
    WIDGETS[name][4].forEach(function (row) {
      var when = row[0].split("=");
      if ((!row[0] || el.getAttribute(when[0]) === when[1]) && width >= row[1]) height = row[2];
    });
    return width ? "calc(" + height + "*var(--tuongtac-font-size,max(1em,1rem,16px)))" : "";
  }

  // The widget keeps at least the space of its first screen until it is drawn and letting go moves nothing on
  // screen, or until the citizen acts in it (a shift just after input is theirs, not the page's). The space is
  // measured again whenever the element's width changes, so a widget connected while hidden (a tab, a closed
  // <details>, a dialog not yet open) is given the space of the width it is shown at, or none once drawn.
  // A pointer lets go at the click, never at the press: the button must not move between press and release.
  function hold(name, el, box) {
    var held = true;
    var sizes = new ResizeObserver(fit);
    var children = new MutationObserver(watch);
    function release() {
      if (!held) return;
      held = false;
      box.style.minHeight = "";
      sizes.disconnect();
      children.disconnect();
      el.removeEventListener("click", release, true);
      el.removeEventListener("keydown", release, true);
    }
    function watch() {
      if (box.firstElementChild) sizes.observe(box.firstElementChild);
    }
    function fit() {
      if (!held) return;
      var content = box.firstElementChild;
      // Drawn: the widget's base holds its first screen (it is busy and empty while its first data comes).
      var drawn = content && content.firstElementChild && content.getAttribute("aria-busy") !== "true";
      var reserve = space(name, el, box);
      if (!reserve) return drawn ? release() : (box.style.minHeight = "");
      box.style.minHeight = reserve;
      if (!drawn) return;
      var shown = content.getBoundingClientRect(), kept = box.getBoundingClientRect();
      // Taller than its space, or reaching below the screen: what follows it is out of sight either way.
      if (shown.height >= kept.height - 1 || (shown.bottom >= innerHeight && shown.top < innerHeight)) release();
    }
    sizes.observe(box);
    children.observe(box, { childList: true });
    watch();
    el.addEventListener("click", release, true);
    el.addEventListener("keydown", release, true);
    fit();
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
        if (strict()) return frame(name, el, root);
        // Until the code arrives, an empty box as tall as the widget's first screen, so nothing moves then.
        var loading = load();
        prefetch(name, el);
        // Measured on a block in the shadow root: the element itself is inline until its stylesheet comes.
        // The same block becomes the widget's container.
        var box = document.createElement("div");
        box.style.fontSize = "medium";
        root.replaceChildren(box);
        hold(name, el, box);
        loading.then(function (loaded) {
          // Removed while the module was loading, and not put back: nothing to mount.
          if (!el.isConnected) { el._mounting = false; root.replaceChildren(); return; }
          root.adoptedStyleSheets = [loaded[1]];
          // `:host` sets only `display`: the reader's font size is set on this container (tt-root).
          box.className = "tt-root";
          box.style.fontSize = "";
          // The widget reads its attributes itself; the server is this script's origin unless `api` says.
          el._widget = loaded[0].mount(name, el, box, base.origin);
        }).catch(function (error) {
          runtime = null;
          if (wasmRefused) return frame(name, el, root);
          el._mounting = false;
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
          if (!el.isConnected && el._frame) {
            frames = frames.filter(function (f) { return f[1] !== el; });
            el._frame = null;
            el._mounting = false;
            el.shadowRoot.replaceChildren();
          }
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
