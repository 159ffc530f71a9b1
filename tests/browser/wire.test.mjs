// The server's JSON, as the widgets decode it. `wire.json` holds one real answer of each kind the widgets
// read; the widgets' native Rust tests (widgets/src/json.rs) decode each one field by field and check that a
// missing or renamed key is an error. This test keeps `wire.json` true to the real server: same keys at every
// depth, same JSON types (`null` stands for an optional value), same error codes.
// `WIRE_UPDATE=1` rewrites wire.json from the server's answers.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { askQuestion, smallDisk, startServer } from './harness.mjs';
import { failLookups, prepareQuestions, wrongPin } from '../../widgets/src/tracker/examples.mjs';

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
