// The archive widget's named examples: its demo pages (the agency's "Câu hỏi đã trả lời" page and its English
// twin), and each state a citizen can bring it into. The shared browser contract
// (tests/browser/contract.test.mjs) checks every example from this list. The widget's first form is a search,
// which has nothing to get wrong, so it declares no FORM: its follow form's errors are checked in
// archive.test.mjs.
import assert from 'node:assert/strict';
import { askQuestion, cli, staffMember } from '../../../tests/browser/harness.mjs';
import { ANSWER, UNIT, handle } from '../tracker/examples.mjs';

/** The custom element. */
export const ELEMENT = 'tuongtac-archive';
/** The button a citizen presses first, in Vietnamese, for a widget without a FORM (the contract's first press). */
export const FIRST_BUTTON = 'Tìm';

export const PAGES = [
  { name: 'Vietnamese archive page', path: '/demo/hoi-dap-cong-khai.html', lang: 'vi' },
  { name: 'English archive page', path: '/demo/hoi-dap-cong-khai-en.html', lang: 'en' },
];

/** The title of the one question about a newsletter's licence, found by `xuat ban ban tin` without accents
 * (`serve --demo-questions` seeds other published questions; none of them has these words). */
export const LICENCE = 'Giấy phép xuất bản bản tin của hội';
export const HOURS = 'Giờ làm việc của bộ phận một cửa';
/** More published questions than one page (10) holds. */
export const FILLERS = 11;

const prepared = new WeakMap();

/** Published questions, made through the real API on `server` (once per server), on top of any that
 * `serve --demo-questions` seeds: `FILLERS` unanswered ones published by the operator's command, then two answered (a
 * licence, the opening hours), so there are two pages and these two come first. Resolves to `{ licence, hours, fillers }`, each with its `tracking_code`. */
export function prepare(server) {
  if (!prepared.has(server)) prepared.set(server, publish(server));
  return prepared.get(server);
}

async function publish(server) {
  const admin = await staffMember(server, 'kho-quan-tri', 'admin');
  const officer = await staffMember(server, 'kho-can-bo', 'officer');
  const moderator = await staffMember(server, 'kho-kiem-duyet', 'moderator');
  const unit = await admin('POST', '/api/v1/staff/units', { slug: UNIT, name: 'Tổ tiếp dân' });
  // The tracker's examples may have made the unit on this server already.
  assert.ok(unit.status < 300 || unit.status === 409, `the unit: ${unit.status}`);
  const fillers = [];
  for (let i = 1; i <= FILLERS; i++) {
    const question = await askQuestion(server, {
      title: `Hỏi về lịch tiếp công dân số ${i}`, body: 'Xin cho biết lịch tiếp công dân của Sở trong tháng.', topic: 'khac',
    });
    await cli(server, ['admin', 'question', 'publish', 'demo', question.tracking_code]);
    fillers.push(question);
  }
  const answered = [];
  for (const title of [LICENCE, HOURS]) {
    const question = await askQuestion(server, { title });
    await handle(officer, question.tracking_code);
    const shown = await moderator('POST', `/api/v1/staff/questions/${question.tracking_code}/publication`, { published: true });
    assert.equal(shown.status, 200, JSON.stringify(shown.body));
    answered.push(question);
  }
  return { licence: answered[0], hours: answered[1], fillers, answer: ANSWER };
}

/** The list's first page, once shown. */
export const listed = page => page.locator(`${ELEMENT} .tt-archive-item`).first().waitFor();

/** Opens the question titled `title` in the list. */
export async function open(page, title) {
  await page.locator(ELEMENT).getByRole('button', { name: title, exact: true }).click();
  await page.locator(`${ELEMENT} .tt-archive-question`).waitFor();
}

const follow = (page, en) => page.locator(ELEMENT).getByRole('button', { name: en ? 'Follow' : 'Theo dõi', exact: true });

export const STATES = [
  { name: 'the first page', async reach(page) { await listed(page); } },
  {
    name: 'an answered question opened',
    async reach(page) { await listed(page); await open(page, LICENCE); },
  },
  {
    name: 'following with nothing typed: the errors',
    async reach(page, { en }) {
      await listed(page);
      await open(page, LICENCE);
      await follow(page, en).click();
      await page.locator(`${ELEMENT} .tt-error-summary`).waitFor();
    },
  },
  {
    name: 'a shared question on its own (tt-code)',
    async reach(page, { server, licence }) {
      const url = new URL(page.url());
      url.searchParams.set('tt-code', licence.tracking_code);
      await page.goto(url.href);
      await page.locator(`${ELEMENT} .tt-archive-question`).waitFor();
    },
  },
];
