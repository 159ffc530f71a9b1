// The archive widget in real Chromium against the real server and database, used as citizens use it. What every
// widget promises (axe, reflow, keyboard, hostile CSS…) is checked by tests/browser/contract.test.mjs over
// examples.mjs; this file holds what is the archive's own: a search without accents, pages kept in the address
// through reload and back, a shared question with its QAPage data, share links that call no third party, the
// +1 counted once, following by email, both languages, and a page that does not move as the widget loads.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { announced, launchBrowser, newPage, startServer } from '../../../tests/browser/harness.mjs';
import { SLOW_PHONE, measureLoad } from '../../../tests/browser/layout.mjs';
import { ELEMENT, FILLERS, HOURS, LICENCE, listed, open, prepare } from './examples.mjs';

let server, browser, questions;
before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  questions = await prepare(server);
});
after(async () => { await browser?.close(); await server?.stop(); });

const PAGE = '/demo/hoi-dap-cong-khai.html';
const inWidget = (page, selector) => page.locator(`${ELEMENT} ${selector}`);
const titles = page => inWidget(page, '.tt-archive-item .tt-article-toggle').allTextContents().then(t => t.map(s => s.trim()));
const params = page => Object.fromEntries([...new URL(page.url()).searchParams].filter(([k]) => k.startsWith('tt-') || k === 'x'));

async function openPage(path = PAGE, options = {}) {
  const page = await newPage(browser, options);
  await page.goto(server.url + path);
  await listed(page);
  return page;
}

test('a search without accents finds the question with them, and the address keeps it through reload and back', async () => {
  // The page's own parameter and fragment are kept as they are.
  const page = await openPage(`${PAGE}?x=1#top`);
  assert.equal((await titles(page))[0], HOURS, 'newest published first');
  await page.locator(ELEMENT).getByLabel('Tìm câu hỏi').fill('xuat ban ban tin');
  await page.locator(ELEMENT).getByRole('button', { name: 'Tìm', exact: true }).click();
  await page.waitForURL(/tt-q=/);
  await page.waitForFunction(() => document.querySelector('tuongtac-archive').shadowRoot
    .querySelectorAll('.tt-archive-item').length === 1);
  assert.deepEqual(await titles(page), [LICENCE]);
  assert.deepEqual(params(page), { x: '1', 'tt-q': 'xuat ban ban tin' });
  assert.equal(new URL(page.url()).hash, '#top');
  await announced(page, '1 câu hỏi · trang 1/1');
  assert.equal(await inWidget(page, '#tt-archive-title').evaluate(el => el === el.getRootNode().activeElement), true,
    'focus moves to the results');

  await page.reload();
  await listed(page);
  assert.deepEqual(await titles(page), [LICENCE], 'a reload shows the same search');
  assert.equal(await inWidget(page, '#tt-q').inputValue(), 'xuat ban ban tin');

  await page.goBack();
  await page.waitForFunction(() => document.querySelector('tuongtac-archive').shadowRoot
    .querySelectorAll('.tt-archive-item').length === 10);
  assert.deepEqual(params(page), { x: '1' });
  assert.equal(await inWidget(page, '#tt-q').inputValue(), '', 'back restores the unfiltered list');
  assert.deepEqual(page.errors, []);
});

test('pages: the next page is in the address, and reload and back restore it', async () => {
  const page = await openPage();
  // The examples' own, and any that `--demo-questions` seeded.
  const { total } = await (await fetch(`${server.url}/api/v1/agencies/demo/archive`)).json();
  assert.ok(total >= FILLERS + 2 && total <= 20, `two pages: ${total}`);
  assert.equal(await inWidget(page, '.tt-archive-item').count(), 10);
  assert.equal(await inWidget(page, '.tt-pager').getAttribute('aria-label'), 'Các trang');
  const next = page.locator(ELEMENT).getByRole('link', { name: 'Trang sau' });
  assert.match(await next.getAttribute('href'), /tt-page=2$/, 'a real link: it also opens in a new tab');
  await next.click();
  await page.waitForURL(/tt-page=2/);
  await page.waitForFunction(n => document.querySelector('tuongtac-archive').shadowRoot
    .querySelectorAll('.tt-archive-item').length === n, total - 10);
  await page.reload();
  await listed(page);
  assert.equal(await inWidget(page, '.tt-archive-item').count(), total - 10, 'a reload stays on page 2');
  await page.locator(ELEMENT).getByRole('link', { name: 'Trang trước' }).click();
  await page.waitForFunction(() => document.querySelector('tuongtac-archive').shadowRoot
    .querySelectorAll('.tt-archive-item').length === 10);
  assert.deepEqual(params(page), {});
  await page.goBack();
  await page.waitForFunction(n => document.querySelector('tuongtac-archive').shadowRoot
    .querySelectorAll('.tt-archive-item').length === n, total - 10);
  assert.deepEqual(params(page), { 'tt-page': '2' });
  assert.deepEqual(page.errors, []);
});

