// The ask widget's named examples: each demo page, and each state a citizen can bring the widget into.
// The shared browser contract (tests/browser/contract.test.mjs) checks every example from this one list, and
// the demo pages are these pages.

/** Fills the form with a valid question, the way a person would, by label. */
export async function fillValidQuestion(page, { en = false, title = 'Thủ tục cấp giấy phép hoạt động in' } = {}) {
  await page.getByLabel(en ? 'Title' : 'Tiêu đề').fill(title);
  await page.getByLabel(en ? 'Your question' : 'Nội dung câu hỏi')
    .fill('Xin hỏi hồ sơ đề nghị cấp giấy phép gồm những giấy tờ gì, nộp ở đâu và mất bao lâu?');
  await page.getByLabel(en ? 'Topic' : 'Lĩnh vực').selectOption('giay-phep');
}

const submit = (page, en) => page.getByRole('button', { name: en ? 'Send question' : 'Gửi câu hỏi' }).click();

/** The custom element, and what the contract needs to know of its form. */
export const ELEMENT = 'tuongtac-ask';
export const FORM = {
  /** The submit button's name in each language: seeing it tells the widget's language. */
  submit: { vi: 'Gửi câu hỏi', en: 'Send question' },
  /** Sending the empty form on the first page: each error summary link, and the field it leads to. */
  emptyErrors: [
    ['Nhập tiêu đề câu hỏi.', 'tt-title'], ['Nhập nội dung câu hỏi.', 'tt-body'],
    ['Chọn lĩnh vực của câu hỏi.', 'tt-topic'],
  ],
};

/** What the states need on the server before they run: nothing. */
export async function prepare() { return {}; }

export const PAGES = [
  { name: 'Vietnamese portal', path: '/demo/', lang: 'vi' },
  { name: 'English portal', path: '/demo/en.html', lang: 'en' },
  { name: 'restyled by CSS variables', path: '/demo/themed.html', lang: 'vi' },
];

export const STATES = [
  { name: 'empty', async reach() {} },
  { name: 'errors', async reach(page, { en }) { await submit(page, en); await page.locator('tuongtac-ask .tt-error-summary').waitFor(); } },
  {
    name: 'errors with contact data',
    async reach(page, { en }) {
      await page.getByLabel('Email').fill('not-an-email');
      await page.getByLabel(en ? 'Phone number' : 'Số điện thoại').fill('123');
      await submit(page, en);
      await page.locator('tuongtac-ask .tt-error-summary').waitFor();
    },
  },
  {
    name: 'success',
    async reach(page, { en }) {
      await fillValidQuestion(page, { en });
      await submit(page, en);
      await page.locator('tuongtac-ask .tt-confirmation').waitFor();
    },
  },
];
