// The server's JSON, as the widgets decode it. `wire.json` holds one real answer of each kind the widgets
// read; the widgets' native Rust tests (widgets/src/json.rs) decode each one field by field and check that a
// missing or renamed key is an error. This test keeps `wire.json` true to the real server: same keys at every
// depth, same JSON types (`null` stands for an optional value), same error codes.
// `WIRE_UPDATE=1` rewrites wire.json from the server's answers.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { askQuestion, smallDisk, staffMember, startServer } from './harness.mjs';
import { failLookups, prepareQuestions, wrongPin } from '../../widgets/src/tracker/examples.mjs';
import { EXPLANATION, REPORTED_COMMENT, sendComment } from '../../widgets/src/consultation/examples.mjs';
import { prepare as publishQuestions } from '../../widgets/src/archive/examples.mjs';

const FILE = join(import.meta.dirname, 'wire.json');
const fixture = JSON.parse(readFileSync(FILE, 'utf8'));
const real = {};
let server;
before(async () => { server = await startServer(); });
after(async () => {
  await server?.stop();
  if (process.env.WIRE_UPDATE) writeFileSync(FILE, JSON.stringify(real, null, 2) + '\n');
});

const api = path => `${server.url}/api/v1/agencies/demo${path}`;
async function answer(path, body, { status, origin = server.url } = {}) {
  const response = await fetch(api(path), body === undefined ? {} : {
    method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify(body),
  });
  if (status) assert.equal(response.status, status, `${path}: ${response.status}`);
  return response.json();
}
const lookup = (question, status) => answer('/questions/lookup',
  { tracking_code: question.tracking_code, pin: question.pin, lang: 'vi' }, { status });

/** Fails unless `actual` and `expected` have the same keys at every depth and the same JSON types, where
 * `null` on either side stands for an optional value; error codes must be equal. */
function sameShape(actual, expected, path = '') {
  if (actual === null || expected === null) return;
  const kind = v => (Array.isArray(v) ? 'array' : typeof v);
  assert.equal(kind(actual), kind(expected), `${path}: ${kind(actual)} on the server, ${kind(expected)} in wire.json`);
  if (Array.isArray(actual)) {
    if (expected.length) actual.forEach((item, i) => sameShape(item, expected[0], `${path}[${i}]`));
  } else if (kind(actual) === 'object') {
    assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `${path}: keys`);
    for (const key of Object.keys(actual)) sameShape(actual[key], expected[key], `${path}.${key}`);
  } else if (path.endsWith('.error.code')) {
    assert.equal(actual, expected, path);
  }
}

function check(name, body) {
  real[name] = body;
  if (process.env.WIRE_UPDATE) return;
  assert.ok(fixture[name], `wire.json has ${name}`);
  sameShape(body, fixture[name], name);
}

test('the agency, as the ask widget loads its topics', async () => {
  check('agency', await answer('', undefined));
});

test('a stored question\'s receipt, and a 422 with field errors', async () => {
  check('receipt', await askQuestion(server));
  check('invalid', await answer('/questions', { title: '', body: '', lang: 'vi' }, { status: 422 }));
});

test('tracked questions, received and answered', async () => {
  const questions = await prepareQuestions(server);
  check('tracked', await lookup(questions.answered, 200));
  check('tracked_received', await lookup(questions.received, 200));
});

test('a rating\'s receipt, and the summaries a rating widget shows: published, and held back', async () => {
  const page = `${server.url}/demo/danh-gia.html`;
  const first = await fetch(api('/ratings'), {
    method: 'POST', headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ page, lang: 'vi', content: 4, helpful: true, comment: 'Rõ ràng' }),
  });
  assert.equal(first.status, 201);
  check('rating_receipt', await first.json());
  check('rating_summary_too_few', await answer(`/ratings/summary?page=${encodeURIComponent(page)}`, undefined));
  check('rating_summary', await answer('/ratings/summary?period=all', undefined));
});

test('a failed lookup (404) and a locked-out one (429)', async () => {
  const question = await askQuestion(server);
  check('not_found', await lookup({ ...question, pin: wrongPin(question.pin) }, 404));
  await failLookups(server, question.tracking_code, 5);
  check('locked', await lookup(question, 429));
});

test('a write refused while the disk is full (503)', async () => {
  const disk = smallDisk();
  let own;
  try {
    own = await startServer({ dataDir: disk.dir });
    disk.fill();
    const response = await fetch(`${own.url}/api/v1/agencies/demo/questions`, {
      method: 'POST', headers: { 'content-type': 'application/json', origin: own.url, 'idempotency-key': 'wire-503' },
      body: JSON.stringify({ title: 'Đĩa đầy', body: 'Câu hỏi gửi khi đĩa đầy.', topic: 'giay-phep', lang: 'vi' }),
    });
    assert.equal(response.status, 503);
    check('unavailable', await response.json());
  } finally {
    await own?.stop({ keepData: true });
    disk.unmount();
  }
});

/** A short draft with every part the widget reads: a preamble, a heading, an article's own text, clauses
 * and points. */
