// The staff console at /staff/, on the real server and real Chromium: an officer logs in by keyboard, filters
// the queue, moves and answers a question; a moderator publishes it from a deep link; the citizen's tracker
// shows the answer. An offline letter is recorded and its receipt printed (print media emulated); an admin
// allows an origin, adds a unit and reads the audit entries; a session expires and comes back to the same
// screen; a lockout says when to retry. axe runs on every screen and state, and no Content-Security-Policy
// violation happens anywhere (the console's CSP forbids inline script and style).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, askQuestion, cli, focused, launchBrowser, newPage, startServer, tabUntil } from './harness.mjs';

const PASSWORD = 'mật khẩu của cán bộ đủ dài';
const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

let server, browser;
before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  for (const [username, role] of [['officer', 'officer'], ['moderator', 'moderator'], ['admin', 'admin'], ['guesser', 'officer']]) {
    await cli(server, ['admin', 'staff', 'create', 'demo', username, '--role', role, '--name', `Cán bộ ${username}`],
      { TUONGTAC_PASSWORD: PASSWORD });
  }
});
after(async () => { await browser?.close(); await server?.stop(); });

/** A page that records every CSP violation; `page.violations()` resolves to them. */
async function consolePage(options = {}) {
  const page = await newPage(browser, { viewport: { width: 1366, height: 768 }, ...options });
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation',
      e => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  page.violations = () => page.evaluate(() => window.cspViolations);
  return page;
}

/** axe-core on the whole page. It is evaluated through the DevTools protocol, which the page's CSP does not
 * govern, rather than injected as a script tag, which it would rightly refuse. */
async function assertAccessible(page, label) {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async tags => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map(v => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map(n => n.target.join(' >>> ') + ' ' + n.failureSummary.replace(/\n/g, ' ')).join('\n    ')}`);
  }, AXE_TAGS);
  assert.deepEqual(violations, [], `axe violations in ${label}:\n${violations.join('\n')}`);
  assert.deepEqual(await page.violations(), [], `no CSP violation in ${label}`);
  assert.deepEqual(page.errors, [], `no page error in ${label}`);
}

/** Logs in on the log-in screen by keyboard only: Tab to each field, type, Enter. */
async function logIn(page, username, password = PASSWORD) {
  await page.locator('#login-agency').waitFor();
  await tabUntil(page, el => el.id === 'login-agency');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('demo');
  await page.keyboard.press('Tab');
  assert.equal((await focused(page)).id, 'login-username');
  await page.keyboard.press('Control+A');
  await page.keyboard.type(username);
  await page.keyboard.press('Tab');
  assert.equal((await focused(page)).id, 'login-password');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
}

test('the console is its own bundle under its own CSP, and no citizen file names it', async () => {
  for (const path of ['/staff/', '/staff/questions/K7M4Q-X9PRT', '/staff/admin']) {
    const response = await fetch(server.url + path, { headers: { origin: 'https://portal.example' } });
    assert.equal(response.status, 200, path);
    const csp = response.headers.get('content-security-policy');
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
    assert.match(csp, /style-src 'self'(;|$)/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.equal(response.headers.get('referrer-policy'), 'same-origin');
    assert.equal(response.headers.get('access-control-allow-origin'), null, 'staff pages never answer CORS');
    const html = await response.text();
    assert.doesNotMatch(html, /<script>|<style|style=/, 'no inline script or style');
  }
  const files = readdirSync(join(ROOT, 'pkg/console'));
  const wasm = files.find(f => /^console_bg-[0-9a-f]{16}\.wasm$/.test(f));
  assert.ok(wasm, `the console's wasm is built: ${files}`);
  assert.equal((await fetch(`${server.url}/staff/assets/${wasm}`)).status, 200);
  assert.equal((await fetch(`${server.url}/widgets/console/${wasm}`)).status, 404, 'not served as a widget file');
  for (const citizen of readdirSync(join(ROOT, 'pkg')).filter(f => /\.(js|css|json)$/.test(f))) {
    assert.doesNotMatch(readFileSync(join(ROOT, 'pkg', citizen), 'utf8'), /console_bg|console-boot|\/staff\//,
      `${citizen} names nothing of the console`);
  }
});

