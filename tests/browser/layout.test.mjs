// Nothing on a portal's page moves when a widget appears: every demo page, loaded as a slow phone would (the
// widgets' code arrives well after the page is drawn), cold and then warm, and on an office screen, shows no
// layout shift of anything in or after a widget (what is before every widget, no widget can move). Times
// are measured by `cargo xtask bench`, not here.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, launchBrowser, startPortal, startServer } from './harness.mjs';
import { SLOW_PHONE, measureLoad } from './layout.mjs';

const PAGES = readdirSync(join(ROOT, 'demo')).filter(name => name.endsWith('.html')).sort();
const OFFICE = { ...SLOW_PHONE, viewport: { width: 1366, height: 768 }, cpuSlowdown: 1 };

let server, browser, portal;
before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  portal = await startPortal(server);
});
after(async () => { await browser?.close(); await server?.stop(); await portal?.close(); });

const described = shifts => JSON.stringify(shifts.map(s => ({ value: s.value.toFixed(4), sources: s.sources, byWidgets: s.byWidgets })));

for (const path of PAGES) {
  test(`${path}: no layout shift on a slow phone, cold and warm, nor on an office screen`, async () => {
    const phone = await browser.newContext({ viewport: SLOW_PHONE.viewport });
    try {
      const page = await phone.newPage();
      const cold = await measureLoad(page, `${server.url}/demo/${path}`, SLOW_PHONE);
      assert.equal(cold.cls, 0, `cold: ${described(cold.shifts)}`);
      const warm = await measureLoad(page, `${server.url}/demo/${path}`, SLOW_PHONE);
      assert.equal(warm.cls, 0, `warm: ${described(warm.shifts)}`);
    } finally {
      await phone.close();
    }
    const office = await browser.newContext({ viewport: OFFICE.viewport });
    try {
      const result = await measureLoad(await office.newPage(), `${server.url}/demo/${path}`, OFFICE);
      assert.equal(result.cls, 0, `office screen: ${described(result.shifts)}`);
    } finally {
      await office.close();
    }
  });
}

test('restyled smaller, hints hidden: the space kept below the form stays small, and nothing moves', async () => {
  const style = '<style>tuongtac-ask { --tuongtac-font-size: 13px } tuongtac-ask::part(hint) { display: none }</style>';
  const body = `${style}<h1>Hỏi đáp</h1><tuongtac-ask agency="demo"></tuongtac-ask><p>Chân trang.</p>`;
  const url = `${portal.origin}/trang?body=${encodeURIComponent(body)}`;
  for (const viewport of [SLOW_PHONE.viewport, { width: 1280, height: 2000 }]) {
    const context = await browser.newContext({ viewport });
    try {
      const page = await context.newPage();
      const result = await measureLoad(page, url, viewport === SLOW_PHONE.viewport ? SLOW_PHONE : undefined);
      assert.equal(result.cls, 0, `${viewport.width}×${viewport.height}: ${described(result.shifts)}`);
      const gap = await page.locator('tuongtac-ask').evaluate(host => {
        const box = host.shadowRoot.querySelector('.tt-root');
        return box.getBoundingClientRect().bottom - box.firstElementChild.getBoundingClientRect().bottom;
      });
      // Before, the space kept was the default text's (about 250 px more than this form).
      assert.ok(gap <= 5 * 13, `${viewport.width}×${viewport.height}: ${gap} px kept below the form`);
    } finally {
      await context.close();
    }
  }
});
