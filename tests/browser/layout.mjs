// Loading a page as a slow phone would, and reading what a person meets: when the page's own content is ready,
// when every widget on it can be used, and how far things moved (layout shifts). Shared by the layout test,
// which asserts that nothing moves, and by `cargo xtask bench`, which prints the times.

/** A cheap phone on a poor mobile network, as Chromium emulates it. */
export const SLOW_PHONE = {
  viewport: { width: 390, height: 844 },
  cpuSlowdown: 4,
  latencyMs: 150,
  downBytesPerSecond: 1_600_000 / 8,
  upBytesPerSecond: 750_000 / 8,
};

// Runs in the page before its own scripts: records layout shifts (those just after input are the person's
// own doing and do not count, as in Google's CLS) and the moment every widget shows a usable control.
function observe() {
  const seen = { shifts: [], usable: null };
  window.__layout = seen;
  const describe = node => {
    if (!node) return '?';
    const host = node.getRootNode && node.getRootNode().host;
    const name = node.nodeType === 1 ? [node, node.parentElement, node.parentElement?.parentElement].filter(Boolean).map(n => n.localName + (n.className ? '.' + String(n.className).split(' ')[0] : '')).join('<') : '#text';
    return host ? `${host.localName} › ${name}` : name;
  };
  // A widget can move only what is in it or after it: a shift of anything before every widget (the page's own
  // content, drawn while it is parsed) is the page's, not the widgets'.
  const byWidget = node => node && [...document.querySelectorAll('*')]
    .filter(el => el.localName.startsWith('tuongtac-'))
    .some(el => el === node || node.getRootNode?.().host === el ||
      (el.compareDocumentPosition(node) & (Node.DOCUMENT_POSITION_FOLLOWING | Node.DOCUMENT_POSITION_CONTAINED_BY)));
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) {
      if (!entry.hadRecentInput) {
        seen.shifts.push({
          value: entry.value, at: entry.startTime, sources: entry.sources.map(s => describe(s.node)),
          byWidgets: entry.sources.some(s => byWidget(s.node)),
        });
      }
    }
  }).observe({ type: 'layout-shift', buffered: true });
  const usable = () => {
    const widgets = [...document.querySelectorAll('*')].filter(el => el.localName.startsWith('tuongtac-'));
    // Once the page is parsed, a page without widgets is ready at once.
    const ready = document.readyState !== 'loading' && widgets.every(el =>
      el.shadowRoot?.querySelector('.tt-root :is(button, input, select, textarea, a[href])'));
    if (ready) seen.usable = performance.now();
    else requestAnimationFrame(usable);
  };
  requestAnimationFrame(usable);
}

/** Loads `url` in `page` under `profile` (see SLOW_PHONE; none: full speed) and resolves, a second after every
 * widget became usable, to `{ dcl, usable, cls, pageCls, shifts }` (milliseconds after navigation began; `cls`
 * sums the shifts the widgets caused, `pageCls` every shift). */
export async function measureLoad(page, url, profile) {
  if (!page.__layoutObserved) {
    await page.addInitScript(observe);
    page.__layoutObserved = true;
  }
  if (profile) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: profile.latencyMs,
      downloadThroughput: profile.downBytesPerSecond, uploadThroughput: profile.upBytesPerSecond,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpuSlowdown });
  }
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => window.__layout && window.__layout.usable !== null, null, { timeout: 60_000 });
  await page.waitForTimeout(1_000);
  return page.evaluate(() => {
    const navigation = performance.getEntriesByType('navigation')[0];
    const { shifts, usable } = window.__layout;
    return {
      dcl: navigation.domContentLoadedEventEnd, usable, shifts,
      cls: shifts.filter(shift => shift.byWidgets).reduce((sum, shift) => sum + shift.value, 0),
      pageCls: shifts.reduce((sum, shift) => sum + shift.value, 0),
    };
  });
}
