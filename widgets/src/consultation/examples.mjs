// The consultation widget's named examples: its demo pages (the agency's "Góp ý dự thảo" page and its English
// twin, both on the demo's open draft, du-thao-quy-che-thong-tin, which `serve --demo` seeds with published
// comments on article 3) and each state a citizen can bring it into. The shared browser contract
// (tests/browser/contract.test.mjs) checks every example from this list. The closed and reported states use
// consultations that prepare() makes through the real staff API; a state shows one by setting the element's
// `consultation` attribute, as a page would.
import assert from 'node:assert/strict';
import { staffMember } from '../../../tests/browser/harness.mjs';

/** The custom element, and what the contract needs to know of its form: the own-comment lookup, the one form
 * on screen before the citizen opens a comment form. */
export const ELEMENT = 'tuongtac-consultation';
export const FORM = {
  submit: { vi: 'Tra cứu', en: 'Look up' },
  emptyErrors: [['Nhập mã theo dõi.', 'tt-tracking_code'], ['Nhập mã PIN.', 'tt-pin']],
};

export const PAGES = [
  { name: 'Vietnamese consultation page', path: '/demo/gop-y-du-thao.html', lang: 'vi' },
  { name: 'English consultation page', path: '/demo/consultation-en.html', lang: 'en' },
];

/** Article 3 of the demo draft, which has published comments. */
export const ARTICLE_3 = 'Điều 3. Nguyên tắc cung cấp thông tin và tương tác';

/** A short draft for the consultations prepare() makes. */
const TEXT = `Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
1. Quy chế này quy định việc tổ chức hội nghị trực tuyến của Sở.
2. Quy chế áp dụng với các phòng, đơn vị thuộc Sở.
Điều 2. Nguyên tắc
Hội nghị trực tuyến được tổ chức tiết kiệm, hiệu quả, bảo đảm an toàn thông tin.
Điều 3. Hiệu lực thi hành
Quy chế có hiệu lực kể từ ngày ký.`;

export const REPORTED_COMMENT = {
  article: 1, clause: 2, stance: 'disagree', commenter: 'individual', name: 'Nguyễn Thị Lan', publish_name: true,
  email: 'lan@example.vn', consent: true, lang: 'vi', website: '',
  body: 'Đề nghị mở rộng phạm vi áp dụng với các đơn vị sự nghiệp trực thuộc Sở.',
};
export const EXPLANATION = 'Tiếp thu đối với đơn vị sự nghiệp; các doanh nghiệp không thuộc phạm vi quản lý của Sở.';