const DRAFT = `SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH DEMO
QUY CHẾ
Tổ chức hội nghị trực tuyến
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Quy chế này quy định việc tổ chức hội nghị trực tuyến của Sở.
1. Quy chế áp dụng với:
a) Các phòng, đơn vị thuộc Sở;
b) Cán bộ, công chức, viên chức của Sở.
2. Quy chế không áp dụng với hội nghị có nội dung mật.
Điều 2. Hiệu lực thi hành
Quy chế có hiệu lực kể từ ngày ký.`;

test('a consultation as its widget reads it: the draft and counts, comment pages before and after the report, a comment\'s receipt, one\'s own comment, and a 409 once it closed', async () => {
  const admin = await staffMember(server, 'wire-quan-tri', 'admin');
  const ok = (reply, what) => assert.ok(reply.status < 300, `${what}: ${reply.status} ${JSON.stringify(reply.body)}`);
  const day = 86_400_000;
  const slug = 'du-thao-wire';
  ok(await admin('POST', '/api/v1/staff/consultations', {
    slug, title: 'Dự thảo Quy chế tổ chức hội nghị trực tuyến', summary: 'Quy chế về hội nghị trực tuyến của Sở.',
    document_type: 'decision', drafting_unit: 'Văn phòng Sở', text: DRAFT,
    attachments: [{ title: 'Tờ trình dự thảo', url: 'https://example.gov.vn/to-trinh.pdf' }],
    opens_at: new Date(Date.now() - 2 * day).toISOString().slice(0, 19) + 'Z',
    closes_at: new Date(Date.now() + 10 * day).toISOString().slice(0, 19) + 'Z',
    report_expected_by: new Date(Date.now() + 30 * day).toISOString().slice(0, 10),
  }), 'create the consultation');
  // An extension leaves a public note while the consultation stays open.
  ok(await admin('POST', `/api/v1/staff/consultations/${slug}/period`, {
    action: 'extend', closes_at: new Date(Date.now() + 20 * day).toISOString().slice(0, 19) + 'Z',
    note: 'Gia hạn để các doanh nghiệp kịp góp ý.',
  }), 'extend the period');

  const own = await sendComment(server, slug, REPORTED_COMMENT);
  check('comment_receipt', own);
  await sendComment(server, slug, { article: null, stance: 'other', body: 'Đề nghị bổ sung quy định về ghi hình hội nghị.' });
  const listed = await admin('GET', `/api/v1/staff/consultations/${slug}/comments`);
  ok(listed, 'list the comments');
  for (const comment of listed.body.comments) {
    ok(await admin('POST', `/api/v1/staff/consultations/comments/${comment.id}/moderation`,
      { action: 'publish', reason: '' }), 'publish a comment');
  }
  check('consultation', await answer(`/consultations/${slug}`, undefined));
  // Until the report is out a published comment shows no response, even one already written.
  const [first] = listed.body.comments.filter(c => c.article === 1);
  ok(await admin('POST', `/api/v1/staff/consultations/comments/${first.id}/response`,
    { outcome: 'partly_accepted', explanation: EXPLANATION }), 'respond to a comment');
  check('comment_page_before_report', await answer(`/consultations/${slug}/comments?article=1&page=1`, undefined));

  ok(await admin('POST', `/api/v1/staff/consultations/${slug}/period`,
    { action: 'close', closes_at: null, note: 'Kết thúc sớm để tổng hợp ý kiến.' }), 'close the consultation');
  check('consultation_not_open', await answer(`/consultations/${slug}/comments`,
    { ...REPORTED_COMMENT, body: 'Góp ý gửi sau khi đã kết thúc.' }, { status: 409 }));
  for (const comment of listed.body.comments.filter(c => c !== first)) {
    ok(await admin('POST', `/api/v1/staff/consultations/comments/${comment.id}/response`,
      { outcome: 'not_accepted', explanation: 'Nội dung này thuộc quy chế khác của Sở.' }), 'respond to a comment');
  }
  ok(await admin('POST', `/api/v1/staff/consultations/${slug}/report`, {}), 'publish the report');
  check('comment_page', await answer(`/consultations/${slug}/comments?article=1&page=1`, undefined));
  check('own_comment', await answer(`/consultations/${slug}/comments/lookup`,
    { tracking_code: own.tracking_code, pin: own.pin, lang: 'vi' }, { status: 200 }));
});

test('the archive: a page of published questions, one of them, a +1, a follow, and the consultations', async () => {
  const { licence } = await publishQuestions(server);
  check('archive_page', await answer('/archive?page=1&per_page=10', undefined));
  check('archived', await answer(`/archive/${licence.tracking_code}`, undefined));
  const same = await fetch(api(`/questions/${licence.tracking_code}/same-question`), { method: 'POST', headers: { origin: server.url } });
  assert.equal(same.status, 200);
  check('same_question', await same.json());
  check('follow', await answer(`/questions/${licence.tracking_code}/follow`,
    { email: 'lan.nguyen@example.vn', consent: true, lang: 'vi' }, { status: 202 }));
  const list = await fetch(`${server.url}/api/v1/open-data/demo/consultations.json`);
  assert.equal(list.status, 200);
  check('consultation_list', await list.json());
});
