// Takes the README's screenshots of the staff console from the real server and Chromium:
//   cargo xtask build && cargo build -p server && TUONGTAC_BIN=target/debug/tuongtac node docs/console/screenshots.mjs
import { join } from 'node:path';
import { ROOT, askQuestion, cli, launchBrowser, startServer } from '../../tests/browser/harness.mjs';

const PASSWORD = 'mật khẩu của cán bộ đủ dài';
const out = name => join(ROOT, 'docs/console', `${name}.png`);

const [server, browser] = await Promise.all([startServer(), launchBrowser()]);
try {
  await cli(server, ['admin', 'staff', 'create', 'demo', 'lan.nguyen', '--role', 'admin', '--name', 'Nguyễn Thị Lan'],
    { TUONGTAC_PASSWORD: PASSWORD });
  const { tracking_code: code } = await askQuestion(server, {
    title: 'Thủ tục cấp giấy phép hoạt động in', email: 'dan@example.vn', name: 'Trần Văn Bình', consent: true,
  });
  await askQuestion(server, { title: 'Đăng ký tên miền .vn cho hộ kinh doanh', topic: 'vien-thong' });
  await askQuestion(server, { title: 'Cấp thẻ nhà báo lần đầu', topic: 'bao-chi' });
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(`${server.url}/staff/`);
  await page.locator('#login-agency').fill('demo');
  await page.locator('#login-username').fill('lan.nguyen');
  await page.screenshot({ path: out('log-in') });
  await page.locator('#login-password').fill(PASSWORD);
  await page.keyboard.press('Enter');
  await page.locator('#queue-row-0').waitFor();
  await page.screenshot({ path: out('queue') });
  await page.goto(`${server.url}/staff/questions/${code}`);
  await page.locator('#tt-to').selectOption('accepted');
  await page.locator('button', { hasText: 'Chuyển trạng thái' }).click();
  await page.locator('#question-done').waitFor();
  await page.locator('#tt-to').selectOption('assigned');
  await page.locator('#tt-unit').selectOption('phong-cntt');
  await page.locator('button', { hasText: 'Chuyển trạng thái' }).click();
  await page.locator('#question-done', { hasText: 'giao' }).waitFor();
  await page.locator('#tt-answer').fill('Hồ sơ gồm đơn đề nghị theo mẫu và bản sao giấy đăng ký doanh nghiệp; nộp tại bộ phận một cửa của Sở hoặc qua Cổng dịch vụ công. Thời hạn giải quyết là 7 ngày làm việc.');
  await page.locator('.console-answer').screenshot({ path: out('answer') });
  await page.goto(`${server.url}/staff/record`);
  await page.locator('#tt-title').fill('Thư hỏi về cấp phép phát thanh nội bộ');
  await page.locator('#tt-body').fill('Ông Nguyễn Văn A gửi thư hỏi thủ tục cấp phép phát thanh nội bộ.');
  await page.locator('#tt-topic').selectOption('giay-phep');
  await page.locator('button', { hasText: 'Lưu câu hỏi' }).click();
  await page.locator('#receipt-title').waitFor();
  await page.emulateMedia({ media: 'print' });
  await page.locator('.console-receipt').screenshot({ path: out('receipt-printed') });
  await page.emulateMedia({ media: 'screen' });
  console.log('screenshots written to docs/console/');
} finally {
  await browser.close();
  await server.stop();
}
