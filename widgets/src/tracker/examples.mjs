// The tracker widget's named examples: each demo page, and each state a citizen can bring the widget into.
// The shared browser contract (tests/browser/contract.test.mjs) checks every example from this one list, and
// the demo pages are these pages.
import assert from 'node:assert/strict';
import { askQuestion, staffMember } from '../../../tests/browser/harness.mjs';

/** The custom element, and what the contract needs to know of its form. */
export const ELEMENT = 'tuongtac-tracker';
export const FORM = {
  /** The submit button's name in each language: seeing it tells the widget's language. */
  submit: { vi: 'Tra cứu', en: 'Look up' },
  /** Sending the empty form on the first page: each error summary link, and the field it leads to. */
  emptyErrors: [['Nhập mã theo dõi.', 'tt-tracking_code'], ['Nhập mã PIN.', 'tt-pin']],
};

/** The questions the states look up, made on the server through the real API. */
export async function prepare(server) { return { questions: await prepareQuestions(server) }; }

export const PAGES = [
  { name: 'Vietnamese tracker page', path: '/demo/tracker.html', lang: 'vi' },
  { name: 'English tracker page', path: '/demo/tracker-en.html', lang: 'en' },
];

/** The day `days` before today, as `YYYY-MM-DD`. */
export function daysAgo(days) {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

/** A well-formed code that differs from `code` in its first symbol, so no question has it. The check
 * symbol is recomputed as the domain crate defines it: position-weighted sum modulo 31. */
export function otherCode(code) {
  const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
  const symbols = code.replace('-', '').slice(0, 9).split('');
  symbols[0] = ALPHABET[(ALPHABET.indexOf(symbols[0]) + 1) % 31];
  const sum = symbols.reduce((total, s, i) => total + (i + 1) * ALPHABET.indexOf(s), 0);
  const compact = symbols.join('') + ALPHABET[sum % 31];
  return `${compact.slice(0, 5)}-${compact.slice(5)}`;
}

/** A PIN that is certainly not `pin`. */
export const wrongPin = pin => (pin === '000000' ? '111111' : '000000');

/** Questions in the states the tracker shows, made through the real API: one just received, one answered
 * after the full handling, and one received by letter long ago and still unanswered. */
export async function prepareQuestions(server) {
  // The demo seeds its own staff accounts; these are the tests' own.
  const admin = await staffMember(server, 'thu-quan-tri', 'admin');
  const officer = await staffMember(server, 'thu-can-bo', 'officer');
  const received = await askQuestion(server);
  const answered = await askQuestion(server, { title: 'Giờ làm việc của bộ phận một cửa' });
  const unit = await admin('POST', '/api/v1/staff/units', { slug: UNIT, name: 'Tổ tiếp dân' });
  assert.ok(unit.status < 300, `the unit is created: ${unit.status}`);
  await handle(officer, answered.tracking_code);
  const letter = await officer('POST', '/api/v1/staff/questions', {
    channel: 'letter', received_on: daysAgo(45), title: 'Đơn kiến nghị về sóng di động yếu',
    body: 'Khu dân cư số 3 không gọi được điện thoại di động từ tháng trước.', topic: 'giay-phep', lang: 'vi',
  });
  assert.equal(letter.status, 201, JSON.stringify(letter.body));
  return { received, answered, overdue: letter.body };
}

export const UNIT = 'to-tiep-dan';
/** A question whose author left a name and an email, with consent. */
export const WITH_CONTACT = { name: 'Nguyễn Thị Lan', email: 'lan.nguyen@example.vn', consent: true };
/** The button that offers to withdraw consent and erase the contact details. */
export const ERASE_OPEN = {
  vi: 'Rút lại sự đồng ý và xoá thông tin liên hệ', en: 'Withdraw consent and erase my contact details',
};
export const PUBLIC_NOTES = {
  accepted: 'Sở đã nhận đủ hồ sơ câu hỏi.',
  assigned: 'Chuyển Tổ tiếp dân trả lời.',
};
export const ANSWER = 'Hồ sơ gồm đơn đề nghị và bản sao giấy phép kinh doanh.\nNộp tại bộ phận một cửa của Sở.';

/** An officer takes a question through its whole handling to `answered`, as the staff API allows. */
export async function handle(officer, code) {
  const move = async body => {
    const answer = await officer('POST', `/api/v1/staff/questions/${code}/transitions`, body);
    assert.equal(answer.status, 200, `${body.to}: ${JSON.stringify(answer.body)}`);
  };
  await move({ to: 'accepted', public_note: PUBLIC_NOTES.accepted, internal_note: 'Hồ sơ rõ ràng.' });
  await move({ to: 'assigned', unit: UNIT, public_note: PUBLIC_NOTES.assigned });
  await move({ to: 'in_progress' });
  const written = await officer('PUT', `/api/v1/staff/questions/${code}/answer`, { body: ANSWER });
  assert.equal(written.status, 200, JSON.stringify(written.body));
  await move({ to: 'answered' });
}

/** Types a code and PIN by label, optionally ticks "remember", and looks the question up. */
export async function lookUp(page, { tracking_code, pin }, { en = false, remember = false } = {}) {
  await page.getByLabel(en ? 'Tracking code' : 'Mã theo dõi', { exact: true }).fill(tracking_code);
  await page.getByLabel(en ? 'PIN' : 'Mã PIN', { exact: true }).fill(pin);
  if (remember) await page.getByLabel(en ? /Remember the tracking code/ : /Ghi nhớ mã theo dõi/).check();
  await page.getByRole('button', { name: en ? 'Look up' : 'Tra cứu', exact: true }).click();
}

/** Makes `times` failed lookups of `code` straight to the API, as a guesser would. */
export async function failLookups(server, code, times) {
  for (let i = 0; i < times; i++) {
    const response = await fetch(`${server.url}/api/v1/agencies/demo/questions/lookup`, {
      method: 'POST', headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ tracking_code: code, pin: '000000', lang: 'vi' }),
    });
    await response.body?.cancel();
  }
}

