// The rating widget in real Chromium against the real server and database, used as citizens use it. What every
// widget promises (axe, reflow, the error summary, languages…) is checked by tests/browser/contract.test.mjs
// over examples.mjs; this file holds what is the rating's own: the keyboard path through four radio groups,
// the compact flow, the results read as numbers, a failed send that keeps every choice, and changing a rating.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  announced, assertAccessible, focused, launchBrowser, newPage, openWidget, startServer, tabUntil,
} from '../../../tests/browser/harness.mjs';
import { CRITERIA, LEVELS, choose } from './examples.mjs';

let server, browser;
before(async () => { [server, browser] = await Promise.all([startServer(), launchBrowser()]); });
after(async () => { await browser?.close(); await server?.stop(); });

const RATING = 'tuongtac-rating';
const openRating = (path, options = {}) => openWidget(browser, options.server ?? server, path, { selector: RATING, ...options });

/** Each results table as a screen reader meets it: its caption, then each row's header and number. */
function tables(page) {
  return page.locator(RATING).evaluate(host => [...host.shadowRoot.querySelectorAll('table')].map(table => ({
    caption: table.caption.textContent.trim(),
    rows: [...table.tBodies[0].rows].map(row => [row.cells[0].textContent.trim(), row.cells[1].textContent.trim()]),
    barsHidden: [...table.querySelectorAll('.tt-bar')].every(bar => bar.getAttribute('aria-hidden') === 'true'),
  })));
}

test('keyboard only: four questions answered with the arrow keys, a suggestion, sent; the results are tables of numbers', async () => {
  const page = await openRating('/demo/danh-gia.html');
  const heard = page.evaluate(() => new Promise(resolve => {
    document.querySelector('tuongtac-rating').addEventListener('tuongtac-rate', e => resolve(e.detail), { once: true });
  }));
  // Tab enters each group on its first answer; Space chooses it, the arrow keys move to the next answers.
  const answers = [4, 5, 3, 2];
  for (const [i, id] of ['tt-interface', 'tt-content', 'tt-quality', 'tt-support'].entries()) {
    await tabUntil(page, now => now.id === id);
    await page.keyboard.press('Space');
    for (let level = 1; level < answers[i]; level++) await page.keyboard.press('ArrowRight');
    const checked = await page.locator(RATING).evaluate((host, name) =>
      host.shadowRoot.querySelector(`input[name="${name}"]:checked`)?.value, id);
    assert.equal(checked, String(answers[i]), `${id}: the arrow keys chose ${answers[i]}`);
  }
  await tabUntil(page, now => now.id === 'tt-comment');
  await page.keyboard.type('Nên có mục tìm kiếm thủ tục theo tên.');
  const button = await tabUntil(page, now => now.tag === 'button');
  assert.equal(button.text, 'Gửi đánh giá');
  await page.keyboard.press('Enter');
  await page.locator(`${RATING} .tt-chart`).first().waitFor();
  assert.equal((await focused(page)).id, 'tt-rating-sent', 'focus moves to the thanks, so it is read out');
  await announced(page, 'Đã gửi đánh giá. Cảm ơn bạn.');
  assert.deepEqual(await heard, { scope: 'agency', replaced: 'false' });

  const read = await tables(page);
  assert.equal(read.length, 4, 'one table per criterion, all published for the agency');
  assert.match(read[0].caption, /^Giao diện: 1 đánh giá; hài lòng 100 % \(khoảng tin cậy 95 %: 21–100 %\)$/);
  assert.deepEqual(read[0].rows, LEVELS.vi.map((level, i) => [level, i === 3 ? '1' : '0']));
  assert.deepEqual(read[3].rows.map(([, n]) => n), ['0', '1', '0', '0', '0']);
  assert.ok(read.every(table => table.barsHidden), 'the bars are hidden from screen readers');
  await assertAccessible(page, 'rating sent, with results');
  assert.deepEqual(page.errors, []);
});

test('compact: "was this page useful?", then the four questions, then the page\'s results held back until five', async () => {
  const own = await startServer();
  try {
    const page = await openRating('/demo/', { server: own, ready: '.tt-helpful' });
    await assertAccessible(page, 'compact question');
    await page.locator(RATING).getByRole('button', { name: 'Có' }).click();
    const more = page.locator(`${RATING} #tt-rating-more`);
    await more.waitFor();
    assert.equal((await focused(page)).id, 'tt-rating-more', 'focus moves to the offer of more questions');
    assert.ok(await page.getByRole('radiogroup', { name: CRITERIA.vi[0] }).isVisible());
    await assertAccessible(page, 'compact, the criteria offered');
    await choose(page, 1, 5);
    await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
    await page.locator(`${RATING} .tt-results`).getByText('Chưa đủ 5 đánh giá để công bố kết quả.').first().waitFor();
    assert.equal(await page.locator(`${RATING} table`).count(), 0, 'nothing is published for a page with one rating');
    await assertAccessible(page, 'compact, sent, results held back');
    // The yes/no and the criteria are one rating of this page: the second send replaced the first.
    assert.match(await page.locator(`${RATING} .tt-rating-sent`).textContent(), /thay cho đánh giá bạn đã gửi/);
    const summary = await (await fetch(`${own.url}/api/v1/agencies/demo/ratings/summary`)).json();
    assert.equal(summary.criteria[1].figures.n, 1);
    assert.deepEqual(summary.helpful, { yes: 1, no: 0 });
    assert.deepEqual(page.errors, []);
  } finally {
    await own.stop();
  }
});

