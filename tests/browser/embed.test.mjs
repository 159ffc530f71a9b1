// The strict-CSP fallback: on a host page whose Content-Security-Policy refuses to compile WebAssembly, the
// loader shows each widget in an iframe of the server's own origin, and the citizen still asks and tracks.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { cli, launchBrowser, staffMember, startServer } from './harness.mjs';

let server, browser, portals, portal, foreign;
before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  // The portals are real pages of another origin, served with a strict CSP: `/cong/…` holds the body given
  // in `?body=`, `/cong/site.css` sets a theme colour on the widgets. Allowed for the demo agency on
  // 127.0.0.1 only, so the same pages on localhost are a foreign origin.
  portals = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/cong/site.css') {
      res.writeHead(200, { 'content-type': 'text/css' });
      return res.end(`tuongtac-ask, tuongtac-tracker { --tuongtac-color-primary: ${THEME}; }`);
    }
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'self'; script-src ${server.url}; frame-src ${server.url}`,
    });
    res.end(`<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Cổng thông tin</title>
      <link rel="stylesheet" href="/cong/site.css"></head><body><main>${url.searchParams.get('body')}</main>
      <script src="${server.url}/widgets/tuongtac.js" defer></script></body></html>`);
  });
  await new Promise(ok => portals.listen(0, '127.0.0.1', ok));
  portal = `http://127.0.0.1:${portals.address().port}`;
  foreign = `http://localhost:${portals.address().port}`;
  await cli(server, ['admin', 'origin', 'add', 'demo', portal]);
});
after(async () => { await browser?.close(); await server?.stop(); portals?.close(); });

const THEME = '#7a1f5c';

/** Opens a portal page of `origin` holding `body`, served with a strict CSP: the server may give scripts and
 * frames, nothing may compile wasm, no inline style. */
async function strictPage(body, { origin = portal } = {}) {
  const page = await browser.newPage();
  page.errors = [];
  page.on('pageerror', e => page.errors.push(e.message));
  page.refusals = [];
  page.on('console', m => { if (/frame-ancestors/i.test(m.text())) page.refusals.push(m.text()); });
  await page.goto(`${origin}/cong/trang.html?body=${encodeURIComponent(body)}`);
  return page;
}

/** Records on `window.heard` each event of `names` that reaches the host page, with its detail. */
async function listen(page, names) {
  await page.evaluate(names => {
    window.heard = [];
    for (const name of names) document.addEventListener(name, e => window.heard.push({ name, target: e.target.localName, detail: e.detail }));
  }, names);
}

/** Resolves once the iframe of `element` is as tall as its page, and says whether the page scrolls inside. */
async function fitsItsContent(page, element) {
  const frame = page.frames().find(f => f.url().includes(`/embed/${element.replace('tuongtac-', '')}`));
  const iframe = page.locator(`${element} iframe`);
  for (let i = 0; i < 50; i++) {
    const inner = await frame.evaluate(() => ({ scroll: document.documentElement.scrollHeight, client: document.documentElement.clientHeight }));
    const outer = await iframe.evaluate(f => f.getBoundingClientRect().height);
    if (inner.scroll <= inner.client && Math.abs(outer - inner.scroll) <= 1 && outer > 100) return true;
    await page.waitForTimeout(100);
  }
  return false;
}

