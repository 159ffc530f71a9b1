/* The script of an embed page (/embed/{widget}), the iframe the loader falls back to under a strict CSP. It
   applies the host element's theme, and tells the host page, by postMessage to its origin only, how tall the
   page is and which events the widget fired. */
(function () {
  "use strict";
  var params = new URLSearchParams(location.search);
  var host = params.get("origin");
  var el = document.body.firstElementChild;
  // The server answered only for an origin of the agency, and frame-ancestors lets only those frame us; a
  // message to another origin than the parent's is dropped by the browser. Chromium also names the parent.
  var ancestors = location.ancestorOrigins;
  if (window.parent === window || (ancestors && ancestors[0] !== host)) return;
  // Set through the CSSOM, which the page's CSP allows without 'unsafe-inline'; one property at a time, so a
  // value cannot add rules.
  document.body.style.margin = "0";
  params.forEach(function (value, name) {
    if (/^--tuongtac-[a-z0-9-]+$/.test(name)) el.style.setProperty(name, value);
  });
  function post(message) {
    message.tuongtac = 1;
    window.parent.postMessage(message, host);
  }
  // The host keeps the widget's first screen reserved until the citizen first acts in it, as in wasm mode.
  function acted() {
    post({ acted: true });
    removeEventListener("pointerdown", acted, true);
    removeEventListener("keydown", acted, true);
  }
  addEventListener("pointerdown", acted, true);
  addEventListener("keydown", acted, true);
  new ResizeObserver(function () {
    post({ height: Math.ceil(document.documentElement.getBoundingClientRect().height) });
  }).observe(document.documentElement);
  // Every event a widget fires goes through dispatchEvent on its element: each `tuongtac-*` one is passed on
  // with its detail, so no list of event names is kept here. Only our own scripts run on this page.
  var dispatch = EventTarget.prototype.dispatchEvent;
  EventTarget.prototype.dispatchEvent = function (event) {
    var result = dispatch.call(this, event);
    if (this === el && /^tuongtac-/.test(event.type)) post({ event: event.type, detail: event.detail });
    return result;
  };
})();
