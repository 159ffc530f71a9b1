// The consultation widget's own browser tests, beyond the shared contract: a comment on article 3 by keyboard
// only, the stance radios by arrow keys, errors then their fix, a send that fails and its resend, a
// consultation that closes while the form is open, the report view and the own-comment lookup.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accessibleName, announced, focused, launchBrowser, openWidget, staffMember, startServer, tabUntil,
} from '../../../tests/browser/harness.mjs';
import {
  ARTICLE_3, ELEMENT, EXPLANATION, PAGES, REPORTED_COMMENT, createConsultation, lookUp, openForm, prepare,
  showConsultation,
} from './examples.mjs';

const TOGGLE_3 = "document.querySelector('tuongtac-consultation').shadowRoot.getElementById('tt-article-3-toggle')";
let server, browser, prepared, admin;
before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  prepared = await prepare(server);
  admin = await staffMember(server, 'gop-y-kiem-thu', 'admin');
});
after(async () => { await browser?.close(); await server?.stop(); });

const open = (path = PAGES[0].path) => openWidget(browser, server, path, { selector: ELEMENT, ready: 'form' });
const inWidget = (page, selector) => page.locator(`${ELEMENT} ${selector}`);
const press = async (page, key, times = 1) => { for (let i = 0; i < times; i++) await page.keyboard.press(key); };

/** The comments the server holds for consultation `slug`, as staff see them. */
async function stored(slug) {
  const listed = await admin('GET', `/api/v1/staff/consultations/${slug}/comments`);
  assert.equal(listed.status, 200, JSON.stringify(listed.body));
  return listed.body.comments;
}

/** Shows a fresh consultation of the short draft and opens the comment form of its article 1. */
async function openArticle1(page, slug) {
  await createConsultation(admin, slug);
  await showConsultation(page, slug);
  await inWidget(page, '.tt-toc').getByRole('link', { name: 'Điều 1. Phạm vi điều chỉnh' }).click();
  await page.getByRole('button', { name: 'Góp ý Điều 1', exact: true }).click();
  await inWidget(page, '.tt-comment-form').waitFor();
}

/** Fills every field of the form, as an individual who publishes their name and leaves an email. */
async function fillEverything(page, values) {
  await page.getByRole('radio', { name: 'Không tán thành', exact: true }).check();
  await page.getByLabel('Khoản được góp ý (không bắt buộc)').selectOption(values.clause);
  await page.getByLabel('Nội dung góp ý', { exact: true }).fill(values.body);
  await page.getByLabel('Họ và tên (không bắt buộc)').fill(values.name);
  await page.getByLabel('Công khai họ tên của tôi cùng góp ý').check();
  await page.getByLabel('Email (không bắt buộc)').fill(values.email);
  await page.getByLabel(/Tôi đồng ý để cơ quan xử lý email/).check();
}