test('a question opens with its answer and dates; its share links are plain addresses and call no third party', async () => {
  const page = await newPage(browser);
  const elsewhere = [];
  page.on('request', request => { if (!request.url().startsWith(server.url)) elsewhere.push(request.url()); });
  await page.goto(server.url + PAGE);
  await listed(page);
  await open(page, LICENCE);
  const question = inWidget(page, '.tt-archive-question');
  assert.match(await question.textContent(), /Nộp tại bộ phận một cửa của Sở\./);
  assert.match(await question.textContent(), /Thời gian trả lời.*ngày làm việc \(hạn \d+\), đúng hạn/);
  assert.equal(await page.locator(ELEMENT).getByRole('button', { name: LICENCE }).getAttribute('aria-expanded'), 'true');
  const code = questions.licence.tracking_code;
  const shared = encodeURIComponent(`${server.url}${PAGE}?tt-code=${code}`);
  const zalo = page.locator(ELEMENT).getByRole('link', { name: /^Zalo/ });
  const facebook = page.locator(ELEMENT).getByRole('link', { name: /^Facebook/ });
  assert.equal(await zalo.getAttribute('href'), `https://zalo.me/share?url=${shared}`);
  assert.equal(await facebook.getAttribute('href'), `https://www.facebook.com/sharer/sharer.php?u=${shared}`);
  for (const link of [zalo, facebook]) {
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
    assert.match(await link.textContent(), /\(mở thẻ mới\)$/, 'says it opens a new tab');
  }
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  await page.locator(ELEMENT).getByRole('button', { name: 'Sao chép liên kết' }).click();
  await announced(page, 'Đã sao chép liên kết');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `${server.url}${PAGE}?tt-code=${code}`);
  assert.deepEqual(elsewhere, [], 'nothing was fetched from Zalo, Facebook or anyone else');
  assert.deepEqual(page.errors, []);
});

test('a shared tt-code link opens that question alone, with QAPage data in the head that goes when it closes', async () => {
  const code = questions.licence.tracking_code;
  const page = await newPage(browser);
  const asked = [];
  page.on('request', request => asked.push(request.url()));
  await page.goto(`${server.url}${PAGE}?tt-code=${code}`);
  await inWidget(page, '.tt-archive-question').waitFor();
  assert.equal((await inWidget(page, '#tt-single-title').textContent()).trim(), LICENCE);
  assert.deepEqual(asked.filter(url => url.includes('/archive?')), [],
    'the loader does not fetch the first page of the list, which this address does not show');
  // The agency's canonical address is what the data and the shared links name.
  await page.locator(ELEMENT).evaluate(el => el.setAttribute('canonical-url', 'https://portal.example.gov.vn/hoi-dap'));
  await page.waitForFunction(() => document.getElementById('tuongtac-archive-ld')?.textContent.includes('portal.example'));
  const data = JSON.parse(await page.locator('head script#tuongtac-archive-ld[type="application/ld+json"]').textContent());
  assert.equal(data['@type'], 'QAPage');
  assert.equal(data.url, `https://portal.example.gov.vn/hoi-dap?tt-code=${code}`);
  assert.equal(data.mainEntity['@type'], 'Question');
  assert.equal(data.mainEntity.name, LICENCE);
  assert.equal(data.mainEntity.answerCount, 1);
  assert.equal(data.mainEntity.acceptedAnswer.text, questions.answer);
  assert.equal(await page.locator('script[type="application/ld+json"]').count(), 1);
  assert.match(await page.locator(ELEMENT).getByRole('link', { name: /^Facebook/ }).getAttribute('href'),
    /u=https%3A%2F%2Fportal\.example\.gov\.vn%2Fhoi-dap%3Ftt-code%3D/);
  await page.locator(ELEMENT).getByRole('link', { name: /Tất cả câu hỏi/ }).click();
  await listed(page);
  assert.deepEqual(params(page), {});
  assert.equal(await page.locator('#tuongtac-archive-ld').count(), 0, 'the data goes with the question');
  await page.goBack();
  await inWidget(page, '#tt-single-title').waitFor();
  assert.equal(await page.locator('#tuongtac-archive-ld').count(), 1, 'back brings the question and its data');

  const unknown = await newPage(browser);
  await unknown.goto(`${server.url}${PAGE}?tt-code=22222-22222`);
  await inWidget(unknown, '.tt-alert').waitFor();
  assert.match(await inWidget(unknown, '.tt-alert').textContent(), /Không tìm thấy câu hỏi này/);
});