test('sending: the form says so and stays accessible while the server answers', async () => {
  const page = await openRating('/demo/danh-gia.html');
  await choose(page, 0, 3);
  // The request is held back a moment on its way to the real server, so the sending state can be seen.
  await page.route('**/api/v1/agencies/demo/ratings', async route => {
    await new Promise(resolve => setTimeout(resolve, 1_500));
    await route.continue();
  });
  await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
  const form = page.locator(`${RATING} form[aria-busy="true"]`);
  await form.waitFor();
  assert.equal(await page.locator(RATING).getByRole('button', { name: 'Đang gửi…' }).count(), 1);
  await assertAccessible(page, 'rating, sending');
  await page.locator(`${RATING} .tt-rating-sent`).waitFor();
});

test('when the server is gone, the citizen is told and keeps every choice; sending again works once it is back', async () => {
  const own = await startServer();
  const page = await openRating('/demo/rating-en.html', { server: own });
  await choose(page, 0, 2, { en: true });
  await choose(page, 3, 5, { en: true });
  await page.getByLabel('What should we improve? (optional)').fill('More forms online, please.');
  await own.kill();
  await page.getByRole('button', { name: 'Send rating' }).click();
  const alert = page.locator(`${RATING} .tt-alert`);
  await alert.waitFor({ timeout: 20_000 });
  assert.match(await alert.textContent(), /has not been sent because the server could not be reached/);
  assert.equal((await focused(page)).id, 'tt-alert');
  await assertAccessible(page, 'rating, failed');
  const checked = await page.locator(RATING).evaluate(host =>
    [...host.shadowRoot.querySelectorAll('input[type=radio]:checked')].map(radio => `${radio.name}=${radio.value}`));
  assert.deepEqual(checked, ['tt-interface=2', 'tt-support=5'], 'every choice is kept');
  assert.equal(await page.getByLabel('What should we improve? (optional)').inputValue(), 'More forms online, please.');

  const back = await startServer({ port: own.port, dataDir: own.dataDir });
  try {
    await page.getByRole('button', { name: 'Send rating' }).click();
    await page.locator(`${RATING} .tt-rating-sent`).waitFor({ timeout: 20_000 });
  } finally {
    await back.stop();
  }
});

test('a citizen changes their rating the same day: the form comes back with the choices, and the new one replaces the old', async () => {
  const own = await startServer();
  try {
    const page = await openRating('/demo/danh-gia.html', { server: own });
    await choose(page, 1, 1);
    await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
    await page.locator(`${RATING} .tt-rating-sent`).waitFor();
    await page.getByRole('button', { name: 'Sửa đánh giá' }).click();
    const content = page.getByRole('radiogroup', { name: CRITERIA.vi[1] });
    assert.ok(await content.getByLabel(LEVELS.vi[0], { exact: true }).isChecked(), 'the earlier choice is kept');
    await choose(page, 1, 4);
    await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
    await page.locator(`${RATING} .tt-rating-sent`).getByText('thay cho đánh giá', { exact: false }).waitFor();
    const summary = await (await fetch(`${own.url}/api/v1/agencies/demo/ratings/summary`)).json();
    assert.deepEqual(summary.criteria[1].figures.distribution, [0, 0, 0, 1, 0], 'one rating, the changed one');
  } finally {
    await own.stop();
  }
});

test('two citizens behind one address, in two fresh browsers, rate the same page the same day: both ratings are kept', async () => {
  const own = await startServer();
  try {
    const citizens = [
      { agent: 'Mozilla/5.0 (Linux; Android 14; SM-A155F) Mobile', level: 2 },
      { agent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) Mobile', level: 5 },
    ];
    for (const { agent, level } of citizens) {
      const page = await newPage(browser, { userAgent: agent });
      await page.goto(`${own.url}/demo/danh-gia.html`);
      await page.locator(`${RATING} form`).waitFor();
      await choose(page, 1, level);
      await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
      const sent = page.locator(`${RATING} .tt-rating-sent`);
      await sent.waitFor();
      assert.doesNotMatch(await sent.textContent(), /thay cho/, `${agent}: told nothing was replaced`);
      await page.context().close();
    }
    const summary = await (await fetch(`${own.url}/api/v1/agencies/demo/ratings/summary`)).json();
    assert.deepEqual(summary.criteria[1].figures.distribution, [0, 1, 0, 0, 1], "neither replaced the other's");
  } finally {
    await own.stop();
  }
});
