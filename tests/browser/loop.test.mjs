// The whole question-and-answer loop, as the people in it live it: a citizen asks on the portal by keyboard
// and leaves an email; staff accept, assign, answer and publish through the staff API; the mail arrives at
// a real SMTP listener; the citizen follows its link to the tracker and reads the answer; the public list
// shows the answer without any contact details.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { focused, launchBrowser, openWidget, staffMember, startServer, tabUntil } from './harness.mjs';

/** A tiny SMTP server that accepts every message and keeps it: just enough of RFC 5321 for one client. */
function startSmtp() {
  const messages = [];
  const server = createServer(socket => {
    let buffer = '';
    let data = null;
    const reply = line => socket.write(`${line}\r\n`);
    reply('220 mail.test ESMTP');
    socket.on('data', chunk => {
      buffer += chunk.toString('latin1');
      while (true) {
        if (data !== null) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          data.raw = (buffer.slice(0, end + 2)).replace(/\r\n\.\./g, '\r\n.');
          messages.push(data);
          data = null;
          buffer = buffer.slice(end + 5);
          reply('250 2.0.0 queued');
          continue;
        }
        const newline = buffer.indexOf('\r\n');
        if (newline < 0) return;
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') reply('250 mail.test');
        else if (verb === 'DATA') { data = { raw: '' }; reply('354 end with <CRLF>.<CRLF>'); }
        else if (verb === 'QUIT') { reply('221 2.0.0 bye'); socket.end(); }
        else reply('250 2.0.0 ok');
      }
    });
    socket.on('error', () => {});
  });
  return new Promise(ok => server.listen(0, '127.0.0.1', () => ok({
    port: server.address().port, messages, close: () => new Promise(done => server.close(done)),
  })));
}

/** A received message's subject and body as text: RFC 2047 words and quoted-printable decoded as UTF-8. */
function decode(raw) {
  const [head, ...rest] = raw.split('\r\n\r\n');
  const headers = head.replace(/\r\n[ \t]+/g, ' ');
  const words = value => value.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, kind, text) => kind.toLowerCase() === 'b'
    ? Buffer.from(text, 'base64').toString('utf8')
    : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'));
  const header = name => words((headers.match(new RegExp(`^${name}: (.*)$`, 'mi')) || [])[1] || '').trim();
  let body = rest.join('\r\n\r\n');
  if (/quoted-printable/i.test(header('Content-Transfer-Encoding'))) {
    body = Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  }
  return { to: header('To'), from: header('From'), subject: header('Subject'), body };
}

let smtp, server, browser;
before(async () => {
  smtp = await startSmtp();
  [server, browser] = await Promise.all([
    startServer({ args: ['--smtp-url', `smtp://127.0.0.1:${smtp.port}`, '--mail-from', 'noreply@demo.example'] }),
    launchBrowser(),
  ]);
});
after(async () => { await browser?.close(); await server?.stop(); await smtp?.close(); });

/** Waits until a mail matching `wanted` has arrived, and returns it decoded. */
async function mail(wanted, timeout = 20_000) {
  const until = Date.now() + timeout;
  while (Date.now() < until) {
    const found = smtp.messages.map(m => decode(m.raw)).find(wanted);
    if (found) return found;
    await new Promise(ok => setTimeout(ok, 100));
  }
  assert.fail(`no such mail within ${timeout} ms; received: ${smtp.messages.map(m => decode(m.raw).subject).join(' | ')}`);
}