const result = page => page.locator('tuongtac-tracker .tt-result').waitFor();
const alert = page => page.locator('tuongtac-tracker .tt-alert').waitFor();

/** Each state: `reach(page, { en, questions, server })`. A state with `ownServer` locks the test client out,
 * so it runs on a server of its own, whose `questions` are not prepared. */
export const STATES = [
  { name: 'empty', async reach() {} },
  {
    name: 'field errors',
    async reach(page, { en }) {
      await page.getByLabel(en ? 'PIN' : 'Mã PIN', { exact: true }).fill('12');
      await page.getByRole('button', { name: en ? 'Look up' : 'Tra cứu', exact: true }).click();
      await page.locator('tuongtac-tracker .tt-error-summary').waitFor();
    },
  },
  {
    name: 'not found',
    async reach(page, { en, questions }) {
      await lookUp(page, { ...questions.received, pin: wrongPin(questions.received.pin) }, { en });
      await alert(page);
    },
  },
  {
    name: 'locked out',
    ownServer: true,
    async reach(page, { en, server }) {
      const question = await askQuestion(server);
      await failLookups(server, question.tracking_code, 5);
      await lookUp(page, question, { en });
      await alert(page);
    },
  },
  {
    name: 'found, received',
    async reach(page, { en, questions }) { await lookUp(page, questions.received, { en }); await result(page); },
  },
  {
    name: 'found, answered',
    async reach(page, { en, questions }) { await lookUp(page, questions.answered, { en }); await result(page); },
  },
  {
    name: 'overdue',
    async reach(page, { en, questions }) {
      await lookUp(page, questions.overdue, { en });
      await page.locator('tuongtac-tracker .tt-overdue').waitFor();
    },
  },
  {
    name: 'contact erasure asked',
    async reach(page, { en, server }) {
      await lookUp(page, await askQuestion(server, WITH_CONTACT), { en });
      await result(page);
      await page.getByRole('button', { name: ERASE_OPEN[en ? 'en' : 'vi'] }).click();
      await page.locator('tuongtac-tracker .tt-erase-confirm').waitFor();
    },
  },
  {
    name: 'contact erased',
    async reach(page, { en, server }) {
      await lookUp(page, await askQuestion(server, WITH_CONTACT), { en });
      await result(page);
      await page.getByRole('button', { name: ERASE_OPEN[en ? 'en' : 'vi'] }).click();
      await page.getByRole('button', { name: en ? 'Erase my contact details' : 'Xoá thông tin liên hệ', exact: true }).click();
      await page.locator('tuongtac-tracker .tt-contact', { hasText: en ? 'were erased on' : 'đã được xoá ngày' }).waitFor();
    },
  },
  {
    name: 'remembered codes',
    async reach(page, { en, questions }) {
      await lookUp(page, questions.received, { en, remember: true });
      await result(page);
      await page.reload();
      await page.locator('tuongtac-tracker .tt-remembered').waitFor();
    },
  },
];
