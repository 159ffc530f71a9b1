// The consultation widget's own browser tests, beyond the shared contract: a comment on article 3 by keyboard
// only, the stance radios by arrow keys, errors then their fix, the report view and the own-comment lookup.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { announced, focused, launchBrowser, openWidget, startServer, tabUntil } from '../../../tests/browser/harness.mjs';
import {
  ARTICLE_3, ELEMENT, EXPLANATION, PAGES, REPORTED_COMMENT, lookUp, openForm, prepare, showConsultation,
} from './examples.mjs';

let server, browser, prepared;
before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  prepared = await prepare(server);
});
after(async () => { await browser?.close(); await server?.stop(); });

const open = (path = PAGES[0].path) => openWidget(browser, server, path, { selector: ELEMENT, ready: 'form' });
const inWidget = (page, selector) => page.locator(`${ELEMENT} ${selector}`);
const press = async (page, key, times = 1) => { for (let i = 0; i < times; i++) await page.keyboard.press(key); };

describe('<tuongtac-consultation>', () => {
  test('keyboard only (Tab, Space, Enter and typing): a comment on article 3, then found with its code and PIN', async () => {
    const page = await open();
    await page.evaluate(() => {
      window.comments = [];
      document.addEventListener('tuongtac-comment', e => window.comments.push(e.detail));
    });
    await tabUntil(page, el => el.tag === 'a' && el.text === ARTICLE_3, 80);
    await press(page, 'Enter');
    await inWidget(page, '#tt-article-3-body').waitFor();
    assert.equal((await focused(page)).id, 'tt-article-3-toggle', 'the link lands on the article');
    assert.equal(await inWidget(page, '#tt-article-3-toggle').getAttribute('aria-expanded'), 'true');
    assert.equal(await inWidget(page, '.tt-article-body').count(), 1, 'only the open article renders its text');
    await tabUntil(page, el => el.tag === 'button' && el.text === 'Góp ý Điều 3');
    await press(page, 'Enter');
    await inWidget(page, '.tt-comment-form').waitFor();
    assert.equal((await focused(page)).id, 'tt-form-title', 'the form takes focus at its title');
    await press(page, 'Tab');
    assert.equal((await focused(page)).id, 'tt-stance', 'the stance is the first stop');
    await press(page, ' ');
    assert.equal(await inWidget(page, '#tt-stance').isChecked(), true, 'Space chooses "Tán thành"');
    await press(page, 'Tab');
    assert.equal((await focused(page)).id, 'tt-clause', 'the clause is optional and left as it is');
    await press(page, 'Tab');
    assert.equal((await focused(page)).id, 'tt-body');
    await page.keyboard.type('Tán thành nguyên tắc công khai; đề nghị nêu rõ thời hạn phản hồi.');
    await tabUntil(page, el => el.tag === 'button' && el.text === 'Gửi góp ý');
    await press(page, 'Enter');
    await inWidget(page, '.tt-confirmation').waitFor();
    assert.equal((await focused(page)).id, 'tt-sent-title');
    const [code, pin] = await inWidget(page, '.tt-receipt .tt-code').allTextContents();
    assert.match(code, /^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    assert.match(pin, /^\d{6}$/);
    assert.equal(await announced(page, code), `Đã gửi góp ý. Mã theo dõi của bạn là ${code}.`);
    assert.deepEqual(await page.evaluate(() => window.comments),
      [{ consultation: 'du-thao-quy-che-thong-tin', article: '3', trackingCode: code }], 'never the PIN');

    // Back to the draft: focus returns to the button that opened the form.
    await tabUntil(page, el => el.tag === 'button' && el.text === 'Tiếp tục đọc dự thảo');
    await press(page, 'Enter');
    assert.equal((await focused(page)).id, 'tt-comment-3');

    await tabUntil(page, el => el.id === 'tt-tracking_code', 80);
    await page.keyboard.type(code);
    await press(page, 'Tab');
    await page.keyboard.type(pin);
    await press(page, 'Enter');
    await inWidget(page, '.tt-own').waitFor();
    assert.equal((await focused(page)).id, 'tt-own-title');
    const own = await inWidget(page, '.tt-own').textContent();
    assert.match(own, /Điều 3/);
    assert.match(own, /Tán thành/);
    assert.match(own, /Đã tiếp nhận, đang chờ kiểm duyệt/);
    assert.deepEqual(page.errors, []);
  });

  test('the stance radios are one Tab stop, and the arrow keys move the choice', async () => {
    const page = await open();
    await openForm(page);
    await inWidget(page, '#tt-form-title').focus();
    await press(page, 'Tab');
    assert.equal((await focused(page)).id, 'tt-stance');
    await press(page, 'ArrowDown');
    assert.equal(await page.getByRole('radio', { name: 'Không tán thành', exact: true }).isChecked(), true);
    await press(page, 'ArrowDown');
    assert.equal(await page.getByRole('radio', { name: 'Ý kiến khác', exact: true }).isChecked(), true);
    await press(page, 'Tab');
    assert.equal((await focused(page)).id, 'tt-clause', 'one Tab leaves the group');
  });

  test('errors: the summary takes focus, its links lead to the fields, fixes clear them, and the text survives', async () => {
    const page = await open();
    await openForm(page);
    await page.getByRole('radio', { name: /Tổ chức/ }).check();
    await page.getByRole('button', { name: 'Gửi góp ý', exact: true }).click();
    await inWidget(page, '.tt-error-summary').waitFor();
    assert.match((await focused(page)).className, /tt-error-summary/);
    assert.deepEqual(await inWidget(page, '.tt-error-summary a').allTextContents(), [
      'Nhập nội dung góp ý.', 'Nhập tên cơ quan, tổ chức góp ý.',
      'Chọn ý kiến của bạn: tán thành, không tán thành hoặc ý kiến khác.',
    ], 'one link per error');
    await inWidget(page, '.tt-error-summary a').filter({ hasText: 'Nhập tên cơ quan' }).click();
    assert.equal((await focused(page)).id, 'tt-name');
    assert.match(await inWidget(page, '#tt-name-hint').textContent(), /luôn được công khai/);
    await page.keyboard.type('Hội Luật gia tỉnh Demo');
    await page.getByLabel('Nội dung góp ý', { exact: true }).fill('Đề nghị bổ sung kênh tiếp nhận qua điện thoại.');
    assert.equal(await inWidget(page, '#tt-name-error').count(), 0, 'the name error goes once fixed');
    // Closing the form and opening it again keeps what was typed.
    await page.getByRole('button', { name: 'Đóng biểu mẫu' }).click();
    assert.equal((await focused(page)).id, 'tt-comment-3');
    await page.keyboard.press('Enter');
    await inWidget(page, '.tt-comment-form').waitFor();
    assert.equal(await page.getByLabel('Nội dung góp ý', { exact: true }).inputValue(),
      'Đề nghị bổ sung kênh tiếp nhận qua điện thoại.');
    await page.getByRole('radio', { name: 'Ý kiến khác', exact: true }).check();
    await page.getByRole('button', { name: 'Gửi góp ý', exact: true }).click();
    await inWidget(page, '.tt-confirmation').waitFor();
  });

  test('the report: each comment shows its outcome and explanation, with the printable report and its CSV', async () => {
    const page = await open();
    await showConsultation(page, prepared.reported);
    assert.match(await inWidget(page, '[part=status]').first().textContent(), /Đã công bố báo cáo tiếp thu/);
    assert.equal(await page.getByRole('button', { name: /^Góp ý/ }).count(), 0, 'no comment form once closed');
    await inWidget(page, '.tt-toc').getByRole('link', { name: 'Điều 1. Phạm vi điều chỉnh' }).click();
    const response = inWidget(page, '.tt-response').first();
    await response.waitFor();
    assert.match(await response.textContent(), /Tiếp thu một phần/);
    assert.match(await response.textContent(), new RegExp(EXPLANATION.slice(0, 30)));
    const comment = await inWidget(page, '.tt-comment').first().textContent();
    assert.match(comment, /Nguyễn Thị Lan/, 'a name its commenter chose to publish');
    assert.doesNotMatch(comment, /lan@example\.vn/, 'never an email');
    for (const name of ['Báo cáo tiếp thu, giải trình (bản in)', 'Báo cáo tiếp thu, giải trình (tệp CSV)']) {
      const href = await page.getByRole('link', { name }).getAttribute('href');
      const answer = await fetch(href);
      assert.equal(answer.status, 200, href);
    }
  });

  test('own-comment lookup: lands on the comment and its outcome, then erases the contact details', async () => {
    const page = await open(PAGES[1].path);
    await showConsultation(page, prepared.reported);
    await lookUp(page, prepared.own, { en: true });
    await inWidget(page, '.tt-own').waitFor();
    const own = await inWidget(page, '.tt-own').textContent();
    assert.match(own, /Article 1, Clause 2/);
    assert.match(own, /Partly accepted/);
    assert.match(own, new RegExp(REPORTED_COMMENT.body.slice(0, 20)));
    await page.getByRole('button', { name: 'Withdraw consent and erase my contact details' }).click();
    await inWidget(page, '#tt-erased').waitFor();
    assert.equal(await inWidget(page, '#tt-erased').textContent(), 'Your contact details have been erased.');
    await page.getByRole('button', { name: 'Show Article 1 in the draft' }).click();
    assert.equal((await focused(page)).id, 'tt-article-1-toggle');
  });
});
