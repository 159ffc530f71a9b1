// The tracker widget in real Chromium against the real server and database, used as citizens use it.
// Failed lookups lock the test client's address out after five, so tests that fail on purpose use a
// server of their own; the shared one sees only the two "not found" examples.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  announced, askQuestion, focused, launchBrowser, openWidget,
  recordSpoken, startServer, tabUntil,
} from '../../../tests/browser/harness.mjs';
import {
  ANSWER, ERASE_OPEN, PUBLIC_NOTES, WITH_CONTACT, failLookups, lookUp, otherCode, prepareQuestions, wrongPin,
} from './examples.mjs';

const DAY = /^\d{2}\/\d{2}\/\d{4}$/;
let server, browser, questions;
before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  questions = await prepareQuestions(server);
});
after(async () => { await browser?.close(); await server?.stop(); });

const open = (path = '/demo/tracker.html', on = server) => openWidget(browser, on, path, { selector: 'tuongtac-tracker' });
const inTracker = (page, selector, options) => page.locator(`tuongtac-tracker ${selector}`, options);

/** Today in Vietnam, as the tracker writes it. */
const todayInVietnam = () => new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());

describe('keyboard only', () => {
  test('a citizen types the code and PIN, looks the question up and lands on it', async () => {
    const page = await open();
    await page.evaluate(() => {
      window.lookups = [];
      document.addEventListener('tuongtac-lookup', e => window.lookups.push(e.detail));
    });
    const { tracking_code: code, pin } = questions.received;
    await tabUntil(page, el => el.id === 'tt-tracking_code');
    await page.keyboard.type(code.toLowerCase().replace('-', ' '));
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).id, 'tt-pin');
    await page.keyboard.type(pin);
    await tabUntil(page, el => el.tag === 'button' && el.text === 'Tra cứu');
    await page.keyboard.press('Enter');

    await inTracker(page, '.tt-result').waitFor();
    assert.equal((await focused(page)).id, 'tt-result-title', 'focus moves to the found question');
    assert.equal(await inTracker(page, '#tt-result-title').textContent(), 'Thủ tục cấp giấy phép hoạt động in');
    assert.equal(await announced(page, code), `Đã tìm thấy câu hỏi ${code}. Tình trạng: Đã tiếp nhận.`);
    assert.equal(await inTracker(page, '.tt-status').textContent(), 'Đã tiếp nhận');
    const steps = inTracker(page, 'ol.tt-timeline > li');
    assert.equal(await steps.count(), 1);
    assert.equal(await steps.locator('.tt-timeline-status').textContent(), 'Đã tiếp nhận');
    assert.equal(await steps.locator('.tt-timeline-date').textContent(), todayInVietnam());
    assert.match(await inTracker(page, '.tt-fact time').nth(1).textContent(), DAY, 'the due date is shown for people');
    assert.equal(await inTracker(page, '.tt-overdue').count(), 0);
    assert.equal(await inTracker(page, '.tt-answer').count(), 0);
    assert.deepEqual(await page.evaluate(() => window.lookups), [{ trackingCode: code, status: 'received' }],
      'tuongtac-lookup carries the code and status, never the PIN');
    assert.deepEqual(page.errors, []);
  });

  test('the code field is described by its hint and its error; a mistyped code is caught before sending', async () => {
    const page = await open();
    await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();
    await inTracker(page, '.tt-error-summary').waitFor();
    const code = inTracker(page, '#tt-tracking_code');
    assert.match(await code.getAttribute('aria-describedby'), /tt-tracking_code-hint tt-tracking_code-error/);
    // Fixing it clears the error on leaving the field.
    await code.focus();
    await page.keyboard.type('K7M4Q-X9PRA');
    await page.keyboard.press('Tab');
    assert.equal(await inTracker(page, '#tt-tracking_code-error').textContent(),
      'Lỗi: Mã theo dõi gồm 10 ký tự, ví dụ K7M4Q-X9PRT. Kiểm tra lại từng ký tự.');
    await code.fill(questions.received.tracking_code);
    await code.blur();
    assert.equal(await inTracker(page, '#tt-tracking_code-error').count(), 0);
  });
});