/** Sends a comment as the widget would, from the server's own (allowed) origin; resolves to the receipt. */
export async function sendComment(server, slug, comment) {
  const response = await fetch(`${server.url}/api/v1/agencies/demo/consultations/${slug}/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url, 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify({ clause: null, name: '', publish_name: false, email: '', consent: false, lang: 'vi',
      website: '', commenter: 'individual', ...comment }),
  });
  assert.equal(response.status, 201, `the comment is stored: ${await response.clone().text()}`);
  return response.json();
}

const ok = (answer, what) => assert.ok(answer.status < 300, `${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
const DAY = 86_400_000;

/** Creates a consultation of the short draft through the staff API as `admin` (from staffMember), open from
 * two days ago for ten more days. */
export async function createConsultation(admin, slug) {
  ok(await admin('POST', '/api/v1/staff/consultations', {
    slug, title: 'Dự thảo Quy chế tổ chức hội nghị trực tuyến', summary: 'Quy chế về hội nghị trực tuyến của Sở.',
    document_type: 'decision', drafting_unit: 'Văn phòng Sở', attachments: [], text: TEXT,
    opens_at: new Date(Date.now() - 2 * DAY).toISOString().slice(0, 19) + 'Z',
    closes_at: new Date(Date.now() + 10 * DAY).toISOString().slice(0, 19) + 'Z',
    report_expected_by: new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10),
  }), `create ${slug}`);
}

/** Consultations in the states the demo's open draft is not in: one closed, one whose report is published
 * with a response to a comment whose code and PIN the lookup states use. */
export async function prepare(server) {
  const admin = await staffMember(server, 'gop-y-quan-tri', 'admin');
  const create = slug => createConsultation(admin, slug);
  const close = async slug => ok(await admin('POST', `/api/v1/staff/consultations/${slug}/period`,
    { action: 'close', closes_at: null, note: 'Kết thúc sớm để tổng hợp ý kiến.' }), `close ${slug}`);

  const closed = 'du-thao-da-ket-thuc';
  await create(closed);
  await sendComment(server, closed, { article: 2, stance: 'agree', body: 'Tán thành nguyên tắc tiết kiệm.' });
  await close(closed);

  const reported = 'du-thao-da-co-bao-cao';
  await create(reported);
  const own = await sendComment(server, reported, REPORTED_COMMENT);
  await close(reported);
  const listed = await admin('GET', `/api/v1/staff/consultations/${reported}/comments`);
  ok(listed, 'list the comments');
  for (const comment of listed.body.comments) {
    ok(await admin('POST', `/api/v1/staff/consultations/comments/${comment.id}/moderation`,
      { action: 'publish', reason: '' }), 'publish a comment');
    ok(await admin('POST', `/api/v1/staff/consultations/comments/${comment.id}/response`,
      { outcome: 'partly_accepted', explanation: EXPLANATION }), 'respond to a comment');
  }
  ok(await admin('POST', `/api/v1/staff/consultations/${reported}/report`, {}), 'publish the report');
  return { closed, reported, own };
}

const inWidget = (page, selector) => page.locator(`${ELEMENT} ${selector}`);

/** Shows another consultation in the widget, as a page that changes the attribute would. */
export async function showConsultation(page, slug) {
  await page.locator(ELEMENT).evaluate((el, slug) => el.setAttribute('consultation', slug), slug);
  await inWidget(page, '#tt-consultation-title').filter({ hasText: 'hội nghị trực tuyến' }).waitFor();
}

/** Opens article 3 from the contents and its comment form, by mouse. */
export async function openForm(page, { en = false } = {}) {
  await inWidget(page, '.tt-toc').getByRole('link', { name: ARTICLE_3 }).click();
  await page.getByRole('button', { name: en ? 'Comment on Article 3' : 'Góp ý Điều 3', exact: true }).click();
  await inWidget(page, '.tt-comment-form').waitFor();
}

/** Types a code and PIN by label and looks the comment up. */
export async function lookUp(page, { tracking_code, pin }, { en = false } = {}) {
  await page.getByLabel(en ? 'Tracking code' : 'Mã theo dõi', { exact: true }).fill(tracking_code);
  await page.getByLabel(en ? 'PIN' : 'Mã PIN', { exact: true }).fill(pin);
  await page.getByRole('button', { name: en ? 'Look up' : 'Tra cứu', exact: true }).click();
}

const send = (page, en) => page.getByRole('button', { name: en ? 'Send comment' : 'Gửi góp ý', exact: true }).click();

export const STATES = [
  { name: 'open', async reach(page) { await inWidget(page, '.tt-article').first().waitFor(); } },
  {
    name: 'article with published comments',
    async reach(page, { en }) {
      await inWidget(page, '.tt-toc').getByRole('link', { name: ARTICLE_3 }).click();
      await page.getByRole('button', { name: en ? 'Show 3 published comments' : 'Xem 3 góp ý đã công khai' }).click();
      await inWidget(page, '.tt-comment').first().waitFor();
    },
  },
  { name: 'form', async reach(page, { en }) { await openForm(page, { en }); } },
  {
    name: 'errors',
    async reach(page, { en }) {
      await openForm(page, { en });
      await page.getByRole('radio', { name: en ? /An organisation/ : /Tổ chức/ }).check();
      await send(page, en);
      await inWidget(page, '.tt-error-summary').waitFor();
    },
  },
  {
    name: 'sent',
    async reach(page, { en }) {
      await openForm(page, { en });
      await page.getByRole('radio', { name: en ? 'Disagree' : 'Không tán thành', exact: true }).check();
      await page.getByLabel(en ? 'Your comment' : 'Nội dung góp ý', { exact: true })
        .fill('Đề nghị bỏ yêu cầu cung cấp số điện thoại.');
      await send(page, en);
      await inWidget(page, '.tt-confirmation').waitFor();
    },
  },
  {
    name: 'closed',
    async reach(page, { closed }) {
      await showConsultation(page, closed);
      await inWidget(page, '.tt-period-note').waitFor();
    },
  },
  {
    name: 'report published',
    async reach(page, { reported }) {
      await showConsultation(page, reported);
      await inWidget(page, '.tt-toc').getByRole('link', { name: 'Điều 1. Phạm vi điều chỉnh' }).click();
      await inWidget(page, '.tt-response').first().waitFor();
    },
  },
  {
    name: 'own-comment lookup',
    async reach(page, { en, reported, own }) {
      await showConsultation(page, reported);
      await lookUp(page, own, { en });
      await inWidget(page, '.tt-own').waitFor();
    },
  },
];
