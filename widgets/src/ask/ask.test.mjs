// The ask widget in real Chromium against the real server and database, used as citizens use it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  announced, assertAccessible, focused, launchBrowser, openWidget, recordSpoken,
  smallDisk, staffMember, startServer, tabUntil,
} from '../../../tests/browser/harness.mjs';
import { fillValidQuestion } from './examples.mjs';

const CODE = /^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/;
let server, browser;
before(async () => { [server, browser] = await Promise.all([startServer(), launchBrowser()]); });
after(async () => { await browser?.close(); await server?.stop(); });

describe('keyboard only', () => {
  test('a citizen fills in and sends the form and reads the tracking code', async () => {
    const page = await openWidget(browser, server, '/demo/');
    await tabUntil(page, el => el.id === 'tt-title');
    await page.keyboard.type('Hỏi về thủ tục cấp phép');
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).id, 'tt-body');
    await page.keyboard.type('Xin hỏi hồ sơ gồm những gì?\nCảm ơn Sở.');
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).id, 'tt-topic');
    await page.keyboard.press('ArrowDown');
    await tabUntil(page, el => el.tag === 'button' && el.text === 'Gửi câu hỏi');
    await page.keyboard.press('Enter');

    await page.locator('tuongtac-ask .tt-confirmation').waitFor();
    const now = await focused(page);
    assert.equal(now.id, 'tt-confirmation-title', 'focus moves to the confirmation');
    const code = (await page.locator('tuongtac-ask .tt-code').first().textContent()).trim();
    assert.match(code, CODE);
    const pin = (await page.locator('tuongtac-ask .tt-code').nth(1).textContent()).trim();
    assert.match(pin, /^\d{6}$/);
    assert.equal(await announced(page, code), `Đã gửi câu hỏi. Mã theo dõi của bạn là ${code}.`);
    assert.deepEqual(page.errors, []);
  });

  test('fixing a field clears its error when the citizen leaves it', async () => {
    const page = await openWidget(browser, server, '/demo/');
    await page.getByRole('button', { name: 'Gửi câu hỏi' }).click();
    await page.locator('tuongtac-ask .tt-error-summary').waitFor();
    await page.getByLabel('Tiêu đề').focus();
    await page.keyboard.type('Tiêu đề đã sửa');
    await page.keyboard.press('Tab');
    assert.equal(await page.locator('tuongtac-ask #tt-title-error').count(), 0);
  });

  test('fixing the last field and pressing send with the mouse sends at once: no error goes from above the button between press and release', async () => {
    // A screen tall enough not to scroll: scrolled, Chromium's scroll anchoring would hide a shift.
    const page = await openWidget(browser, server, '/demo/', { viewport: { width: 1280, height: 2400 } });
    const send = page.getByRole('button', { name: 'Gửi câu hỏi' });
    await send.click();
    await page.locator('tuongtac-ask .tt-error-summary').waitFor();
    await page.getByLabel('Lĩnh vực').selectOption('giay-phep');
    await page.getByLabel('Tiêu đề').fill('Thủ tục cấp giấy phép hoạt động in');
    await page.getByLabel('Nội dung câu hỏi').fill('Xin hỏi hồ sơ đề nghị cấp giấy phép gồm những giấy tờ gì?');
    assert.equal(await page.locator('tuongtac-ask #tt-body-error').count(), 1, 'still shown while the citizen is in the field');
    await send.click();
    await page.locator('tuongtac-ask .tt-confirmation').waitFor({ timeout: 5000 });
  });

  test('contact data asks for consent, and the server enforces the same rules', async () => {
    const page = await openWidget(browser, server, '/demo/en.html');
    await fillValidQuestion(page, { en: true });
    assert.equal(await page.getByLabel(/I agree/).count(), 0, 'no consent box without contact data');
    await page.getByLabel('Email').fill('lan.nguyen@example.vn');
    const consent = page.getByLabel(/I agree/);
    await page.getByRole('button', { name: 'Send question' }).click();
    await page.locator('tuongtac-ask .tt-error-summary').waitFor();
    assert.deepEqual(await page.locator('tuongtac-ask .tt-error-summary a').allTextContents(),
      ['Agree to the processing of your contact details, or remove them.']);
    await consent.check();
    await page.getByRole('button', { name: 'Send question' }).click();
    await page.locator('tuongtac-ask .tt-confirmation').waitFor();
  });
});

test('the character count is spoken once typing pauses, not on every keystroke', async () => {
  const page = await openWidget(browser, server, '/demo/');
  await page.getByLabel('Nội dung câu hỏi').pressSequentially('Xin chào', { delay: 30 });
  assert.equal(await page.locator('tuongtac-ask .tt-count').textContent(), 'Còn 4.992 ký tự');
  assert.equal(await page.locator('tuongtac-ask .tt-count').getAttribute('aria-hidden'), 'true');
  assert.equal(await announced(page), '', 'nothing is spoken while typing');
  assert.equal(await announced(page, 'Còn 4.992 ký tự'), 'Còn 4.992 ký tự');
});