test('"Tôi cũng quan tâm" counts once a day from one place: the count grows once, then says so', async () => {
  const page = await openPage();
  await open(page, HOURS);
  const count = () => inWidget(page, '.tt-same-count').textContent();
  assert.equal(await count(), '0 người cùng quan tâm');
  const heard = page.evaluate(() => new Promise(resolve => {
    document.querySelector('tuongtac-archive').addEventListener('tuongtac-archive', e => resolve(e.detail), { once: true });
  }));
  await page.locator(ELEMENT).getByRole('button', { name: 'Tôi cũng quan tâm' }).click();
  await announced(page, 'Đã ghi nhận, cảm ơn bạn.');
  assert.equal(await count(), '1 người cùng quan tâm');
  assert.deepEqual(await heard, { action: 'same-question', trackingCode: questions.hours.tracking_code });
  await page.locator(ELEMENT).getByRole('button', { name: 'Tôi cũng quan tâm' }).click();
  await announced(page, 'Hôm nay đã ghi nhận từ nơi này rồi.');
  assert.equal(await count(), '1 người cùng quan tâm');
  // Closed and opened again, it keeps the newest count (the list may come from the browser's cache).
  await page.locator(ELEMENT).getByRole('button', { name: HOURS, exact: true }).click();
  await open(page, HOURS);
  assert.equal(await count(), '1 người cùng quan tâm');
  const archived = await fetch(`${server.url}/api/v1/agencies/demo/archive/${questions.hours.tracking_code}`);
  assert.equal((await archived.json()).same_question_count, 1, 'the public count, on the server');
});

test('following: errors beside the fields and in a focused summary, then done', async () => {
  const page = await openPage();
  await open(page, LICENCE);
  const widget = page.locator(ELEMENT);
  await widget.getByLabel('Email', { exact: true }).fill('khong-phai-email');
  await widget.getByRole('button', { name: 'Theo dõi', exact: true }).click();
  await inWidget(page, '.tt-error-summary').waitFor();
  const active = () => page.evaluate(() => document.querySelector('tuongtac-archive').shadowRoot.activeElement?.className);
  assert.match(await active(), /tt-error-summary/);
  assert.equal(await inWidget(page, '#tt-email').getAttribute('aria-invalid'), 'true');
  assert.equal(await inWidget(page, '#tt-consent').getAttribute('aria-invalid'), 'true');
  assert.equal(await inWidget(page, '.tt-error-summary a').count(), 2);
  await widget.getByLabel('Email', { exact: true }).fill('lan.nguyen@example.vn');
  // The errors stay until the form is sent again, so nothing moves under the pointer as it clicks.
  assert.equal(await inWidget(page, '.tt-error-summary a').count(), 2);
  await widget.getByLabel(/Tôi đồng ý/).check();
  await widget.getByRole('button', { name: 'Theo dõi', exact: true }).click();
  await inWidget(page, '#tt-followed').waitFor();
  await announced(page, 'Đã đăng ký. Hãy kiểm tra hộp thư của bạn.');
  assert.equal(await inWidget(page, '.tt-error-summary').count(), 0);
  assert.deepEqual(page.errors, []);
});

test('languages: Vietnamese by default, English with lang="en" and back', async () => {
  const page = await openPage();
  const base = inWidget(page, '[part=base]');
  assert.equal(await base.getAttribute('lang'), 'vi');
  await page.locator(ELEMENT).evaluate(el => el.setAttribute('lang', 'en'));
  await page.locator(ELEMENT).getByRole('button', { name: 'Search', exact: true }).waitFor();
  assert.equal(await base.getAttribute('lang'), 'en');
  assert.match(await inWidget(page, '.tt-hint').first().textContent(), /With or without Vietnamese accents/);
  await page.locator(ELEMENT).evaluate(el => el.setAttribute('lang', 'vi'));
  await page.locator(ELEMENT).getByRole('button', { name: 'Tìm', exact: true }).waitFor();
  const en = await openPage('/demo/hoi-dap-cong-khai-en.html');
  await inWidget(en, '.tt-pager').getByText('Next page').waitFor();
});

test('in forced colours, fields keep their borders and the focus ring stays an outline', async () => {
  // The contract checks this for widgets whose first form can be sent empty; the archive's is a search.
  const page = await openPage();
  await page.emulateMedia({ forcedColors: 'active' });
  const border = await inWidget(page, '#tt-q').evaluate(el => {
    const style = getComputedStyle(el);
    return `${style.borderInlineStartStyle} ${style.borderInlineStartWidth}`;
  });
  assert.equal(border, 'solid 2px');
  await inWidget(page, '#tt-q').focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  const ring = await inWidget(page, 'button[type=submit]').evaluate(el => {
    const style = getComputedStyle(el);
    return `${el === el.getRootNode().activeElement} ${style.outlineStyle} ${style.outlineWidth} ${style.outlineOffset}`;
  });
  assert.equal(ring, 'true solid 3px 2px', 'the outline survives where box shadows are dropped');
});

test('on a slow phone, nothing on the page moves while the archive loads', async () => {
  const page = await newPage(browser, { viewport: SLOW_PHONE.viewport });
  const { cls, shifts } = await measureLoad(page, server.url + PAGE, SLOW_PHONE);
  assert.equal(cls, 0, JSON.stringify(shifts));
  await listed(page);
});
