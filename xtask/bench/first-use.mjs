// `cargo xtask bench` runs this: how soon each demo page's widgets can be used, next to when the page's own
// content is ready (DOMContentLoaded), and how far the page moves (cumulative layout shift), on a slow phone
// as Chromium emulates it: CPU 4× slower, 1.6 Mbps down, 750 kbps up, 150 ms round trips, 390 px wide. Cold is
// a new browser context (empty cache); warm is the same page loaded again in it. A benchmark, not a test: it
// prints medians and asserts nothing about time (tests/browser/layout.test.mjs asserts the shift).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, launchBrowser, startServer } from '../../tests/browser/harness.mjs';
import { SLOW_PHONE, measureLoad } from '../../tests/browser/layout.mjs';

// Every demo page with a widget on it.
const PAGES = readdirSync(join(ROOT, 'demo')).filter(name => name.endsWith('.html') && name !== 'du-lieu-mo.html').sort();
const RUNS = Number(process.env.RUNS || 3);

const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = ms => (ms / 1000).toFixed(2).padStart(6);

const server = await startServer();
const browser = await launchBrowser();
try {
  console.log(`\nFirst use on a slow phone (median of ${RUNS}; seconds after navigation; CLS = cumulative layout shift)`);
  console.log(`${'page'.padEnd(22)} ${'cold: DCL'.padStart(9)} ${'usable'.padStart(6)} ${'ratio'.padStart(5)} ${'CLS'.padStart(6)}` +
    `   ${'warm: DCL'.padStart(9)} ${'usable'.padStart(6)} ${'ratio'.padStart(5)} ${'CLS'.padStart(6)}`);
  for (const path of PAGES) {
    let pageShift = 0;
    const cold = [];
    const warm = [];
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ viewport: SLOW_PHONE.viewport });
      const page = await context.newPage();
      cold.push(await measureLoad(page, `${server.url}/demo/${path}`, SLOW_PHONE));
      warm.push(await measureLoad(page, `${server.url}/demo/${path}`, SLOW_PHONE));
      await context.close();
    }
    const row = runs => {
      const dcl = median(runs.map(r => r.dcl));
      const usable = median(runs.map(r => r.usable));
      const cls = Math.max(...runs.map(r => r.cls));
      pageShift = Math.max(pageShift, ...runs.map(r => r.pageCls - r.cls));
      return `${seconds(dcl)}    ${seconds(usable)} ${(usable / dcl).toFixed(1).padStart(5)} ${cls.toFixed(3).padStart(6)}`;
    };
    const rows = `${row(cold)}   ${row(warm)}`;
    console.log(`${path.padEnd(22)} ${rows}${pageShift > 0 ? `  (the page's own content shifted ${pageShift.toFixed(3)})` : ''}`);
  }
  console.log('(usable: every widget on the page shows a control a person can use; CLS: the shifts of what is in or');
  console.log(' after a widget, summed over the load, the largest of the runs)');
} finally {
  await browser.close();
  await server.stop();
}