test('the PIN field asks for digits and is never auto-filled', async () => {
  const page = await open();
  const pin = inTracker(page, '#tt-pin');
  assert.equal(await pin.getAttribute('inputmode'), 'numeric');
  assert.equal(await pin.getAttribute('autocomplete'), 'off');
  assert.equal(await pin.getAttribute('type'), 'text');
});

test('a wrong PIN and an unknown code get the same one clear message', async () => {
  const own = await startServer();
  try {
    const question = await askQuestion(own);
    const page = await open('/demo/tracker.html', own);
    const spoken = await recordSpoken(page);
    const messages = [];
    for (const attempt of [{ ...question, pin: wrongPin(question.pin) }, { tracking_code: otherCode(question.tracking_code), pin: question.pin }]) {
      await lookUp(page, attempt);
      const alert = inTracker(page, '.tt-alert');
      await alert.waitFor();
      assert.match((await focused(page)).className, /tt-alert/, 'focus moves to the message, so it is read out');
      messages.push(await alert.textContent());
      await page.waitForTimeout(300);
    }
    assert.deepEqual(messages, Array(2).fill(
      'Không có câu hỏi nào khớp với mã theo dõi và mã PIN này. Hãy kiểm tra lại cả hai mã rồi tra cứu lần nữa.'));
    assert.deepEqual((await spoken()).filter(said => /tt-alert/.test(said.focus)), [],
      'the live region does not say the focused message a second time');
  } finally {
    await own.stop();
  }
});

