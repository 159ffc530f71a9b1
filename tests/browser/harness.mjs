// Shared pieces of the browser tests: the real server binary on a fresh SQLite database, real headless
// Chromium, axe-core, and helpers that act and read like a keyboard and screen-reader user.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
const BINARY = process.env.TUONGTAC_BIN || join(ROOT, 'target/debug/tuongtac');

/** Starts `tuongtac serve --demo` on a free port (or `port`) with its own database and any further `args`;
 * resolves once it listens. */
export async function startServer({ port = 0, dataDir = mkdtempSync(join(tmpdir(), 'tuongtac-e2e-')), args = [] } = {}) {
  const child = spawn(BINARY, [
    'serve', '--demo', '--addr', `127.0.0.1:${port}`, '--database', `sqlite://${join(dataDir, 'tt.sqlite')}`,
    '--widgets-dir', join(ROOT, 'pkg'), '--demo-dir', join(ROOT, 'demo'), '--writes-per-minute', '1000', ...args,
  ], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('server did not start within 20 s')), 20_000);
    child.once('exit', code => fail(new Error(`server exited with ${code}`)));
    createInterface({ input: child.stdout }).on('line', line => {
      const match = line.match(/listening on (http:\/\/\S+)/);
      if (match) { clearTimeout(timer); ok(match[1]); }
    });
  });
  const exited = new Promise(ok => child.once('exit', ok));
  return {
    url, dataDir, port: Number(new URL(url).port), database: `sqlite://${join(dataDir, 'tt.sqlite')}`,
    /** Stops the server as a crash would: no graceful shutdown. */
    async kill() { child.kill('SIGKILL'); await exited; },
    async stop({ keepData = false } = {}) {
      if (child.exitCode === null && child.signalCode === null) { child.kill('SIGTERM'); await exited; }
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A small tmpfs mounted for one test, to put a server's database on a disk that really fills. The tests run
 * as root, as CI does; without the right to mount, this throws and the test fails. `fill()` writes a file
 * until no byte is left, `free()` removes it, `unmount()` ends it (stop the server first, keeping its data). */
export function smallDisk(size = '8m') {
  const dir = mkdtempSync(join(tmpdir(), 'tuongtac-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`cannot mount a tmpfs at ${dir} (${error.stderr || error.message}): this test fills a real disk and must run as root, as CI does`);
  }
  const filler = join(dir, 'filler');
  return {
    dir,
    fill() {
      const fd = openSync(filler, 'w');
      try {
        for (const size of [64 * 1024, 4096, 1]) {
          const chunk = Buffer.alloc(size);
          try { for (;;) writeSync(fd, chunk); } catch (error) { if (error.code !== 'ENOSPC') throw error; }
        }
      } finally {
        closeSync(fd);
      }
    },
    free() { rmSync(filler, { force: true }); },
    unmount() {
      try { execFileSync('umount', [dir], { stdio: 'pipe' }); } catch { execFileSync('umount', ['-l', dir], { stdio: 'pipe' }); }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs the `tuongtac` command line on the server's own database, as an operator would; resolves to its output. */
export function cli(server, args, env = {}) {
  return new Promise((ok, fail) => {
    execFile(BINARY, [...args, '--database', server.database], { env: { ...process.env, ...env } }, (error, stdout, stderr) =>
      error ? fail(new Error(`tuongtac ${args.join(' ')}: ${stderr || error.message}`)) : ok(stdout));
  });
}

const STAFF_PASSWORD = 'một mật khẩu đủ dài cho thử nghiệm';

/** Creates a staff account of the demo agency with the command line and logs it in through the staff API.
 * Resolves to `call(method, path, body)`, which answers `{ status, body }`. */
export async function staffMember(server, username, role) {
  await cli(server, ['admin', 'staff', 'create', 'demo', username, '--role', role, '--name', username],
    { TUONGTAC_PASSWORD: STAFF_PASSWORD });
  const login = await fetch(`${server.url}/api/v1/staff/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ agency: 'demo', username, password: STAFF_PASSWORD }),
  });
  assert.equal(login.status, 200, `${username} logs in`);
  const { token } = await login.json();
  return async (method, path, body) => {
    const response = await fetch(server.url + path, {
      method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
}

/** Sends a question the way the ask widget does, from the server's own (allowed) origin. Resolves to the
 * receipt: `{ tracking_code, pin, status, created_at }`. */
export async function askQuestion(server, question = {}) {
  const response = await fetch(`${server.url}/api/v1/agencies/demo/questions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url, 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify({
      title: 'Thủ tục cấp giấy phép hoạt động in', topic: 'giay-phep', lang: 'vi',
      body: 'Xin hỏi hồ sơ đề nghị cấp giấy phép gồm những giấy tờ gì, nộp ở đâu và mất bao lâu?', ...question,
    }),
  });
  assert.equal(response.status, 201, `the question is stored: ${await response.clone().text()}`);
  return response.json();
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/** A new page that records its uncaught errors in `page.errors`; `options` as for `browser.newPage`. */
export async function newPage(browser, options = {}) {
  const page = await browser.newPage(options);
  const errors = [];
  page.on('pageerror', error => errors.push(error.message));
  page.errors = errors;
  return page;
}

/** Opens `path` on the server and waits until the widget inside `selector` has rendered `ready`. */
export async function openWidget(browser, server, path, { selector = 'tuongtac-ask', ready = 'form', viewport } = {}) {
  const page = await newPage(browser, viewport ? { viewport } : {});
  await page.goto(server.url + path);
  await page.locator(`${selector} ${ready}`).first().waitFor();
  return page;
}

/** The focused element, looking through shadow roots, described as a person would perceive it. */
export async function focused(page) {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    return { id: el.id, tag: el.tagName.toLowerCase(), text: el.textContent.trim(), className: String(el.className) };
  });
}

/** Presses Tab until the focused element satisfies `wanted`; fails after `max` presses. */
export async function tabUntil(page, wanted, max = 40) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (wanted(now)) return now;
  }
  assert.fail(`Tab never reached the wanted element in ${max} presses`);
}

/** The widget folders (those with an element.rs), and each one's named examples (`examples.mjs`). */
export async function widgetExamples() {
  const src = join(ROOT, 'widgets/src');
  const names = readdirSync(src).filter(name => existsSync(join(src, name, 'element.rs'))).sort();
  return Promise.all(names.map(async name => ({ name, ...(await import(join(src, name, 'examples.mjs'))) })));
}

/** What the page's light-DOM live region says now (after its short clear-then-set delay). */
export async function announced(page, expected, timeout = 5_000) {
  const region = page.locator('#tuongtac-announcer');
  if (expected) await region.filter({ hasText: expected }).waitFor({ state: 'attached', timeout });
  return (await region.textContent()).trim();
}

/** The accessible name Chromium itself gives the element that `expression` (page JavaScript) finds: what a
 * screen reader would say, CSS generated content included. */
export async function accessibleName(page, expression) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { result } = await cdp.send('Runtime.evaluate', { expression });
    const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { objectId: result.objectId, fetchRelatives: false });
    return nodes[0]?.name?.value;
  } finally {
    await cdp.detach();
  }
}

