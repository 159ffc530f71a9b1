// Nothing on a portal's page moves when a widget appears: every demo page, loaded as a slow phone would (the
// widgets' code arrives well after the page is drawn), cold and then warm, and on an office screen, shows no
// layout shift of anything in or after a widget (what is before every widget, no widget can move). Times
// are measured by `cargo xtask bench`, not here.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, launchBrowser, startServer } from './harness.mjs';
import { SLOW_PHONE, measureLoad } from './layout.mjs';

const PAGES = readdirSync(join(ROOT, 'demo')).filter(name => name.endsWith('.html')).sort();
const OFFICE = { ...SLOW_PHONE, viewport: { width: 1366, height: 768 }, cpuSlowdown: 1 };

let server, browser;
before(async () => { [server, browser] = await Promise.all([startServer(), launchBrowser()]); });
after(async () => { await browser?.close(); await server?.stop(); });

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