test('once locked out, the citizen is told at what time to try again, and nothing retries by itself', async () => {
  const own = await startServer();
  try {
    const question = await askQuestion(own);
    await failLookups(own, question.tracking_code, 5);
    const page = await open('/demo/tracker-en.html', own);
    let lookups = 0;
    page.on('request', r => { if (r.url().endsWith('/questions/lookup')) lookups++; });
    const [response] = await Promise.all([
      page.waitForResponse(r => r.url().endsWith('/questions/lookup')),
      lookUp(page, question, { en: true }),
    ]);
    assert.equal(response.status(), 429);
    const seconds = Number(response.headers()['retry-after']);
    const alert = inTracker(page, '.tt-alert');
    await alert.waitFor();
    assert.ok(seconds > 0 && seconds <= 15 * 60, `Retry-After ${seconds}`);
    // The widget rounds up to the minute when the answer arrives; the test reads the clock a moment later.
    const candidates = await page.evaluate(s => [5_000, 0].map(ago => {
      const at = new Date(Math.ceil((Date.now() - ago + s * 1000) / 60_000) * 60_000);
      return `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
    }), seconds);
    const text = await alert.textContent();
    assert.match(text, /^There have been too many attempts with a wrong tracking code or PIN/);
    assert.ok(candidates.some(time => text.endsWith(`Please try again after ${time}.`)), `${text} (expected ${candidates})`);
    await page.waitForTimeout(2_000);
    assert.equal(lookups, 1, 'no automatic retry');
    assert.equal(await page.getByLabel('Tracking code', { exact: true }).inputValue(), question.tracking_code);
  } finally {
    await own.stop();
  }
});

test('an answered question shows the answer and every step of its handling, in order', async () => {
  const page = await open();
  await lookUp(page, questions.answered);
  await inTracker(page, '.tt-result').waitFor();
  assert.equal(await inTracker(page, '.tt-status').textContent(), 'Đã trả lời');
  assert.equal(await inTracker(page, '#tt-answer-title').textContent(), 'Trả lời của cơ quan');
  assert.equal(await inTracker(page, '.tt-answer .tt-text').textContent(), ANSWER);
  assert.equal(await inTracker(page, '.tt-answer time').textContent(), todayInVietnam());
  assert.deepEqual(await inTracker(page, '.tt-timeline-status').allTextContents(),
    ['Đã tiếp nhận', 'Đã chấp nhận xử lý', 'Đã giao đơn vị xử lý', 'Đang xử lý', 'Đã trả lời']);
  const notes = await inTracker(page, '.tt-timeline-step .tt-text').allTextContents();
  assert.deepEqual(notes, [PUBLIC_NOTES.accepted, PUBLIC_NOTES.assigned]);
  assert.doesNotMatch(await inTracker(page, '.tt-result').textContent(), /Hồ sơ rõ ràng/, 'internal notes stay internal');
  assert.equal(await inTracker(page, '.tt-overdue').count(), 0);
});

test('a question past its due date says so, with the date it was due', async () => {
  const page = await open('/demo/tracker-en.html');
  await lookUp(page, questions.overdue, { en: true });
  const notice = inTracker(page, '.tt-overdue');
  await notice.waitFor();
  const due = await inTracker(page, '.tt-fact time').nth(1).textContent();
  assert.match(due, /^\d{1,2} [A-Z][a-z]+ \d{4}$/, 'English dates spell out the month');
  assert.equal(await notice.textContent(), 'The answer is overdue' +
    `The agency has not answered although the answer was due by ${due}. You may contact the agency, quoting the tracking code.`);
  assert.equal(await announced(page, 'overdue'),
    `Question ${questions.overdue.tracking_code} found. Status: Received. The answer is overdue.`,
    'the lateness is said with the status, not only shown further down');
});

describe('remember on this device', () => {
  test('only the tracking code is stored, and only when asked', async () => {
    const page = await open();
    await lookUp(page, questions.received);
    await inTracker(page, '.tt-result').waitFor();
    assert.deepEqual(await page.evaluate(() => ({ ...localStorage })), {}, 'nothing is stored unless asked');

    await lookUp(page, questions.answered, { remember: true });
    await inTracker(page, '.tt-result').waitFor();
    await lookUp(page, questions.received);
    await inTracker(page, '.tt-result').waitFor();
    const stored = await page.evaluate(() => ({ ...localStorage }));
    assert.deepEqual(Object.keys(stored), ['tuongtac:codes:demo']);
    assert.deepEqual(JSON.parse(stored['tuongtac:codes:demo']), [questions.received.tracking_code, questions.answered.tracking_code],
      'the box stays ticked, and the newest code comes first');
    const everything = JSON.stringify(stored) + JSON.stringify(await page.evaluate(() => ({ ...sessionStorage })));
    for (const { pin } of [questions.answered, questions.received]) {
      assert.ok(!everything.includes(pin), 'the PIN is never stored');
    }
    assert.ok(!(await page.evaluate(() => document.cookie)).includes(questions.received.pin));
  });

  test('remembered codes are listed, with a button to look each up and one to forget it', async () => {
    const page = await open();
    await lookUp(page, questions.received, { remember: true });
    await inTracker(page, '.tt-result').waitFor();
    await page.reload();
    await inTracker(page, '.tt-remembered').waitFor();
    const code = questions.received.tracking_code;
    assert.equal(await page.getByLabel('Mã theo dõi', { exact: true }).inputValue(), '', 'a remembered code is offered, not filled in');

    await tabUntil(page, el => el.tag === 'button' && el.text === `Tra cứu mã ${code}`);
    await page.keyboard.press('Enter');
    assert.equal((await focused(page)).id, 'tt-pin', 'focus moves to the PIN, all that is missing');
    assert.equal(await page.getByLabel('Mã theo dõi', { exact: true }).inputValue(), code);
    await page.keyboard.type(questions.received.pin);
    await page.keyboard.press('Enter');
    await inTracker(page, '.tt-result').waitFor();

    await page.getByRole('button', { name: `Xoá mã ${code}` }).click();
    assert.equal(await announced(page, 'Đã xoá'), 'Đã xoá mã theo dõi khỏi thiết bị này.');
    assert.equal(await inTracker(page, '.tt-remembered').count(), 0);
    assert.equal((await focused(page)).id, 'tt-tracking_code', 'focus does not get lost with the button');
    assert.deepEqual(await page.evaluate(() => ({ ...localStorage })), {});
  });

  test('when the browser refuses storage, the tracker works without it', async () => {
    const context = await browser.newContext();
    await context.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('blocked', 'SecurityError'); } });
    });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', e => errors.push(e.message));
    await page.goto(`${server.url}/demo/tracker.html`);
    await inTracker(page, 'form').waitFor();
    assert.equal(await page.getByLabel(/Ghi nhớ mã theo dõi/).count(), 0, 'remembering is not offered');
    await lookUp(page, questions.received);
    await inTracker(page, '.tt-result').waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });
});

describe('the code comes from the page', () => {
  test('from the address, as links in mails and the ask widget carry it', async () => {
    const page = await open(`/demo/tracker.html?tt-code=${questions.received.tracking_code.toLowerCase()}`);
    assert.equal(await page.getByLabel('Mã theo dõi', { exact: true }).inputValue(), questions.received.tracking_code);
    assert.equal(await page.getByLabel('Mã PIN', { exact: true }).inputValue(), '');
  });

  test('from the code attribute, also when it changes later', async () => {
    const page = await open();
    await page.locator('tuongtac-tracker').evaluate((el, code) => el.setAttribute('code', code), questions.answered.tracking_code);
    await page.waitForFunction(code =>
      document.querySelector('tuongtac-tracker').shadowRoot.getElementById('tt-tracking_code').value === code,
    questions.answered.tracking_code);
  });
});

test('when the server is gone, the citizen is told and keeps the code', async () => {
  const own = await startServer();
  const page = await open('/demo/tracker.html', own);
  await own.kill();
  await lookUp(page, { tracking_code: questions.received.tracking_code, pin: '123456' });
  const alert = inTracker(page, '.tt-alert');
  await alert.waitFor({ timeout: 20_000 });
  assert.match(await alert.textContent(), /^Chưa tra cứu được vì mất kết nối tới máy chủ/);
  assert.match((await focused(page)).className, /tt-alert/);
  assert.equal(await page.getByLabel('Mã theo dõi', { exact: true }).inputValue(), questions.received.tracking_code);
  await own.stop();
});

describe('screen readers', () => {
  test('a found question reads in order, as one region, with its dates and its own language', async () => {
    const page = await open('/demo/tracker-en.html');
    await lookUp(page, questions.answered, { en: true });
    await inTracker(page, '.tt-result').waitFor();
    const snapshot = (await inTracker(page, '.tt-result').ariaSnapshot())
      .replaceAll(questions.answered.tracking_code, 'CODE').replace(/\d{1,2} [A-Z][a-z]+ \d{4}/g, 'DATE');
    assert.equal(snapshot, `- region "Giờ làm việc của bộ phận một cửa":
  - heading "Giờ làm việc của bộ phận một cửa" [level=2]
  - term: Tracking code
  - definition: CODE
  - term: Status
  - definition:
    - strong: Answered
  - term: Sent on
  - definition:
    - time: DATE
  - term: Answer due by
  - definition:
    - time: DATE
  - heading "The agency's answer" [level=3]
  - paragraph:
    - text: "Answered on:"
    - time: DATE
  - paragraph: ${ANSWER.replace('\n', ' ')}
  - heading "Handling so far" [level=3]
  - list:
    - listitem:
      - strong: Received
      - time: DATE
    - listitem:
      - strong: Accepted
      - time: DATE
      - paragraph: ${PUBLIC_NOTES.accepted}
    - listitem:
      - strong: Assigned to a unit
      - time: DATE
      - paragraph: ${PUBLIC_NOTES.assigned}
    - listitem:
      - strong: In progress
      - time: DATE
    - listitem:
      - strong: Answered
      - time: DATE
  - heading "Your question" [level=3]
  - paragraph: Xin hỏi hồ sơ đề nghị cấp giấy phép gồm những giấy tờ gì, nộp ở đâu và mất bao lâu?
  - heading "Your contact details" [level=3]
  - paragraph: You left no contact details with this question.`);
    // The citizen's and the agency's Vietnamese words are read with a Vietnamese voice on the English page.
    const langs = await inTracker(page, '.tt-result').evaluate(result =>
      [...result.querySelectorAll('h2, .tt-text')].map(el => el.getAttribute('lang')));
    assert.deepEqual(langs, ['vi', 'vi', 'vi', 'vi', 'vi'], 'title, answer, both notes and question');
    assert.equal(await inTracker(page, '[part=base]').getAttribute('lang'), 'en');
  });

  test('English words keep the widget\'s language', async () => {
    const question = await askQuestion(server, {
      title: 'Opening hours of the one-stop office', body: 'Is the one-stop office open on Saturday mornings?', lang: 'en',
    });
    const page = await open('/demo/tracker-en.html');
    await lookUp(page, question, { en: true });
    await inTracker(page, '.tt-result').waitFor();
    const langs = await inTracker(page, '.tt-result').evaluate(result =>
      [...result.querySelectorAll('h2, .tt-text')].map(el => el.getAttribute('lang')));
    assert.deepEqual(langs, [null, null]);
  });

  test('each outcome is said once: nothing stale after it, nothing repeated while its message has focus', async () => {
    const page = await open();
    const spoken = await recordSpoken(page);
    // A fast answer (quicker than the region's short delay) used to let "looking up…" be said after it.
    await page.route('**/questions/lookup', route => route.fulfill({
      status: 404, contentType: 'application/json', body: JSON.stringify({ error: { code: 'lookup_failed', message: 'x' } }),
    }));
    await lookUp(page, questions.received);
    await inTracker(page, '.tt-alert').waitFor();
    await page.waitForTimeout(400);
    assert.match((await focused(page)).className, /tt-alert/);
    assert.deepEqual((await spoken()).filter(said => /tt-alert/.test(said.focus)), [],
      'the focused message speaks for itself: the live region neither repeats it nor says "looking up…" after it');

    await page.unroute('**/questions/lookup');
    await lookUp(page, questions.received);
    await inTracker(page, '.tt-result').waitFor();
    await page.waitForTimeout(400);
    assert.equal((await focused(page)).id, 'tt-result-title', 'retrying after an error lands on the result');
    const code = questions.received.tracking_code;
    assert.deepEqual((await spoken()).filter(said => said.focus === 'tt-result-title').map(said => said.text),
      [`Đã tìm thấy câu hỏi ${code}. Tình trạng: Đã tiếp nhận.`], 'once the heading has focus, only the status is said');
  });

  test('the live region speaks in the widget\'s language, which may not be the page\'s', async () => {
    const page = await open();
    await page.locator('tuongtac-tracker').evaluate(el => el.setAttribute('lang', 'en'));
    await page.getByRole('button', { name: 'Look up', exact: true }).waitFor();
    await lookUp(page, questions.received, { en: true });
    await announced(page, 'found');
    assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
    assert.equal(await page.locator('#tuongtac-announcer').getAttribute('lang'), 'en');
  });
});

describe('keyboard focus is never lost, nor hidden', () => {
  test('forgetting one of two codes moves focus to the list, forgetting the last to the code field', async () => {
    const page = await open();
    for (const question of [questions.received, questions.answered]) {
      await lookUp(page, question, { remember: true });
      await inTracker(page, '.tt-result').waitFor();
    }
    const [first, second] = [questions.answered.tracking_code, questions.received.tracking_code];
    await page.locator('#huong-dan a').focus();
    await tabUntil(page, el => el.tag === 'button' && el.text === `Xoá mã ${first}`);
    await page.keyboard.press('Enter');
    await inTracker(page, `.tt-remembered-item >> text=${first}`).waitFor({ state: 'detached' });
    assert.equal((await focused(page)).id, 'tt-remembered-title');
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).text, `Tra cứu mã ${second}`, 'the next Tab reaches the code left');
    await tabUntil(page, el => el.tag === 'button' && el.text === `Xoá mã ${second}`);
    await page.keyboard.press('Enter');
    await inTracker(page, '.tt-remembered').waitFor({ state: 'detached' });
    assert.equal((await focused(page)).id, 'tt-tracking_code');
  });

  test("going back up with Shift+Tab, no focused control hides under the portal's sticky header", async () => {
    const page = await browser.newPage({ viewport: { width: 320, height: 400 } });
    await page.goto(`${server.url}/demo/tracker.html`);
    await inTracker(page, 'form').waitFor();
    await page.getByLabel('Mã PIN', { exact: true }).fill('12');
    await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();
    await inTracker(page, '.tt-error-summary').waitFor();
    await page.getByRole('button', { name: 'Tra cứu', exact: true }).focus();
    const seen = [];
    while (seen.at(-1)?.text !== 'Nhập mã theo dõi.') {
      await page.keyboard.press('Shift+Tab');
      seen.push(await page.evaluate(() => {
        let el = document.activeElement;
        while (el.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
        const header = document.querySelector('.site-header').getBoundingClientRect().bottom;
        return { text: el.id || el.textContent, hidden: el.getBoundingClientRect().top < header };
      }));
      assert.ok(seen.length < 10);
    }
    assert.deepEqual(seen.filter(focus => focus.hidden), [], 'WCAG 2.4.11');
    await page.close();
  });
});

describe('forced colours', () => {
  test('in forced colours, the result\'s border and the overdue notice stay visible', async () => {
    const page = await open('/demo/tracker-en.html');
    await page.emulateMedia({ forcedColors: 'active' });
    await lookUp(page, questions.overdue, { en: true });
    await inTracker(page, '.tt-overdue').waitFor();
    const border = selector => inTracker(page, selector).first().evaluate(el => {
      const style = getComputedStyle(el);
      return `${style.borderInlineStartStyle} ${style.borderInlineStartWidth}`;
    });
    assert.equal(await border('.tt-overdue'), 'solid 6px');
    assert.equal(await border('.tt-result'), 'solid 2px');
  });
});

describe('withdrawing consent and erasing contact details', () => {
  /** What the server holds for the question, as its author sees it with code and PIN. */
  const heldBy = async ({ tracking_code, pin }) => {
    const response = await fetch(`${server.url}/api/v1/agencies/demo/questions/lookup`, {
      method: 'POST', headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ tracking_code, pin, lang: 'vi' }),
    });
    assert.equal(response.status, 200);
    return (await response.json()).contact;
  };

  test('by keyboard alone: asked, confirmed, erased; the question stays and the agency keeps nothing', async () => {
    const question = await askQuestion(server, WITH_CONTACT);
    const page = await open();
    await lookUp(page, question);
    await inTracker(page, '.tt-result').waitFor();
    assert.equal(await inTracker(page, '.tt-contact p').first().textContent(),
      'Cơ quan đang lưu họ tên và địa chỉ email bạn để lại cùng câu hỏi này, để liên hệ với bạn và báo cho bạn khi có trả lời.',
      'the kinds of details held are said, never the details');
    assert.ok(!(await inTracker(page, '.tt-result').textContent()).includes(WITH_CONTACT.email));

    await tabUntil(page, el => el.tag === 'button' && el.text === ERASE_OPEN.vi);
    await page.keyboard.press('Enter');
    assert.equal((await focused(page)).id, 'tt-erase-confirm-title', 'focus moves to what erasing means');
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).text, 'Xoá thông tin liên hệ');
    await page.keyboard.press('Enter');

    await inTracker(page, '.tt-contact', { hasText: 'đã được xoá ngày' }).waitFor();
    assert.equal(await inTracker(page, '.tt-contact p').textContent(),
      `Thông tin liên hệ của bạn đã được xoá ngày ${todayInVietnam()}. Cơ quan không còn lưu và sẽ không gửi thư cho bạn nữa.`);
    assert.equal((await focused(page)).id, 'tt-contact-title');
    assert.equal(await announced(page, 'Đã xoá'), 'Đã xoá thông tin liên hệ của bạn.');
    assert.equal(await inTracker(page, '#tt-result-title').textContent(), 'Thủ tục cấp giấy phép hoạt động in',
      'the question itself stays');
    const held = await heldBy(question);
    assert.deepEqual({ ...held, erased_at: typeof held.erased_at },
      { name: false, email: false, phone: false, erased_at: 'string' });
    assert.deepEqual(page.errors, []);
  });

  test('"Keep them" changes nothing and returns focus to the button', async () => {
    const question = await askQuestion(server, WITH_CONTACT);
    const page = await open();
    await lookUp(page, question);
    await page.getByRole('button', { name: ERASE_OPEN.vi }).click();
    await page.getByRole('button', { name: 'Giữ lại', exact: true }).click();
    assert.equal((await focused(page)).id, 'tt-erase-open');
    assert.equal(await inTracker(page, '.tt-erase-confirm').count(), 0);
    assert.deepEqual(await heldBy(question), { name: true, email: true, phone: false, erased_at: null });
  });

  test('when the server cannot be reached, it says so, and trying again erases', async () => {
    const question = await askQuestion(server, WITH_CONTACT);
    const page = await open('/demo/tracker-en.html');
    await lookUp(page, question, { en: true });
    await page.getByRole('button', { name: ERASE_OPEN.en }).click();
    await page.route('**/contact-erasure', route => route.abort('internetdisconnected'));
    await page.getByRole('button', { name: 'Erase my contact details', exact: true }).click();
    await inTracker(page, '.tt-erase-confirm .tt-alert').waitFor();
    assert.equal((await focused(page)).id, 'tt-alert');
    assert.match(await inTracker(page, '.tt-alert').textContent(), /could not be erased because the server could not be reached/);
    assert.equal((await heldBy(question)).email, true);

    await page.unroute('**/contact-erasure');
    await page.getByRole('button', { name: 'Erase my contact details', exact: true }).click();
    await inTracker(page, '.tt-contact', { hasText: 'were erased on' }).waitFor();
    assert.equal((await heldBy(question)).email, false);
  });

  test('a question without contact details offers nothing to erase', async () => {
    const page = await open();
    await lookUp(page, questions.received);
    await inTracker(page, '.tt-result').waitFor();
    assert.equal(await inTracker(page, '.tt-contact p').textContent(), 'Bạn không để lại thông tin liên hệ nào cùng câu hỏi này.');
    assert.equal(await page.getByRole('button', { name: ERASE_OPEN.vi }).count(), 0);
  });
});

describe('languages', () => {
  test('a found question follows a change of language', async () => {
    const page = await open();
    await lookUp(page, questions.answered);
    await inTracker(page, '.tt-result').waitFor();
    await page.locator('tuongtac-tracker').evaluate(el => el.setAttribute('lang', 'en'));
    await page.getByRole('button', { name: 'Look up', exact: true }).waitFor();
    assert.equal(await inTracker(page, '.tt-status').textContent(), 'Answered');
    assert.deepEqual(await inTracker(page, '.tt-timeline-status').allTextContents(),
      ['Received', 'Accepted', 'Assigned to a unit', 'In progress', 'Answered']);
  });
});