test('ask, handle, answer, publish, mail, track: the whole loop', async () => {
  // A citizen asks, by keyboard only, and leaves an email with consent.
  const page = await openWidget(browser, server, '/demo/');
  await tabUntil(page, el => el.id === 'tt-title');
  await page.keyboard.type('Thời hạn cấp phép hoạt động in');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Xin hỏi Sở cấp giấy phép hoạt động in trong bao nhiêu ngày làm việc?');
  await page.keyboard.press('Tab');
  await page.keyboard.press('ArrowDown');
  await tabUntil(page, el => el.id === 'tt-name');
  await page.keyboard.type('Nguyễn Thị Lan');
  await tabUntil(page, el => el.id === 'tt-email');
  await page.keyboard.type('lan.nguyen@example.vn');
  await tabUntil(page, el => el.id === 'tt-phone');
  await page.keyboard.type('0912 345 678');
  await tabUntil(page, el => el.id === 'tt-consent');
  await page.keyboard.press('Space');
  await tabUntil(page, el => el.tag === 'button' && el.text === 'Gửi câu hỏi');
  await page.keyboard.press('Enter');
  await page.locator('tuongtac-ask .tt-confirmation').waitFor();
  const [code, pin] = (await page.locator('tuongtac-ask .tt-code').allTextContents()).map(s => s.trim());
  assert.match(pin, /^\d{6}$/);

  // Staff: an admin creates a unit, an officer takes the question to its answer, a moderator publishes it.
  const admin = await staffMember(server, 'vong-quan-tri', 'admin');
  const officer = await staffMember(server, 'vong-can-bo', 'officer');
  const moderator = await staffMember(server, 'vong-kiem-duyet', 'moderator');
  const ok = async (answer, what) => assert.ok(answer.status < 300, `${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
  await ok(await admin('POST', '/api/v1/staff/units', { slug: 'phong-xuat-ban', name: 'Phòng Xuất bản' }), 'unit');
  const move = async body => ok(await officer('POST', `/api/v1/staff/questions/${code}/transitions`, body), body.to);
  await move({ to: 'accepted', public_note: 'Sở đã tiếp nhận câu hỏi.' });
  await move({ to: 'assigned', unit: 'phong-xuat-ban' });
  await move({ to: 'in_progress' });
  const answer = 'Sở cấp giấy phép trong 10 ngày làm việc kể từ khi nhận đủ hồ sơ hợp lệ.';
  await ok(await officer('PUT', `/api/v1/staff/questions/${code}/answer`, { body: answer }), 'answer');
  await move({ to: 'answered', public_note: 'Sở đã trả lời câu hỏi.' });
  await ok(await moderator('POST', `/api/v1/staff/questions/${code}/publication`, { published: true }), 'publication');

  // The mail arrives: in Vietnamese, with the code and a link to the tracker, never the PIN.
  const answered = await mail(m => m.subject.includes(code) && m.subject.includes('Đã trả lời'));
  assert.equal(answered.to, 'lan.nguyen@example.vn');
  assert.match(answered.from, /noreply@demo\.example/);
  assert.match(answered.body, /Kính gửi ông\/bà/);
  assert.ok(answered.body.includes(code));
  const link = answered.body.match(/https?:\/\/\S*tt-code=\S+/)?.[0];
  assert.ok(link, `the mail links to the tracker: ${answered.body}`);
  assert.equal(link, `${server.url}/demo/tracker.html?tt-code=${code}`);
  for (const message of smtp.messages.map(m => decode(m.raw))) {
    assert.ok(!message.body.includes(pin) && !message.subject.includes(pin), 'no mail ever carries the PIN');
  }
  assert.ok(smtp.messages.some(m => decode(m.raw).subject.includes('Đã chấp nhận xử lý')), 'accepting was mailed too');

  // The citizen follows the link and types only the PIN.
  const tracker = await browser.newPage();
  await tracker.goto(link);
  await tracker.locator('tuongtac-tracker form').waitFor();
  assert.equal(await tracker.getByLabel('Mã theo dõi', { exact: true }).inputValue(), code);
  await tracker.getByLabel('Mã PIN', { exact: true }).focus();
  await tracker.keyboard.type(pin);
  await tracker.keyboard.press('Enter');
  await tracker.locator('tuongtac-tracker .tt-result').waitFor();
  assert.equal((await focused(tracker)).id, 'tt-result-title');
  assert.equal(await tracker.locator('tuongtac-tracker .tt-status').textContent(), 'Đã trả lời');
  assert.equal(await tracker.locator('tuongtac-tracker .tt-answer .tt-text').textContent(), answer);
  assert.deepEqual(await tracker.locator('tuongtac-tracker .tt-timeline-status').allTextContents(),
    ['Đã tiếp nhận', 'Đã chấp nhận xử lý', 'Đã giao đơn vị xử lý', 'Đang xử lý', 'Đã trả lời']);

  // The public list shows the question and its answer, and nothing about who asked.
  const list = await (await fetch(`${server.url}/api/v1/agencies/demo/questions`)).json();
  const published = list.items.find(q => q.tracking_code === code);
  assert.ok(published, 'the published question is listed');
  assert.equal(published.answer, answer);
  assert.equal(published.status, 'answered');
  const text = JSON.stringify(list);
  for (const secret of ['Nguyễn Thị Lan', 'lan.nguyen@example.vn', '0912', '912345678', pin]) {
    assert.ok(!text.includes(secret), `the public list never shows ${secret}`);
  }
  for (const field of ['name', 'email', 'phone', 'pin']) assert.ok(!(field in published), `no ${field} field`);
});
