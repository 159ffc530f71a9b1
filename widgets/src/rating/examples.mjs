// The rating widget's named examples: its demo pages (the agency's "Đánh giá" page and its English twin), and
// each state a citizen can bring the full form into. The shared browser contract
// (tests/browser/contract.test.mjs) checks every example from this list. The compact flow at the foot of the
// other demo pages has its own checks in rating.test.mjs.

/** The custom element, and what the contract needs to know of its form. */
export const ELEMENT = 'tuongtac-rating';
export const FORM = {
  /** The submit button's name in each language: seeing it tells the widget's language. */
  submit: { vi: 'Gửi đánh giá', en: 'Send rating' },
  /** Sending the empty form on the first page: each error summary link, and the field it leads to. */
  emptyErrors: [['Chọn mức độ hài lòng cho ít nhất một tiêu chí.', 'tt-interface']],
};

/** What the states need on the server before they run: nothing. */
export async function prepare() { return {}; }

export const PAGES = [
  { name: 'Vietnamese rating page', path: '/demo/danh-gia.html', lang: 'vi' },
  { name: 'English rating page', path: '/demo/rating-en.html', lang: 'en' },
];

/** The five answers of each question, in each language. */
export const LEVELS = {
  vi: ['Rất không hài lòng', 'Không hài lòng', 'Bình thường', 'Hài lòng', 'Rất hài lòng'],
  en: ['Very dissatisfied', 'Dissatisfied', 'Neither satisfied nor dissatisfied', 'Satisfied', 'Very satisfied'],
};
/** The four questions' legends. */
export const CRITERIA = {
  vi: ['Giao diện: dễ tìm, dễ sử dụng', 'Nội dung: đầy đủ, chính xác, cập nhật', 'Chất lượng thông tin và dịch vụ',
    'Sự hỗ trợ: được giúp đỡ, giải đáp khi cần'],
  en: ['Interface: easy to find and to use', 'Content: complete, correct and up to date',
    'Quality of the information and the service', 'Support: help and answers when you need them'],
};

/** Chooses `level` (1–5) for question `index` (0–3), by its label, as a person would with a mouse. */
export async function choose(page, index, level, { en = false } = {}) {
  const lang = en ? 'en' : 'vi';
  const group = page.getByRole('radiogroup', { name: CRITERIA[lang][index] });
  await group.getByLabel(LEVELS[lang][level - 1], { exact: true }).check();
}

const send = (page, en) => page.getByRole('button', { name: en ? 'Send rating' : 'Gửi đánh giá' }).click();

export const STATES = [
  { name: 'empty', async reach() {} },
  {
    name: 'errors',
    async reach(page, { en }) { await send(page, en); await page.locator('tuongtac-rating .tt-error-summary').waitFor(); },
  },
  {
    name: 'sent, with the published results',
    async reach(page, { en }) {
      await choose(page, 0, 4, { en });
      await choose(page, 2, 2, { en });
      await send(page, en);
      await page.locator('tuongtac-rating .tt-chart').first().waitFor();
    },
  },
];
