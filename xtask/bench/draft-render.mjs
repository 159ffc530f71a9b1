// `cargo xtask bench` runs this: how long the consultation widget takes to show a 200-article draft, and
// to open one of its articles, in real Chromium with the CPU slowed 4× as on a cheap phone. A benchmark, not a
// test: it prints figures (the median of a few runs) and asserts nothing about time.
import { launchBrowser, newPage, startServer, staffMember } from '../../tests/browser/harness.mjs';

const ARTICLES = 200;
const RUNS = 5;
const SLUG = 'du-thao-200-dieu';

/** A draft shaped like a long decree: ten chapters, each article with three clauses of two points. */
function draftText() {
  const lines = ['NGHỊ ĐỊNH', 'Quy định chi tiết một số điều của Luật (dự thảo dùng để đo)'];
  for (let n = 1; n <= ARTICLES; n++) {
    if (n % 20 === 1) lines.push(`Chương ${(n - 1) / 20 + 1}`, `QUY ĐỊNH NHÓM ${(n - 1) / 20 + 1}`);
    lines.push(`Điều ${n}. Trách nhiệm của cơ quan trong trường hợp thứ ${n}`);
    for (let k = 1; k <= 3; k++) {
      lines.push(`${k}. Cơ quan có trách nhiệm cung cấp thông tin đầy đủ, chính xác và kịp thời theo khoản ${k}:`);
      lines.push('a) Công khai trên Cổng thông tin điện tử của cơ quan;', 'b) Trả lời bằng văn bản khi người dân yêu cầu.');
    }
  }
  return lines.join('\n');
}

const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const server = await startServer();
const browser = await launchBrowser();
try {
  const officer = await staffMember(server, 'do-hieu-nang', 'officer');
  const day = 86_400_000;
  const created = await officer('POST', '/api/v1/staff/consultations', {
    slug: SLUG, title: 'Dự thảo Nghị định 200 điều', summary: 'Dự thảo dài để đo tốc độ hiển thị.',
    document_type: 'decree', drafting_unit: 'Vụ Pháp chế', attachments: [], text: draftText(),
    opens_at: new Date(Date.now() - day).toISOString().slice(0, 16) + 'Z',
    closes_at: new Date(Date.now() + 10 * day).toISOString().slice(0, 16) + 'Z',
  });
  if (created.status !== 201) throw new Error(`the draft was not created: ${JSON.stringify(created)}`);

  const rendered = [];
  const opened = [];
  for (let run = 0; run < RUNS; run++) {
    const page = await newPage(browser, { viewport: { width: 390, height: 844 } });
    // The widget code is loaded and compiled first, by the demo's own consultation, so what is measured is
    // the 200-article draft's fetch and render, then one article's opening.
    await page.goto(`${server.url}/demo/gop-y-du-thao.html`);
    await page.locator('tuongtac-consultation .tt-article-toggle').first().waitFor();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const figures = await page.evaluate(async ({ slug, articles }) => {
      const until = test => new Promise(ok => {
        const check = () => (test() ? ok() : requestAnimationFrame(check));
        check();
      });
      const el = document.createElement('tuongtac-consultation');
      el.setAttribute('agency', 'demo');
      el.setAttribute('consultation', slug);
      const start = performance.now();
      document.body.append(el);
      await until(() => el.shadowRoot?.querySelectorAll('.tt-article-toggle').length === articles);
      const shown = performance.now() - start;
      const toggle = el.shadowRoot.getElementById('tt-article-150-toggle');
      const click = performance.now();
      toggle.click();
      await until(() => el.shadowRoot.getElementById('tt-article-150-body'));
      return { shown, open: performance.now() - click };
    }, { slug: SLUG, articles: ARTICLES });
    rendered.push(figures.shown);
    opened.push(figures.open);
    await page.close();
  }
  console.log(`\nA ${ARTICLES}-article draft in the consultation widget, CPU throttled 4×, 390 px (median of ${RUNS}):`);
  console.log(`  fetched and shown (contents and every article's heading): ${median(rendered).toFixed(0)} ms`);
  console.log(`  article 150 opened (its text, counts and comment button): ${median(opened).toFixed(0)} ms`);
} finally {
  await browser.close();
  await server.stop();
}