test('sending right after typing: the count still waiting is not spoken over what sending says', async () => {
  const page = await openWidget(browser, server, '/demo/');
  const spoken = await recordSpoken(page);
  await fillValidQuestion(page);
  await page.getByRole('button', { name: 'Gửi câu hỏi' }).click();
  await page.locator('tuongtac-ask .tt-confirmation').waitFor();
  const code = (await page.locator('tuongtac-ask .tt-code').first().textContent()).trim();
  await page.waitForTimeout(1_500);
  const said = (await spoken()).map(s => s.text).filter(text => text !== 'Đang gửi câu hỏi…');
  assert.deepEqual(said, [`Đã gửi câu hỏi. Mã theo dõi của bạn là ${code}.`]);
});

test('when the server is gone, the citizen is told and keeps every word; sending again works once it is back', async () => {
  const own = await startServer();
  const browserPage = await openWidget(browser, own, '/demo/');
  await fillValidQuestion(browserPage, { title: 'Câu hỏi không được mất' });
  await own.kill();
  const spoken = await recordSpoken(browserPage);
  await browserPage.getByRole('button', { name: 'Gửi câu hỏi' }).click();
  const alert = browserPage.locator('tuongtac-ask .tt-alert');
  await alert.waitFor({ timeout: 20_000 });
  assert.match(await alert.textContent(), /Chưa gửi được câu hỏi/);
  assert.match((await focused(browserPage)).className, /tt-alert/, 'focus moves to the message, so it is read out');
  await browserPage.waitForTimeout(300);
  assert.deepEqual((await spoken()).filter(said => /tt-alert/.test(said.focus)), [],
    'the live region does not say the focused message a second time');
  assert.equal(await browserPage.getByLabel('Tiêu đề').inputValue(), 'Câu hỏi không được mất');
  assert.match(await browserPage.getByLabel('Nội dung câu hỏi').inputValue(), /^Xin hỏi hồ sơ/);

  const back = await startServer({ port: own.port, dataDir: own.dataDir });
  try {
    await browserPage.getByRole('button', { name: 'Gửi câu hỏi' }).click();
    await browserPage.locator('tuongtac-ask .tt-confirmation').waitFor({ timeout: 20_000 });
  } finally {
    await back.stop();
  }
});

test('when the disk under the database is full, the citizen is told in their language to try again later and keeps every word; once space is back the question is stored once', async () => {
  const disk = smallDisk();
  let own;
  try {
    own = await startServer({ dataDir: disk.dir });
    const cases = [
      { path: '/demo/', en: false, title: 'Câu hỏi gửi khi đĩa đầy', send: 'Gửi câu hỏi', message: /tạm thời không lưu được dữ liệu.*sau vài phút/ },
      { path: '/demo/en.html', en: true, title: 'Asked while the disk was full', send: 'Send question', message: /cannot store questions right now.*in a few minutes/ },
    ];
    for (const { path, en, title, send, message } of cases) {
      const page = await openWidget(browser, own, path);
      await fillValidQuestion(page, { en, title });
      disk.fill();
      await page.getByRole('button', { name: send }).click();
      const alert = page.locator('tuongtac-ask .tt-alert');
      await alert.waitFor({ timeout: 30_000 });
      assert.match(await alert.textContent(), message);
      assert.match((await focused(page)).className, /tt-alert/, 'focus moves to the message, so it is read out');
      assert.equal(await page.getByLabel(en ? 'Title' : 'Tiêu đề').inputValue(), title);
      assert.match(await page.getByLabel(en ? 'Your question' : 'Nội dung câu hỏi').inputValue(), /^Xin hỏi hồ sơ/);
      await assertAccessible(page, `ask, storage unavailable (${path})`);

      disk.free();
      await page.getByRole('button', { name: send }).click();
      await page.locator('tuongtac-ask .tt-confirmation').waitFor({ timeout: 20_000 });
      assert.deepEqual(page.errors, []);
      await page.close();
    }
    const officer = await staffMember(own, 'can-bo-dia-day', 'officer');
    const queue = await officer('GET', '/api/v1/staff/questions');
    for (const { title } of cases) {
      assert.equal(queue.body.items.filter(question => question.title === title).length, 1, `"${title}" is stored once`);
    }
  } finally {
    await own?.stop({ keepData: true });
    disk.unmount();
  }
});

/** Serves `body` as a page of the server's own origin, with the loader, and waits for the ask form. */
async function fixture(body) {
  const page = await browser.newPage();
  await page.route(`${server.url}/fixture.html`, route => route.fulfill({
    contentType: 'text/html; charset=utf-8',
    body: `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Hỏi đáp</title>
      <script src="/widgets/tuongtac.js" defer></script></head><body><main><h1>Hỏi đáp</h1>${body}</main></body></html>`,
  }));
  await page.goto(`${server.url}/fixture.html`);
  await page.locator('tuongtac-ask form').waitFor();
  return page;
}