/** What the form holds now, read back from its controls. */
async function formValues(page) {
  return {
    stance: await page.getByRole('radio', { name: 'Không tán thành', exact: true }).isChecked(),
    clause: await page.getByLabel('Khoản được góp ý (không bắt buộc)').inputValue(),
    body: await page.getByLabel('Nội dung góp ý', { exact: true }).inputValue(),
    individual: await page.getByRole('radio', { name: 'Cá nhân', exact: true }).isChecked(),
    name: await page.getByLabel('Họ và tên (không bắt buộc)').inputValue(),
    publishName: await page.getByLabel('Công khai họ tên của tôi cùng góp ý').isChecked(),
    email: await page.getByLabel('Email (không bắt buộc)').inputValue(),
    consent: await page.getByLabel(/Tôi đồng ý để cơ quan xử lý email/).isChecked(),
  };
}

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
    const name = await accessibleName(page, TOGGLE_3);
    assert.doesNotMatch(name, /[▸▾]/, 'the drawn arrow is not read as part of the button\'s name');
    assert.equal(name, ARTICLE_3);
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

  test('a send whose answer is lost keeps every value and says so; the resend, once the network is back, stores the comment once', async () => {
    const page = await open();
    const slug = 'du-thao-mat-ket-noi';
    await openArticle1(page, slug);
    const values = {
      clause: '2', name: 'Trần Văn Minh', email: 'minh@example.vn',
      body: 'Đề nghị quy định rõ đơn vị chịu trách nhiệm bảo đảm đường truyền cho hội nghị.',
    };
    await fillEverything(page, values);
    const typed = await formValues(page);
    assert.deepEqual(typed, {
      stance: true, clause: '2', body: values.body, individual: true, name: values.name, publishName: true,
      email: values.email, consent: true,
    });

    // Each attempt reaches the server, which stores the comment, but its answer never reaches the page: the
    // worst case for a resend, which must not store the comment twice.
    const keys = [];
    const lost = [];
    await page.route(`**/consultations/${slug}/comments`, async route => {
      keys.push(route.request().headers()['idempotency-key']);
      const answer = await route.fetch();
      lost.push({ status: answer.status(), body: await answer.json() });
      await route.abort('internetdisconnected');
    });
    await page.getByRole('button', { name: 'Gửi góp ý', exact: true }).click();
    const alert = inWidget(page, '.tt-comment-form [role=alert]');
    await alert.waitFor({ timeout: 20_000 });
    assert.match(await alert.textContent(), /Chưa gửi được góp ý vì mất kết nối tới máy chủ\. Nội dung bạn nhập vẫn còn nguyên/);
    assert.equal((await focused(page)).id, 'tt-alert', 'the alert takes focus, so it is read out');
    assert.deepEqual(await formValues(page), typed, 'every value is still there');
    assert.ok(keys.length > 1, `the widget retried before giving up (${keys.length} attempts)`);
    assert.equal(new Set(keys).size, 1, 'every retry carries the same Idempotency-Key');
    assert.equal(lost[0].status, 201, 'the first attempt was stored');
    assert.ok(lost.every(answer => answer.body.tracking_code === lost[0].body.tracking_code), 'retries replay it');
    assert.equal((await stored(slug)).length, 1);

    await page.unroute(`**/consultations/${slug}/comments`);
    const resent = [];
    page.on('request', request => {
      if (request.method() === 'POST' && request.url().endsWith(`/consultations/${slug}/comments`)) {
        resent.push(request.headers()['idempotency-key']);
      }
    });
    await page.getByRole('button', { name: 'Gửi góp ý', exact: true }).click();
    await inWidget(page, '.tt-confirmation').waitFor();
    assert.deepEqual(resent, [keys[0]], 'the resend reuses the key');
    const [code, pin] = await inWidget(page, '.tt-receipt .tt-code').allTextContents();
    assert.equal(code, lost[0].body.tracking_code, 'the receipt of the comment stored by the first attempt');
    assert.equal(pin, lost[0].body.pin);
    const comments = await stored(slug);
    assert.equal(comments.length, 1, 'the comment is stored once');
    assert.equal(comments[0].body, values.body);
    assert.equal(comments[0].clause, 2);
    assert.equal(comments[0].stance, 'disagree');
    assert.deepEqual(page.errors, []);
  });

  test('a consultation that closes while the form is open: sending says it closed, and the text stays', async () => {
    const page = await open();
    const slug = 'du-thao-dong-giua-chung';
    await openArticle1(page, slug);
    const values = {
      clause: '1', name: 'Lê Thị Hoa', email: 'hoa@example.vn',
      body: 'Đề nghị bổ sung hội nghị trực tuyến với các xã vào phạm vi áp dụng.',
    };
    await fillEverything(page, values);
    const typed = await formValues(page);
    const closed = await admin('POST', `/api/v1/staff/consultations/${slug}/period`,
      { action: 'close', closes_at: null, note: 'Kết thúc sớm theo chỉ đạo của Ủy ban.' });
    assert.equal(closed.status, 200, JSON.stringify(closed.body));

    await page.getByRole('button', { name: 'Gửi góp ý', exact: true }).click();
    const alert = inWidget(page, '.tt-comment-form [role=alert]');
    await alert.waitFor();
    assert.equal(await alert.textContent(),
      'Góp ý chưa được gửi vì dự thảo không còn trong thời gian lấy ý kiến. Nội dung bạn nhập vẫn còn trên trang này.');
    assert.equal((await focused(page)).id, 'tt-alert', 'the alert takes focus, so it is read out');
    assert.deepEqual(await formValues(page), typed, 'the text and every other value stay');
    assert.equal((await stored(slug)).length, 0, 'nothing is stored');
    assert.deepEqual(page.errors, []);
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