test('an officer handles a question from received to answered by keyboard, a moderator publishes it, the tracker shows it', async () => {
  const receipt = await askQuestion(server, { title: 'Xin hỏi về giấy phép bưu chính', email: 'dan@example.vn', consent: true });
  const code = receipt.tracking_code;
  const page = await consolePage();
  await page.goto(`${server.url}/staff/`);
  await page.locator('#login-agency').waitFor();
  await assertAccessible(page, 'log-in');
  await logIn(page, 'officer');
  await page.locator('h1', { hasText: 'Câu hỏi cần xử lý' }).waitFor();
  assert.equal((await focused(page)).id, 'console-title', 'focus moves to the new screen’s heading');
  await page.locator('#queue-row-0').waitFor();
  await assertAccessible(page, 'the queue');

  // The counts per status; choosing one filters the list.
  const receivedCount = page.locator('.console-counts button', { hasText: 'Đã tiếp nhận' });
  assert.match(await receivedCount.innerText(), /Đã tiếp nhận: \d+/);
  await receivedCount.click();
  await page.locator('.console-counts button[aria-pressed="true"]', { hasText: 'Đã tiếp nhận' }).waitFor();
  // Filter: received, and a word of the title.
  await page.locator('#filter-status').selectOption('received');
  await page.locator('#filter-q').fill('bưu chính');
  await page.locator('#filter-q').press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('.console-table tbody tr').length === 1);
  assert.equal(await page.locator('#queue-row-0').textContent(), code);
  // Open it by keyboard.
  await page.locator('#queue-row-0').focus();
  await page.keyboard.press('Enter');
  await page.locator('h1', { hasText: code }).waitFor();
  assert.equal(new URL(page.url()).pathname, `/staff/questions/${code}`);
  assert.equal((await focused(page)).id, 'console-title');
  // Back to the list: the same filters, kept in the queue's address (a reload or a shared link too).
  await page.goBack();
  await page.waitForFunction(() => document.querySelectorAll('.console-table tbody tr').length === 1);
  assert.equal(new URL(page.url()).search, '?status=received&q=b%C6%B0u%20ch%C3%ADnh');
  assert.equal(await page.locator('#filter-q').inputValue(), 'bưu chính');
  assert.equal(await page.locator('#filter-status').inputValue(), 'received');
  await page.goForward();
  await page.locator('h1', { hasText: code }).waitFor();
  await page.locator('.console-facts dd', { hasText: 'dan@example.vn' }).waitFor();
  assert.equal(await page.locator('.console-facts dd', { hasText: 'dan@example.vn' }).count(), 1, 'an officer sees the contact');
  await assertAccessible(page, 'a received question');

  // Only the moves of the lifecycle table are offered.
  const offered = await page.locator('#tt-to option').evaluateAll(options => options.map(o => o.value).filter(Boolean));
  assert.deepEqual(offered, ['accepted', 'rejected', 'duplicate', 'transferred']);
  // Rejecting without a reason: the domain's message inline and in the summary, which takes focus.
  await page.locator('#tt-to').selectOption('rejected');
  await page.locator('button', { hasText: 'Chuyển trạng thái' }).click();
  await page.locator('#move-errors').waitFor();
  assert.equal((await focused(page)).id, 'move-errors');
  assert.match(await page.locator('#tt-public_note-error').textContent(), /Nhập lý do từ chối/);
  await assertAccessible(page, 'a move with an error');

  // Each move by keyboard: choose it, fill what it needs, press Enter on the button; the status follows.
  const move = async (to, label, fill = async () => {}) => {
    await page.locator('#tt-to').selectOption(to);
    await fill();
    await page.locator('button', { hasText: 'Chuyển trạng thái' }).press('Enter');
    await page.locator('#question-done', { hasText: label }).waitFor();
    assert.equal(await page.locator('.console-facts dd').first().textContent(), label);
    assert.equal((await focused(page)).id, 'question-done', 'focus goes to what the move did');
  };
  await move('accepted', 'Đã chấp nhận xử lý', () => page.locator('#tt-internal_note').fill('Giao phòng Bưu chính xem.'));
  await move('assigned', 'Đã giao đơn vị xử lý', () => page.locator('#tt-unit').selectOption('phong-cntt'));
  await move('in_progress', 'Đang xử lý');

  // The answer with its preview, exactly as the tracker shows it.
  const answer = 'Hồ sơ gồm đơn đề nghị và bản sao giấy đăng ký doanh nghiệp; nộp tại bộ phận một cửa.';
  await page.locator('#tt-answer').fill(`  ${answer}  `);
  assert.equal(await page.locator('.console-preview .tt-answer .tt-text').textContent(), answer);
  await assertAccessible(page, 'the answer editor');
  await page.locator('button', { hasText: 'Lưu câu trả lời' }).click();
  await page.locator('#question-done', { hasText: 'Đã lưu câu trả lời' }).waitFor();
  await move('answered', 'Đã trả lời');
  assert.match(await page.locator('.console-timeline').textContent(), /Giao phòng Bưu chính xem\./, 'the internal note is on the timeline');

  // A moderator opens the deep link directly, logs in and lands on the same screen.
  const moderator = await consolePage();
  await moderator.goto(`${server.url}/staff/questions/${code}`);
  await logIn(moderator, 'moderator');
  await moderator.locator('h1', { hasText: code }).waitFor();
  assert.equal(await moderator.locator('#tt-to').count(), 0, 'a moderator is offered no move');
  assert.equal(await moderator.locator('.console-facts dd', { hasText: 'dan@example.vn' }).count(), 0, 'nor the contact');
  await assertAccessible(moderator, 'the question, as a moderator');
  await moderator.locator('button', { hasText: 'Công khai câu hỏi và trả lời' }).click();
  await moderator.locator('#question-done', { hasText: 'Đã công khai' }).waitFor();
  // A reload on the deep link lands on the same screen, still logged in.
  await moderator.reload();
  await moderator.locator('h1', { hasText: code }).waitFor();
  await moderator.locator('button', { hasText: 'Thôi công khai' }).waitFor();
  await assertAccessible(moderator, 'a published question after a reload');

  const list = await (await fetch(`${server.url}/api/v1/agencies/demo/questions`)).json();
  assert.equal(list.items.find(q => q.tracking_code === code)?.answer, answer, 'published with its answer');
  const tracker = await newPage(browser);
  await tracker.goto(`${server.url}/demo/tracker.html?tt-code=${code}`);
  await tracker.locator('tuongtac-tracker form').waitFor();
  await tracker.getByLabel('Mã PIN', { exact: true }).fill(receipt.pin);
  await tracker.keyboard.press('Enter');
  await tracker.locator('tuongtac-tracker .tt-result').waitFor();
  assert.equal(await tracker.locator('tuongtac-tracker .tt-answer .tt-text').textContent(), answer);

  // A citizen says, as the archive lets them, that they have the same question: the officer's queue shows it.
  const same = await tracker.evaluate(async code =>
    (await fetch(`/api/v1/agencies/demo/questions/${code}/same-question`, { method: 'POST' })).status, code);
  assert.equal(same, 200, 'the +1 is counted');
  await page.goto(`${server.url}/staff/`);
  await page.locator('button[aria-pressed]', { hasText: 'Đã trả lời' }).click();
  await page.locator('.console-table tr', { hasText: code }).locator('.console-tag', { hasText: '1 người cũng quan tâm' })
    .waitFor();
  await assertAccessible(page, 'the queue with a question others share');
  // Asked for, the questions most people share come first, and the order stays in the address.
  await page.goto(`${server.url}/staff/`);
  await page.locator('#queue-row-0').waitFor();
  await page.locator('#filter-sort').selectOption('same_question');
  await page.locator('.console-filters button[type="submit"]').click();
  await page.waitForURL(/\/staff\/\?sort=same_question$/);
  await page.waitForFunction(code => document.getElementById('queue-row-0')?.textContent === code, code);
  await page.reload();
  await page.waitForFunction(code => document.getElementById('queue-row-0')?.textContent === code, code);
  assert.equal(await page.locator('#filter-sort').inputValue(), 'same_question');
  // From a question, its link back to the list returns to this order, and so does the menu's link.
  await page.locator('#queue-row-0').click();
  await page.locator('h1', { hasText: code }).waitFor();
  await page.getByRole('link', { name: 'Về danh sách câu hỏi' }).click();
  await page.waitForURL(/\/staff\/\?sort=same_question$/);
  await page.waitForFunction(code => document.getElementById('queue-row-0')?.textContent === code, code);
  await page.locator('#queue-row-0').click();
  await page.locator('h1', { hasText: code }).waitFor();
  await page.goBack();
  await page.waitForURL(/\/staff\/\?sort=same_question$/);
  assert.equal(await page.locator('#filter-sort').inputValue(), 'same_question', 'back shows the same list');
  await Promise.all([page.close(), moderator.close(), tracker.close()]);
});