/** Records, from now on, each text the page's light-DOM live region is given, with what had focus at that
 * moment (its id, or else its class). Resolves to a function that resolves to the record so far. */
export async function recordSpoken(page) {
  await page.evaluate(() => {
    window.spoken = [];
    const region = document.getElementById('tuongtac-announcer');
    new MutationObserver(() => {
      if (!region.textContent) return;
      let el = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      window.spoken.push({ text: region.textContent, focus: el.id || String(el.className) });
    }).observe(region, { childList: true, characterData: true, subtree: true });
  });
  return () => page.evaluate(() => window.spoken);
}

/** What sticks out of the widget `selector` or makes the page scroll sideways: a list of descriptions,
 * empty when everything reflows (WCAG 1.4.10). Visually hidden text (1 px, clipped) does not count, nor
 * what is put wholly off screen to the left on purpose (the ask form's honeypot). */
export async function overflowing(page, selector) {
  return page.locator(selector).evaluate(host => {
    const base = host.shadowRoot.querySelector('[part=base]').getBoundingClientRect();
    const out = [];
    if (document.documentElement.scrollWidth > document.documentElement.clientWidth) {
      out.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${document.documentElement.clientWidth}`);
    }
    for (const el of host.shadowRoot.querySelectorAll('*')) {
      const box = el.getBoundingClientRect();
      if (box.width > 1 && box.right > 0 && (box.left < base.left - 0.5 || box.right > base.right + 0.5)) {
        out.push(`<${el.tagName.toLowerCase()} class="${el.className}"> ${Math.round(box.left)}–${Math.round(box.right)} outside ${Math.round(base.left)}–${Math.round(base.right)}`);
      }
    }
    return out;
  });
}

/** WCAG 1.4.12's text spacing, forced into the widget `selector` the way a reader's bookmarklet would. */
export async function overrideTextSpacing(page, selector) {
  await page.locator(selector).evaluate(host => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(`* { line-height: 1.5 !important; letter-spacing: .12em !important; word-spacing: .16em !important; }
      p { margin-block-end: 2em !important; }`);
    host.shadowRoot.adoptedStyleSheets = [...host.shadowRoot.adoptedStyleSheets, sheet];
  });
}

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** Runs axe-core on the whole page (widgets' open shadow roots included) and fails on any violation. */
export async function assertAccessible(page, label) {
  await page.addScriptTag({ path: join(ROOT, 'node_modules/axe-core/axe.min.js') });
  const violations = await page.evaluate(async tags => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map(v => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map(n => n.target.join(' >>> ') + ' ' + n.failureSummary.replace(/\n/g, ' ')).join('\n    ')}`);
  }, AXE_TAGS);
  assert.deepEqual(violations, [], `axe violations in ${label}:\n${violations.join('\n')}`);
}

/** A real portal of another origin, allowed for the demo agency: `/trang?body=…` is a page holding that body,
 * with the loader in its head as the README asks. Resolves to its origin and `close()`. */
export async function startPortal(server) {
  const { createServer } = await import('node:http');
  const portal = createServer((req, res) => {
    const body = new URL(req.url, 'http://x').searchParams.get('body') ?? '';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Cổng thông tin</title>
      <script src="${server.url}/widgets/tuongtac.js"></script></head><body>${body}</body></html>`);
  });
  await new Promise(ok => portal.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${portal.address().port}`;
  await cli(server, ['admin', 'origin', 'add', 'demo', origin]);
  return { origin, close: () => new Promise(ok => portal.close(ok)) };
}
