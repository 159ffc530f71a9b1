// The loader as webmasters use it: one script tag, anywhere, possibly twice, with widgets added later.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, launchBrowser, startServer } from '../../tests/browser/harness.mjs';

let server, browser;
before(async () => { [server, browser] = await Promise.all([startServer(), launchBrowser()]); });
after(async () => { await browser?.close(); await server?.stop(); });

/** Serves `body` as a page of the server's own origin (an allowed origin of the demo agency); `setup(page)`
 * runs before it loads. */
async function pageWith(body, setup = async () => {}) {
  const page = await browser.newPage();
  await setup(page);
  const requests = [];
  page.on('request', r => requests.push(new URL(r.url()).pathname));
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  await page.route(`${server.url}/fixture.html`, route => route.fulfill({
    contentType: 'text/html; charset=utf-8',
    body: `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Trang thử</title>
      <base href="https://cdn.invalid/elsewhere/"></head><body><main>${body}</main></body></html>`,
  }));
  await page.goto(`${server.url}/fixture.html`);
  return { page, requests, errors };
}
const LOADER = () => `<script src="${server.url}/widgets/tuongtac.js" defer></script>`;

test('no wasm is fetched on a page without a widget', async () => {
  const { page, requests } = await pageWith(`<p>Không có tiện ích.</p>${LOADER()}`);
  await page.waitForLoadState('networkidle');
  assert.ok(requests.includes('/widgets/tuongtac.js'));
  assert.equal(requests.filter(p => p.endsWith('.wasm')).length, 0);
});

test('included twice, it defines the element once, loads the wasm once and ignores the page <base>', async () => {
  const { page, requests, errors } = await pageWith(`${LOADER()}${LOADER()}<tuongtac-ask agency="demo"></tuongtac-ask>`);
  await page.locator('tuongtac-ask form').waitFor();
  assert.deepEqual(errors, []);
  assert.equal(requests.filter(p => p.endsWith('.wasm')).length, 1);
});

test('elements inserted later are upgraded, and a moved element keeps what was typed', async () => {
  const { page } = await pageWith(`${LOADER()}<div id="a"></div><div id="b"></div>`);
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => { document.getElementById('a').innerHTML = '<tuongtac-ask agency="demo" lang="en"></tuongtac-ask>'; });
  await page.getByLabel('Title').fill('Still here');
  await page.evaluate(() => document.getElementById('b').append(document.querySelector('tuongtac-ask')));
  assert.equal(await page.getByLabel('Title').inputValue(), 'Still here');
  assert.equal(await page.locator('#b tuongtac-ask').count(), 1);
});

test('widget files are served compressed and cached as they should be', async () => {
  const loader = await fetch(`${server.url}/widgets/tuongtac.js`, { headers: { 'accept-encoding': 'br' } });
  assert.equal(loader.headers.get('content-encoding'), 'br');
  assert.equal(loader.headers.get('cache-control'), 'public, max-age=300');
  const source = await loader.text();
  const wasm = source.match(/tuongtac_bg-[0-9a-f]{16}\.wasm/)[0];
  const binary = await fetch(`${server.url}/widgets/${wasm}`, { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(binary.headers.get('content-type'), 'application/wasm');
  assert.equal(binary.headers.get('content-encoding'), 'gzip');
  assert.equal(binary.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.equal(binary.headers.get('access-control-allow-origin'), '*');
});

test('the pinned loader, with Subresource Integrity, loads; the same loader tampered with is refused', async () => {
  const { loader, integrity } = JSON.parse(readFileSync(join(ROOT, 'pkg/embed.json'), 'utf8'));
  assert.match(loader, /^tuongtac-loader-[0-9a-f]{16}\.js$/);
  const url = `${server.url}/widgets/${loader}`;
  const snippet = `<script src="${url}" integrity="${integrity}" crossorigin="anonymous" defer></script>
    <tuongtac-ask agency="demo"></tuongtac-ask>`;

  const pinned = await pageWith(snippet);
  await pinned.page.locator('tuongtac-ask form').waitFor();
  assert.deepEqual(pinned.errors, []);
  const served = await fetch(url, { headers: { origin: 'https://cong.example.gov.vn', 'accept-encoding': 'br' } });
  assert.equal(served.headers.get('cache-control'), 'public, max-age=31536000, immutable', 'its contents never change');
  assert.equal(served.headers.get('access-control-allow-origin'), '*', 'a portal on another origin may check it');
  assert.equal(await served.text(), await (await fetch(`${server.url}/widgets/tuongtac.js`)).text(),
    'it is the stable loader of the same build');

  const refused = [];
  const tampered = await pageWith(snippet, async page => {
    page.on('console', message => refused.push(message.text()));
    await page.route(url, async route => route.fulfill({
      status: 200, contentType: 'text/javascript', headers: { 'access-control-allow-origin': '*' },
      body: `${await (await fetch(url)).text()}\nwindow.tampered = true;`,
    }));
  });
  await tampered.page.waitForLoadState('networkidle');
  assert.equal(await tampered.page.evaluate(() => window.tampered), undefined, 'the tampered script never ran');
  assert.equal(await tampered.page.evaluate(() => customElements.get('tuongtac-ask')), undefined);
  assert.ok(refused.some(text => /integrity/.test(text)), `Chromium says why: ${refused.join(' | ')}`);
});

test('an element removed while the wasm is still loading is not mounted, and is when it comes back', async () => {
  let release;
  const held = new Promise(ok => { release = ok; });
  // The loader asks for the wasm as soon as an element connects, before the page has loaded: wait for that
  // request from before the page is opened.
  let wasmRequested;
  const { page, errors } = await pageWith(
    `${LOADER()}<div id="a"><tuongtac-ask agency="demo"></tuongtac-ask></div><tuongtac-tracker agency="demo"></tuongtac-tracker>`,
    page => {
      wasmRequested = page.waitForRequest(/\.wasm$/);
      return page.route('**/*.wasm', async route => { await held; await route.continue(); });
    });
  await wasmRequested;
  await page.evaluate(() => { window.removed = document.querySelector('tuongtac-ask'); window.removed.remove(); });
  release();
  await page.locator('tuongtac-tracker form').waitFor();
  assert.equal(await page.evaluate(() => window.removed.shadowRoot.childElementCount), 0, 'nothing was mounted');
  await page.evaluate(() => document.getElementById('a').append(window.removed));
  await page.locator('tuongtac-ask form').waitFor();
  assert.deepEqual(errors, []);
});

test('when the widgets cannot load, each one says which widget failed, in its own language', async () => {
  const { page } = await pageWith(
    `${LOADER()}<tuongtac-ask agency="demo"></tuongtac-ask>
     <tuongtac-tracker agency="demo" lang="en"></tuongtac-tracker>`,
    page => page.route('**/*.wasm', route => route.fulfill({ status: 404, body: '' })));
  const alert = element => page.locator(`${element} [role=alert]`);
  await alert('tuongtac-tracker').waitFor();
  assert.equal(await alert('tuongtac-ask').textContent(),
    'Không tải được biểu mẫu gửi câu hỏi. Vui lòng tải lại trang.');
  assert.equal(await alert('tuongtac-tracker').textContent(),
    'The question lookup could not be loaded. Please reload the page.');
});