/** Sends a valid question and resolves to the confirmation's tracking code and PIN. */
async function sendQuestion(page) {
  await fillValidQuestion(page);
  await page.getByRole('button', { name: 'Gửi câu hỏi' }).click();
  await page.locator('tuongtac-ask .tt-confirmation').waitFor();
  const [code, pin] = await page.locator('tuongtac-ask .tt-code').allTextContents();
  return { code: code.trim(), pin: pin.trim() };
}

describe('from the confirmation to the tracker', () => {
  test('with tracker-url, a link carries the code to the tracker page, which fills it in', async () => {
    const page = await openWidget(browser, server, '/demo/');
    const { code } = await sendQuestion(page);
    const link = page.getByRole('link', { name: 'Theo dõi câu hỏi này' });
    assert.equal(await link.getAttribute('href'), `tracker.html?tt-code=${code}`);
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/demo/tracker.html?tt-code=${code}`);
    await page.locator('tuongtac-tracker form').waitFor();
    assert.equal(await page.getByLabel('Mã theo dõi', { exact: true }).inputValue(), code);
  });

  test('an address that already has a query and a fragment keeps them', async () => {
    const page = await fixture('<tuongtac-ask agency="demo" tracker-url="/demo/tracker.html?nguon=hoi-dap#tra-cuu"></tuongtac-ask>');
    const { code } = await sendQuestion(page);
    assert.equal(await page.getByRole('link', { name: 'Theo dõi câu hỏi này' }).getAttribute('href'),
      `/demo/tracker.html?nguon=hoi-dap&tt-code=${code}#tra-cuu`);
  });

  test('without tracker-url, a tracker of the same agency on the page takes the code and the focus', async () => {
    const page = await fixture(`<tuongtac-ask agency="demo"></tuongtac-ask>
      <h2>Tra cứu</h2><tuongtac-tracker agency="demo"></tuongtac-tracker>`);
    const { code, pin } = await sendQuestion(page);
    assert.equal(await page.getByRole('link', { name: 'Theo dõi câu hỏi này' }).count(), 0);
    await page.locator('tuongtac-ask .tt-confirmation-title').focus();
    await tabUntil(page, el => el.tag === 'button' && el.text === 'Theo dõi câu hỏi này');
    await page.keyboard.press('Enter');
    assert.equal((await focused(page)).id, 'tt-pin', "focus moves to the tracker's PIN field");
    await page.waitForFunction(code =>
      document.querySelector('tuongtac-tracker').shadowRoot.getElementById('tt-tracking_code').value === code, code);
    await page.keyboard.type(pin);
    await page.keyboard.press('Enter');
    await page.locator('tuongtac-tracker .tt-result').waitFor();
    assert.equal((await focused(page)).id, 'tt-result-title');
    await assertAccessible(page, 'ask and tracker on one page');
  });

  test('a tracker of another agency is not offered', async () => {
    const page = await fixture(`<tuongtac-ask agency="demo"></tuongtac-ask>
      <tuongtac-tracker agency="so-khac"></tuongtac-tracker>`);
    await sendQuestion(page);
    assert.equal(await page.getByRole('button', { name: 'Theo dõi câu hỏi này' }).count(), 0);
  });
});

describe('the confirmation', () => {
  test('each copy button is named by its visible word and what it copies, also once it says "copied"', async () => {
    const page = await browser.newPage({ permissions: ['clipboard-read', 'clipboard-write'] });
    await page.goto(`${server.url}/demo/`);
    await page.locator('tuongtac-ask form').waitFor();
    const { pin } = await sendQuestion(page);
    await page.getByRole('button', { name: 'Sao chép mã theo dõi', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Sao chép mã PIN', exact: true }).click();
    // Speech input users say what they see (WCAG 2.5.3): "Đã sao chép" must start the name too.
    const copied = page.getByRole('button', { name: 'Đã sao chép mã PIN', exact: true });
    await copied.waitFor();
    assert.equal(await copied.evaluate(el => el.firstChild.textContent), 'Đã sao chép');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), pin);
    assert.equal(await announced(page, 'Đã sao chép'), 'Đã sao chép');
  });
});

describe('designers can restyle the widget', () => {
  const style = (page, selector) => page.locator(`tuongtac-ask ${selector}`).first().evaluate(el => {
    const s = getComputedStyle(el);
    return { font: s.fontFamily, color: s.color, transform: s.textTransform, spacing: s.letterSpacing,
      size: s.fontSize, display: s.display, background: s.backgroundColor };
  });

  test('--tuongtac-* variables and ::part() restyle it', async () => {
    const page = await openWidget(browser, server, '/demo/themed.html');
    const button = await style(page, 'button[type=submit]');
    assert.equal(button.background, 'rgb(11, 94, 59)');
    assert.match(button.font, /Georgia/);
    assert.equal(button.size, '17px');
  });
});