test('a conflict is explained: someone else moved the question first', async () => {
  const { tracking_code: code } = await askQuestion(server, { title: 'Câu hỏi hai người cùng xử lý' });
  const page = await consolePage();
  await page.goto(`${server.url}/staff/questions/${code}`);
  await logIn(page, 'officer');
  await page.locator('#tt-to').waitFor();
  // Another officer accepts it through the API meanwhile.
  const login = await fetch(`${server.url}/api/v1/staff/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ agency: 'demo', username: 'admin', password: PASSWORD }),
  });
  const { token } = await login.json();
  const moved = await fetch(`${server.url}/api/v1/staff/questions/${code}/transitions`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ to: 'duplicate', duplicate_of: code }),
  });
  const accepted = moved.status === 200 ? moved : await fetch(`${server.url}/api/v1/staff/questions/${code}/transitions`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ to: 'rejected', public_note: 'Không thuộc thẩm quyền.' }),
  });
  assert.equal(accepted.status, 200);
  await page.locator('#tt-to').selectOption('accepted');
  await page.locator('button', { hasText: 'Chuyển trạng thái' }).click();
  const alert = page.locator('#tt-alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /người khác xử lý/);
  assert.equal((await focused(page)).id, 'tt-alert');
  assert.equal(await page.locator('#tt-to').count(), 0, 'the screen shows where it now stands: no move left');
  await assertAccessible(page, 'a conflict');
  await page.close();
});

test('an offline letter is recorded and its receipt printed', async () => {
  const page = await consolePage();
  await page.goto(`${server.url}/staff/record`);
  await logIn(page, 'officer');
  await page.locator('h1', { hasText: 'Ghi nhận câu hỏi' }).waitFor();
  await assertAccessible(page, 'the offline form');
  // Sent empty: the domain's messages inline and in the summary.
  await page.locator('button', { hasText: 'Lưu câu hỏi' }).click();
  await page.locator('#tt-error-summary').waitFor();
  assert.equal((await focused(page)).id, 'tt-error-summary');
  assert.match(await page.locator('#tt-title-error').textContent(), /Nhập tiêu đề/);
  await assertAccessible(page, 'the offline form with errors');
  await page.locator('#tt-channel').selectOption('letter');
  await page.locator('#tt-title').fill('Thư hỏi về cấp phép phát thanh');
  await page.locator('#tt-body').fill('Ông Nguyễn Văn A gửi thư hỏi thủ tục cấp phép phát thanh nội bộ.');
  await page.locator('#tt-topic').selectOption('giay-phep');
  await page.locator('#tt-name').fill('Nguyễn Văn A');
  await page.locator('#tt-consent').check();
  await page.locator('button', { hasText: 'Lưu câu hỏi' }).click();
  await page.locator('#receipt-title').waitFor();
  assert.equal((await focused(page)).id, 'receipt-title');
  const code = (await page.locator('.tt-receipt .tt-code').first().textContent()).trim();
  const pin = (await page.locator('.tt-receipt .tt-code').nth(1).textContent()).trim();
  assert.match(code, /^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
  assert.match(pin, /^\d{6}$/);
  await assertAccessible(page, 'the receipt');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.console-nav').isVisible(), false, 'the navigation is not printed');
  assert.equal(await page.locator('button', { hasText: 'In phiếu tiếp nhận' }).isVisible(), false, 'nor the buttons');
  assert.equal(await page.locator('.console-receipt').isVisible(), true);
  assert.equal(await page.locator('.tt-receipt .tt-code').first().isVisible(), true, 'the code is printed');
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 1000, 'it prints');
  await page.emulateMedia({ media: 'screen' });
  // The question is in the queue, received by letter.
  await page.locator('a', { hasText: 'Mở câu hỏi' }).click();
  await page.locator('h1', { hasText: code }).waitFor();
  assert.match(await page.locator('.console-facts').first().textContent(), /Thư/);
  await page.close();
});

test('an admin allows an origin and adds a unit, and reads both in the audit log', async () => {
  const page = await consolePage();
  await page.goto(`${server.url}/staff/admin`);
  await logIn(page, 'admin');
  await page.locator('h1', { hasText: 'Quản trị' }).waitFor();
  await page.locator('#audit-log').waitFor();
  await assertAccessible(page, 'administration');
  await page.locator('#tt-origin').fill('not an origin');
  await page.locator('button', { hasText: 'Cho phép' }).click();
  await page.locator('#tt-origin-error').waitFor();
  assert.equal((await focused(page)).id, 'origin-errors');
  await assertAccessible(page, 'an invalid origin');
  await page.locator('#tt-origin').fill('https://sotttt.example.gov.vn');
  await page.locator('button', { hasText: 'Cho phép' }).click();
  await page.locator('#origin-errors-done').waitFor();
  await page.locator('#tt-slug').fill('phong-buu-chinh');
  await page.locator('#tt-name').fill('Phòng Bưu chính');
  await page.locator('button', { hasText: 'Lưu đơn vị' }).press('Enter');
  await page.locator('#unit-errors-done').waitFor();
  await page.locator('.console-admin-list li', { hasText: 'Phòng Bưu chính' }).waitFor();
  await page.locator('#audit-log td', { hasText: 'unit.save' }).waitFor();
  const audit = await page.locator('#audit-log tbody').textContent();
  assert.match(audit, /origin\.add.*https:\/\/sotttt\.example\.gov\.vn/s);
  assert.match(audit, /unit\.save.*phong-buu-chinh/s);
  assert.match(audit, /admin/);
  // Filtered by action: only the unit's entry.
  await page.locator('#audit-action').fill('unit.');
  await page.locator('#audit-action').press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('#audit-log tbody tr').length === 1);
  assert.match(await page.locator('#audit-log tbody').textContent(), /unit\.save/);
  // Topics have a screen of their own, with its own address.
  await page.locator('a', { hasText: 'Quản lý lĩnh vực câu hỏi' }).click();
  await page.locator('h1', { hasText: 'Lĩnh vực câu hỏi' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/staff/admin/topics');
  assert.equal((await focused(page)).id, 'console-title');
  await page.locator('#topics li').first().waitFor();
  await page.locator('button', { hasText: 'Lưu lĩnh vực' }).click();
  await page.locator('#topic-errors').waitFor();
  await assertAccessible(page, 'a topic with errors');
  await page.locator('#tt-slug').fill('buu-chinh');
  await page.locator('#tt-name_vi').fill('Bưu chính');
  await page.locator('#tt-name_en').fill('Postal services');
  await page.locator('button', { hasText: 'Lưu lĩnh vực' }).click();
  await page.locator('#topics li', { hasText: 'Bưu chính' }).waitFor();
  const agency = await (await fetch(`${server.url}/api/v1/agencies/demo`)).json();
  assert.ok(agency.topics.some(t => t.slug === 'buu-chinh'), 'citizens see the new topic');
  await page.goBack();
  await page.locator('h1', { hasText: 'Quản trị' }).waitFor();
  await page.locator('#audit-log').waitFor();
  // An account: too short a password is the domain's message; then created, listed, and disabled.
  await page.locator('#tt-username').fill('nhan-vien.moi');
  await page.locator('#tt-display_name').fill('Nhân viên mới');
  await page.locator('#account-role').selectOption('moderator');
  await page.locator('#tt-password').fill('ngắn');
  await page.locator('button', { hasText: 'Tạo tài khoản' }).click();
  await page.locator('#tt-password-error', { hasText: 'mật khẩu' }).waitFor();
  assert.equal((await focused(page)).id, 'account-errors');
  await page.locator('#tt-password').fill('một mật khẩu ban đầu đủ dài');
  await page.locator('button', { hasText: 'Tạo tài khoản' }).click();
  await page.locator('#account-done', { hasText: 'nhan-vien.moi' }).waitFor();
  const row = page.locator('tr', { hasText: 'nhan-vien.moi' });
  assert.match(await row.textContent(), /Nhân viên mới.*kiểm duyệt viên/);
  // A forgotten password: a new one, shown once, which works.
  await row.locator('button', { hasText: 'Đặt lại mật khẩu' }).click();
  await page.locator('#new-password').waitFor();
  assert.equal((await focused(page)).id, 'account-done');
  const fresh = (await page.locator('#new-password').textContent()).trim();
  const relogin = await fetch(`${server.url}/api/v1/staff/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ agency: 'demo', username: 'nhan-vien.moi', password: fresh }),
  });
  assert.equal(relogin.status, 200, 'the new password logs in');
  await assertAccessible(page, 'a password reset');
  await row.locator('button', { hasText: 'Khoá tài khoản' }).click();
  await page.locator('#account-done', { hasText: 'Đã khoá tài khoản' }).waitFor();
  await row.locator('td', { hasText: 'Đã khoá' }).waitFor();
  await assertAccessible(page, 'accounts');
  // A setting, in English this time.
  await page.locator('button', { hasText: 'English' }).click();
  await page.locator('h1', { hasText: 'Administration' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  // The form starts from the stored settings (saving replaces them all): the demo's tracker page stays.
  assert.equal(await page.locator('#tt-handling_days').inputValue(), '10');
  assert.equal(await page.locator('#tt-tracker_url').inputValue(), `${server.url}/demo/tracker.html`);
  await page.locator('#tt-handling_days').fill('12');
  await page.locator('button', { hasText: 'Save' }).first().click();
  await page.locator('#settings-errors-done').waitFor();
  const login = await fetch(`${server.url}/api/v1/staff/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ agency: 'demo', username: 'admin', password: PASSWORD }),
  });
  const stored = await (await fetch(`${server.url}/api/v1/staff/settings`, {
    headers: { authorization: `Bearer ${(await login.json()).token}` },
  })).json();
  assert.equal(stored.handling_days, 12);
  assert.equal(stored.tracker_url, `${server.url}/demo/tracker.html`, 'what was not changed stays');
  await assertAccessible(page, 'administration in English');
  await page.reload();
  await page.locator('h1', { hasText: 'Administration' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en', 'the language chosen stays after a reload');
  await page.locator('button', { hasText: 'Tiếng Việt' }).click();
  await page.locator('h1', { hasText: 'Quản trị' }).waitFor();
  await page.close();
});

test('an expired session returns to the log-in, and then to the same screen', async () => {
  const { tracking_code: code } = await askQuestion(server, { title: 'Câu hỏi khi phiên hết hạn' });
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', e => page.errors.push(e.message));
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', e => window.cspViolations.push(e.violatedDirective));
  });
  page.violations = () => page.evaluate(() => window.cspViolations);
  await page.goto(`${server.url}/staff/questions/${code}`);
  await logIn(page, 'officer');
  await page.locator('#tt-to').waitFor();
  // The session ends (its cookie is gone, as when it expires).
  await context.clearCookies();
  await page.locator('#tt-to').selectOption('accepted');
  await page.locator('button', { hasText: 'Chuyển trạng thái' }).click();
  await page.locator('.console-notice', { hasText: 'Phiên làm việc đã hết hạn' }).waitFor();
  assert.equal((await focused(page)).id, 'console-title');
  assert.equal(new URL(page.url()).pathname, `/staff/questions/${code}`, 'the address stays');
  await assertAccessible(page, 'the log-in after expiry');
  await logIn(page, 'officer');
  await page.locator('h1', { hasText: code }).waitFor();
  assert.equal((await focused(page)).id, 'console-title');
  await context.close();
});

test('repeated wrong passwords lock the log-in out, saying until when', async () => {
  const page = await consolePage();
  await page.goto(`${server.url}/staff/`);
  for (let i = 0; i < 5; i++) {
    await logIn(page, 'guesser', `sai mật khẩu lần ${i}`);
    await page.locator('#tt-alert', { hasText: 'không đúng' }).waitFor();
    await page.locator('#login-password').fill('');
  }
  await logIn(page, 'guesser', 'sai lần nữa');
  const alert = page.locator('#tt-alert', { hasText: 'Đăng nhập sai quá nhiều lần' });
  await alert.waitFor();
  assert.match(await alert.textContent(), /thử lại sau \d{2}:\d{2}/);
  assert.equal((await focused(page)).id, 'tt-alert');
  await assertAccessible(page, 'a lockout');
  await page.close();
});

test('ratings: results per criterion, low scores, a comment published by a moderator, CSV', async () => {
  // Two ratings of two pages (the dedupe keeps one per place, page and day).
  for (const [page, body] of [['/demo/danh-gia.html', { content: 1, helpful: false, comment: 'Không tìm thấy biểu mẫu.' }],
    ['/demo/tracker.html', { content: 5, interface: 4, helpful: true }]]) {
    const rated = await fetch(`${server.url}/api/v1/agencies/demo/ratings`, {
      method: 'POST', headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ page: server.url + page, lang: 'vi', ...body }),
    });
    assert.equal(rated.status, 201, await rated.text());
  }
  const console_ = await consolePage();
  await console_.goto(`${server.url}/staff/ratings`);
  await logIn(console_, 'moderator');
  await console_.locator('h1', { hasText: 'Đánh giá của người dân' }).waitFor();
  await console_.locator('#ratings-summary').waitFor();
  await console_.locator('#ratings-list').waitFor();
  const content = await console_.locator('#ratings-summary tr', { hasText: 'Nội dung' }).textContent();
  assert.match(content, /Nội dung\s*2/, 'two ratings of the content');
  // Week by week: a bar, and the same figures in a table.
  await console_.locator('#ratings-trend tbody tr').waitFor();
  assert.equal(await console_.locator('.console-chart rect').count(), 1);
  assert.match(await console_.locator('#ratings-trend tbody tr').textContent(), /2\s*4\.00\s*3\.00/);
  await assertAccessible(console_, 'ratings');
  await console_.locator('#ratings-low').check();
  await console_.locator('button', { hasText: 'Lọc' }).click();
  await console_.waitForFunction(() => document.querySelectorAll('#ratings-list tbody tr').length === 1);
  await console_.locator('button', { hasText: 'Công khai góp ý' }).click();
  await console_.locator('.console-done', { hasText: 'Đã công khai góp ý' }).waitFor();
  await console_.locator('button', { hasText: 'Thôi công khai góp ý' }).waitFor();
  const summary = await (await fetch(`${server.url}/api/v1/agencies/demo/ratings/summary?period=all`)).json();
  assert.deepEqual(summary.comments.map(c => c.comment), ['Không tìm thấy biểu mẫu.']);
  const href = await console_.locator('a', { hasText: 'Tải về dạng CSV' }).getAttribute('href');
  assert.match(href, /^\/api\/v1\/staff\/ratings\.csv\?period=90d&max_score=2$/);
  const csv = await console_.evaluate(async url => { const r = await fetch(url); return [r.status, r.headers.get('content-type'), await r.text()]; }, href);
  assert.equal(csv[0], 200);
  assert.match(csv[1], /text\/csv/);
  assert.match(csv[2], /Không tìm thấy biểu mẫu\./);
  await assertAccessible(console_, 'ratings, filtered');
  await console_.close();
});

test('the embed snippet: a widget with its attributes, live, the pinned loader with integrity, and the portal allowed', async () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'pkg/embed.json'), 'utf8'));
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', e => page.errors.push(e.message));
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', e => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  page.violations = () => page.evaluate(() => window.cspViolations);
  await page.goto(`${server.url}/staff/embed`);
  await logIn(page, 'admin');
  await page.locator('h1', { hasText: 'Mã nhúng tiện ích' }).waitFor();
  await page.locator('#embed-widget').selectOption('tracker');
  await page.locator('#embed-lang').selectOption('en');
  await page.locator('#embed-attr-code').fill('K7M4Q-X9PRT');
  // The widget runs in the preview, under the console's CSP, from the pinned loader.
  await page.locator('#embed-preview tuongtac-tracker form').waitFor();
  assert.equal(await page.locator('#embed-preview tuongtac-tracker').getAttribute('lang'), 'en');
  const snippet = await page.locator('#embed-snippet').textContent();
  assert.equal(snippet, `<script src="${server.url}/widgets/${manifest.loader}"\n        integrity="${manifest.integrity}" crossorigin="anonymous" defer></script>\n<tuongtac-tracker agency="demo" lang="en" code="K7M4Q-X9PRT"></tuongtac-tracker>`);
  await page.locator('button', { hasText: 'Sao chép mã nhúng' }).click();
  await page.locator('button', { hasText: 'Đã sao chép mã nhúng' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), snippet);
  await assertAccessible(page, 'the embed snippet with its preview');
  // The portal's origin: not allowed yet, then allowed with one button.
  await page.locator('#tt-origin').fill('https://Cong.Example.gov.vn/');
  await page.locator('#embed-origin-state', { hasText: 'chưa được phép' }).waitFor();
  await page.locator('button', { hasText: 'Cho phép' }).click();
  await page.locator('#embed-origin-state', { hasText: 'đã được phép' }).waitFor();
  const preflight = await fetch(`${server.url}/api/v1/agencies/demo/questions`, {
    method: 'OPTIONS', headers: { origin: 'https://cong.example.gov.vn', 'access-control-request-method': 'POST' },
  });
  assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://cong.example.gov.vn');
  await assertAccessible(page, 'the embed snippet, origin allowed');
  await context.close();
});

test('consultations: a draft pasted with a live parse preview, comments moderated and answered, the period closed, the report refused with its reasons', async () => {
  const page = await consolePage();
  await page.goto(`${server.url}/staff/consultations`);
  await logIn(page, 'officer');
  await page.locator('h1', { hasText: 'Lấy ý kiến dự thảo văn bản' }).waitFor();
  await page.locator('.console-admin-list a').first().waitFor();
  // A new one: the preview follows the pasted text, with the line it cannot place.
  await page.locator('#tt-text').fill('Lời nói đầu.\n1. Khoản trước mọi điều.\nĐiều 1. Phạm vi điều chỉnh\n1. Quy chế này quy định việc lấy ý kiến.\nĐiều 2. Đối tượng áp dụng\nCơ quan, tổ chức, cá nhân.');
  assert.equal(await page.locator('#parse-summary').textContent(), '2 điều; 1 dòng chưa xếp được.');
  assert.match(await page.locator('#parse-unplaced').textContent(), /Dòng 2: 1\. Khoản trước mọi điều\./);
  await page.locator('button', { hasText: 'Tạo cuộc lấy ý kiến' }).click();
  await page.locator('#consultation-errors').waitFor();
  assert.equal((await focused(page)).id, 'consultation-errors');
  await assertAccessible(page, 'a new consultation with errors');
  const at = days => new Date(Date.now() + days * 86_400_000 + 7 * 3_600_000).toISOString().slice(0, 16);
  await page.locator('#tt-title').fill('Dự thảo quy chế thử nghiệm');
  await page.locator('#tt-slug').fill('du-thao-thu-nghiem');
  await page.locator('#tt-drafting_unit').fill('Văn phòng Sở');
  await page.locator('#tt-summary').fill('Lấy ý kiến về quy chế thử nghiệm.');
  await page.locator('#tt-opens_at').fill(at(1));
  await page.locator('#tt-closes_at').fill(at(31));
  await page.locator('button', { hasText: 'Tạo cuộc lấy ý kiến' }).click();
  await page.locator('h1', { hasText: 'du-thao-thu-nghiem' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/staff/consultations/du-thao-thu-nghiem');

  // The demo consultation: its comments per article, moderated and answered.
  await page.goto(`${server.url}/staff/consultations/du-thao-quy-che-thong-tin`);
  await page.locator('.console-comment').first().waitFor();
  await page.locator('#article-counts').waitFor();
  await assertAccessible(page, 'a consultation with its comments');
  const first = page.locator('.console-comment').first();
  const publishFirst = first.locator('button', { hasText: 'Công khai góp ý' });
  if (await publishFirst.count()) {
    await publishFirst.click();
    await page.locator('#consultation-done', { hasText: 'Đã công khai góp ý' }).waitFor();
  }
  await page.locator('.console-comment').first().locator('button', { hasText: 'Phản hồi góp ý' }).click();
  await page.locator('#tt-outcome').selectOption('not_accepted');
  await page.locator('button', { hasText: 'Lưu phản hồi' }).click();
  await page.locator('#tt-explanation-error').waitFor();
  assert.equal((await focused(page)).id, 'response-errors');
  await assertAccessible(page, 'a response with an error');
  await page.locator('#tt-explanation').fill('Nội dung này đã có ở Điều 3 của dự thảo.');
  await page.locator('button', { hasText: 'Lưu phản hồi' }).click();
  await page.locator('#consultation-done', { hasText: 'Đã lưu phản hồi' }).waitFor();
  await page.locator('.console-comment', { hasText: 'Nội dung này đã có ở Điều 3' }).waitFor();
  // Identical comments are grouped, to be answered once; one alone is not a group.
  await page.locator('button', { hasText: 'Gộp các góp ý đã chọn' }).click();
  await page.locator('#group-errors').waitFor();
  assert.equal((await focused(page)).id, 'group-errors');
  const boxes = page.locator('.console-comment input[type=checkbox]');
  await boxes.nth(1).check();
  await boxes.nth(2).check();
  await page.locator('button', { hasText: 'Gộp các góp ý đã chọn' }).click();
  await page.locator('#consultation-done', { hasText: 'Đã gộp' }).waitFor();
  const grouped = page.locator('.console-comment label', { hasText: /· nhóm \d+/ });
  await grouped.nth(1).waitFor();
  assert.equal(await grouped.count(), 2, 'both comments show their group');
  await assertAccessible(page, 'grouped comments');
  // Closed early, with a public note.
  await page.locator('#period-action').selectOption('close');
  await page.locator('#tt-public_note').fill('Kết thúc sớm do đã đủ ý kiến.');
  await page.locator('button', { hasText: 'Thay đổi' }).click();
  await page.locator('#consultation-done', { hasText: 'Đã thay đổi thời gian' }).waitFor();
  await page.locator('#consultation-heading + p', { hasText: 'đã đóng' }).waitFor();
  // The report waits for every comment to be moderated and answered, and says so.
  await page.locator('button', { hasText: 'Công bố báo cáo' }).click();
  const alert = page.locator('#tt-alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /Chưa công bố được báo cáo: .*(chưa kiểm duyệt|chưa trả lời)/);
  assert.equal((await focused(page)).id, 'tt-alert');
  await assertAccessible(page, 'a report refused');
  await page.close();
});

test('every screen reflows at 320 px and at 200 % text, keyboard focus stays visible', async () => {
  await askQuestion(server, { title: 'Một câu hỏi có tiêu đề khá dài để xem bảng co giãn trên màn hình hẹp' });
  const page = await consolePage({ viewport: { width: 320, height: 640 } });
  await page.goto(`${server.url}/staff/`);
  await logIn(page, 'admin');
  await page.locator('#queue-row-0').waitFor();
  const screens = [
    ['/staff/', '#queue-row-0'],
    ['/staff/record', '#tt-title'],
    ['/staff/ratings', '#ratings-summary'],
    ['/staff/consultations', '#tt-text'],
    ['/staff/consultations/du-thao-quy-che-thong-tin', '#article-counts'],
    ['/staff/admin', '#audit-log'],
    ['/staff/admin/topics', '#topics'],
    ['/staff/embed', '#embed-snippet'],
  ];
  for (const [path, ready] of screens) {
    await page.goto(server.url + path);
    await page.locator(ready).first().waitFor();
    // Once its data has come (a screen fills in after its heading), nothing sticks out.
    await page.waitForFunction(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
      null, { timeout: 5_000 }).catch(async () => assert.fail(`${path} scrolls sideways at 320 px: ${await page.evaluate(() => {
        const w = document.documentElement.clientWidth;
        return `${document.documentElement.scrollWidth}/${w} ` + [...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > w)
          .slice(0, 6).map(e => `<${e.tagName.toLowerCase()} id="${e.id}" class="${e.className}"> ${Math.round(e.getBoundingClientRect().right)}`).join(', ');
      })}`));
    await assertAccessible(page, `${path} at 320 px`);
  }
  // 200 % text on an office screen: still no sideways scroll.
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(`${server.url}/staff/`);
  await page.locator('#queue-row-0').waitFor();
  await page.evaluate(() => { document.documentElement.style.fontSize = '200%'; });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
  assert.equal(wide, false, 'no sideways scroll at 200 % text');
  // The skip link comes first and leads to the screen's heading; focus is always drawn.
  await page.keyboard.press('Tab');
  assert.match((await focused(page)).className, /console-skip/);
  const ring = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(ring, 'none', 'the focused link has a visible ring');
  await page.keyboard.press('Enter');
  assert.equal((await focused(page)).id, 'console-title');
  await page.close();
});