test('under a strict CSP a person asks in the iframe, tracks the question in another, and the portal hears both', async () => {
  const askPage = await strictPage('<tuongtac-ask agency="demo" tracker-url="tra-cuu.html"></tuongtac-ask>');
  await listen(askPage, ['tuongtac-submit']);
  const iframe = askPage.locator('tuongtac-ask iframe');
  assert.equal(await iframe.getAttribute('title'), 'Biểu mẫu gửi câu hỏi', 'the iframe says what it is for');
  const ask = askPage.frameLocator('tuongtac-ask iframe');
  await ask.getByLabel('Tiêu đề').waitFor();
  assert.equal(await ask.locator('tuongtac-ask').evaluate(el => getComputedStyle(el).getPropertyValue('--tuongtac-color-primary').trim()),
    THEME, 'the theme set on the portal reaches the widget');
  assert.equal(await ask.getByRole('button', { name: 'Gửi câu hỏi' }).evaluate(b => getComputedStyle(b).backgroundColor),
    'rgb(122, 31, 92)', 'and the widget\'s stylesheet, adopted under the embed page\'s CSP, paints with it');
  assert.ok(await fitsItsContent(askPage, 'tuongtac-ask'), 'the iframe is as tall as the form, with no scrollbar inside');

  await ask.getByLabel('Tiêu đề').fill('Thủ tục cấp giấy phép hoạt động in');
  await ask.getByLabel('Nội dung câu hỏi').fill('Xin hỏi hồ sơ đề nghị cấp giấy phép gồm những giấy tờ gì, nộp ở đâu?');
  await ask.getByLabel('Lĩnh vực').selectOption('giay-phep');
  await ask.getByRole('button', { name: 'Gửi câu hỏi' }).focus();
  await askPage.keyboard.press('Enter');
  await ask.locator('.tt-confirmation').waitFor();
  const code = (await ask.locator('.tt-code').first().textContent()).trim();
  const pin = (await ask.locator('.tt-code').nth(1).textContent()).trim();
  assert.match(pin, /^\d{6}$/);
  assert.ok(await fitsItsContent(askPage, 'tuongtac-ask'), 'the iframe follows the receipt\'s height');
  await askPage.waitForFunction(() => window.heard.length > 0);
  assert.deepEqual(await askPage.evaluate(() => window.heard),
    [{ name: 'tuongtac-submit', target: 'tuongtac-ask', detail: { trackingCode: code } }]);
  assert.deepEqual(askPage.errors, []);
  await ask.getByRole('link', { name: 'Theo dõi câu hỏi này' }).click();
  await askPage.waitForURL(`${portal}/cong/tra-cuu.html?tt-code=${code}`);
  assert.equal(askPage.url(), `${portal}/cong/tra-cuu.html?tt-code=${code}`,
    'the link to the tracker, written relative to the portal page, leads the whole page there');

  const trackerPage = await strictPage('<tuongtac-tracker agency="demo" lang="en"></tuongtac-tracker>');
  await listen(trackerPage, ['tuongtac-lookup']);
  assert.equal(await trackerPage.locator('tuongtac-tracker iframe').getAttribute('title'), 'The question lookup');
  const tracker = trackerPage.frameLocator('tuongtac-tracker iframe');
  await tracker.getByLabel('Tracking code', { exact: true }).fill(code);
  await tracker.getByLabel('PIN', { exact: true }).fill(pin);
  await tracker.getByRole('button', { name: 'Look up', exact: true }).click();
  await tracker.locator('.tt-result').waitFor();
  assert.equal(await tracker.locator('#tt-result-title').textContent(), 'Thủ tục cấp giấy phép hoạt động in');
  assert.ok(await fitsItsContent(trackerPage, 'tuongtac-tracker'), 'the iframe follows the result\'s height');
  await trackerPage.waitForFunction(() => window.heard.length > 0);
  assert.deepEqual(await trackerPage.evaluate(() => window.heard),
    [{ name: 'tuongtac-lookup', target: 'tuongtac-tracker', detail: { trackingCode: code, status: 'received' } }]);
  assert.deepEqual(trackerPage.errors, []);
});

test('under a strict CSP a person rates the portal page they are on, through the iframe', async () => {
  const page = await strictPage('<tuongtac-rating agency="demo" mode="compact"></tuongtac-rating>');
  await listen(page, ['tuongtac-rate']);
  const rating = page.frameLocator('tuongtac-rating iframe');
  await rating.getByRole('button', { name: 'Có' }).click();
  await page.waitForFunction(() => window.heard.length > 0);
  assert.deepEqual(await page.evaluate(() => window.heard),
    [{ name: 'tuongtac-rate', target: 'tuongtac-rating', detail: { scope: 'page', replaced: 'false' } }]);
  const officer = await staffMember(server, 'can-bo-danh-gia', 'officer');
  const { status, body } = await officer('GET', '/api/v1/staff/ratings');
  assert.equal(status, 200);
  assert.deepEqual(body.map(r => r.page), [`${portal}/cong/trang.html`], 'the portal page is rated, not the embed page');
  assert.deepEqual(page.errors, []);
});

test('a page of an origin the agency does not allow cannot frame the embed page', async () => {
  const embed = `${server.url}/embed/ask?agency=demo&origin=${encodeURIComponent(portal)}`;
  const page = await strictPage(`<iframe title="Lấy trộm" src="${embed}"></iframe>`, { origin: foreign });
  await page.waitForLoadState('load');
  const framed = page.frames().find(f => f !== page.mainFrame());
  assert.ok(framed, 'the iframe exists');
  assert.equal(await framed.locator('tuongtac-ask').count(), 0, 'the embed page was not shown');
  assert.ok(page.refusals.some(text => /frame-ancestors/.test(text)), `Chromium says why: ${page.refusals.join(' | ')}`);
});

test('the embed page answers only for a known widget and agency, to an origin of the agency, under its own CSP', async () => {
  const get = query => fetch(`${server.url}/embed/${query}`);
  const page = await get(`ask?agency=demo&lang=en&topic=giay-phep&onclick=alert(1)&origin=${encodeURIComponent(portal)}`);
  assert.equal(page.status, 200);
  const csp = page.headers.get('content-security-policy');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.match(csp, new RegExp(`frame-ancestors [^;]*${portal.replace(/[.:/]/g, '\\$&')}`));
  const html = await page.text();
  assert.match(html, /<tuongtac-ask agency="demo" lang="en" topic="giay-phep"><\/tuongtac-ask>/);
  assert.match(html, /<html lang="en">/);
  assert.equal((await get(`ask?agency=demo&origin=${encodeURIComponent(foreign)}`)).status, 403);
  assert.equal((await get(`ask?agency=khong-co&origin=${encodeURIComponent(portal)}`)).status, 404);
  assert.equal((await get(`nope?agency=demo&origin=${encodeURIComponent(portal)}`)).status, 404);
});
