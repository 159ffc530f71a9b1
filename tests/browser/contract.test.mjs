// What every widget promises, checked over every widget's named examples (each widget folder's examples.mjs:
// its pages and its states): no axe-core violation and no page error in any state, reflow at 320 px with text
// at 200 % and WCAG text spacing in any state, a keyboard path through the whole form with a visible focus
// ring, the error summary, the language switch, forced colours, and the hostile portal's CSS (demo/portal.css).
// A widget's own test file keeps only what is its own.
//
// examples.mjs exports ELEMENT (the tag), PAGES ({ name, path, lang }), STATES ({ name, reach(page, context),
// ownServer? }), prepare(server) (what the states need on the server, spread into their context with `en` and
// `server`) and, for a widget with a form, FORM: its submit button's name in vi and en and the error summary's
// links for the empty form on the first page. The checks of a form are skipped for a widget without one.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  announced, assertAccessible, focused, launchBrowser, newPage, openWidget, overflowing, overrideTextSpacing,
  startPortal, startServer, tabUntil, widgetExamples,
} from './harness.mjs';

const WIDGETS = await widgetExamples();
let server, browser, portal;
const prepared = {};
before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  portal = await startPortal(server);
  for (const widget of WIDGETS) prepared[widget.name] = await widget.prepare(server);
});
after(async () => { await browser?.close(); await server?.stop(); await portal?.close(); });

/** Ways a host page keeps a widget out of sight when it connects, and shows it later as a person asks. */
const HIDDEN = [
  { name: 'a hidden block shown', wrap: el => `<div id="box" hidden>${el}</div>`,
    show: page => page.evaluate(() => { document.getElementById('box').hidden = false; }) },
  { name: 'a display: none tab shown', wrap: el => `<div id="box" style="display:none">${el}</div>`,
    show: page => page.evaluate(() => { document.getElementById('box').style.display = 'block'; }) },
  { name: 'a closed <details> opened', wrap: el => `<details id="box"><summary>Hỏi đáp</summary>${el}</details>`,
    show: page => page.getByText('Hỏi đáp', { exact: true }).click() },
  { name: 'a <dialog> opened with showModal()', wrap: el => `<dialog id="box">${el}</dialog>`,
    show: page => page.evaluate(() => document.getElementById('box').showModal()) },
];

/** Opens `example` (a page), brings the widget into `state`, runs `check(page)` and checks that the page threw
 * no error. A state that locks the test client out (`ownServer`) gets a server of its own. */
async function inState(widget, example, state, check, { viewport } = {}) {
  const ready = widget.FORM ? 'form' : '[part=base]';
  const own = state.ownServer ? await startServer() : null;
  try {
    const page = await openWidget(browser, own ?? server, example.path, { selector: widget.ELEMENT, ready, viewport });
    await state.reach(page, { en: example.lang === 'en', server: own ?? server, ...prepared[widget.name] });
    await check(page);
    assert.deepEqual(page.errors, []);
    await page.close();
  } finally {
    await own?.stop();
  }
}

for (const widget of WIDGETS) {
  const { ELEMENT, FORM, PAGES, STATES } = widget;
  const first = PAGES[0];
  const ready = FORM ? 'form' : '[part=base]';
  const noForm = { skip: !FORM && 'the widget has no form' };
  const open = (options = {}) => openWidget(browser, server, first.path, { selector: ELEMENT, ready, ...options });
  const inWidget = (page, selector) => page.locator(`${ELEMENT} ${selector}`);

  describe(`<${ELEMENT}>`, () => {
    describe('axe-core finds no violations, and the page throws no error', () => {
      for (const example of PAGES) {
        for (const state of STATES) {
          test(`${example.name}, ${state.name}`, () => inState(widget, example, state,
            page => assertAccessible(page, `${example.name} (${state.name})`)));
        }
      }
    });

    const reflow = 'at 320 px wide with text at 200 %, nothing sticks out or scrolls sideways, also with text spacing';
    describe(reflow, () => {
      for (const example of PAGES) {
        for (const state of STATES) {
          test(`${example.name}, ${state.name}`, () => inState(widget, example, state, async page => {
            await page.locator(ELEMENT).evaluate(el => el.style.setProperty('--tuongtac-font-size', '32px'));
            assert.deepEqual(await overflowing(page, ELEMENT), [], state.name);
            await overrideTextSpacing(page, ELEMENT);
            assert.deepEqual(await overflowing(page, ELEMENT), [], `${state.name} with text spacing`);
          }, { viewport: { width: 320, height: 640 } }));
        }
      }
    });

    describe('connected while hidden, then shown: the first click and the first key press are taken', () => {
      // The element as the widget's first demo page writes it, in a host page that hides it at first, below
      // enough text that the page scrolls to reach it.
      const element = async () => {
        const page = await open();
        const html = await page.locator(ELEMENT).first().evaluate(el => `<${el.localName}${[...el.attributes]
          .map(a => ` ${a.name}="${a.value.replace(/"/g, '&quot;')}"`).join('')}></${el.localName}>`);
        await page.close();
        return html;
      };
      const button = FORM ? FORM.submit.vi : widget.FIRST_BUTTON;
      const filler = '<h1>Cổng thông tin</h1>' + '<p>Nội dung trang của cơ quan.</p>'.repeat(30);
      for (const hidden of HIDDEN) {
        test(hidden.name, async () => {
          const page = await newPage(browser);
          await page.goto(`${portal.origin}/trang?body=${encodeURIComponent(filler + hidden.wrap(await element()))}`);
          // The widget has drawn while hidden.
          await page.waitForFunction(name => document.querySelector(name)?.shadowRoot?.querySelector('[part=base] button'), ELEMENT);
          await hidden.show(page);
          await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
          await page.locator(ELEMENT).evaluate(host => {
            window.clicked = [];
            host.shadowRoot.addEventListener('click', e => window.clicked.push(e.composedPath()[0].textContent.trim()), true);
          });
          const target = page.locator(ELEMENT).getByRole('button', { name: button, exact: true }).first();
          await target.click();
          assert.deepEqual(await page.evaluate(() => window.clicked), [button], 'the first click reached the button');
          if (FORM) {
            await inWidget(page, '.tt-error-summary').waitFor({ timeout: 5_000 });
            // The first key press: a fresh page, the button reached by keyboard, Enter.
            await page.goto(`${portal.origin}/trang?body=${encodeURIComponent(filler + hidden.wrap(await element()))}`);
            await page.waitForFunction(name => document.querySelector(name)?.shadowRoot?.querySelector('[part=base] button'), ELEMENT);
            await hidden.show(page);
            await page.locator(ELEMENT).getByRole('button', { name: button, exact: true }).first().focus();
            await page.keyboard.press('Enter');
            await inWidget(page, '.tt-error-summary').waitFor({ timeout: 5_000 });
          }
          assert.deepEqual(page.errors, []);
          await page.close();
        });
      }
    });

    test('keyboard only: Tab reaches every control in order, each with a visible focus ring', async () => {
      const page = await open();
      // Controls that depend on the agency's data (the ask widget's topics) appear once it has arrived.
      await page.waitForLoadState('networkidle');
      // A group of radios is one stop of the Tab key, on its first radio while none is chosen (the arrow keys
      // move within it), as browsers do for native radios.
      const controls = await page.locator(ELEMENT).evaluate(host => [...host.shadowRoot.querySelectorAll(
        'input:not([tabindex="-1"]), select, textarea, button, a[href]')]
        .filter((el, i, all) => el.type !== 'radio' || all.findIndex(other => other.name === el.name) === i)
        .map(el => el.id || el.textContent.trim()));
      const reached = [];
      // The page's own links come first, then the widget's controls: a long draft's contents and articles are many.
      for (let i = 0; i < 80 + controls.length && reached.length <= controls.length; i++) {
        await page.keyboard.press('Tab');
        const now = await page.evaluate(element => {
          if (document.activeElement?.localName !== element) return null;
          const el = document.activeElement.shadowRoot.activeElement;
          const style = getComputedStyle(el);
          return { name: el.id || el.textContent.trim(), ring: `${style.outlineStyle} ${style.outlineWidth}` };
        }, ELEMENT);
        if (!now && reached.length) break;
        if (now) {
          reached.push(now.name);
          assert.equal(now.ring, 'solid 3px', `${now.name} shows where focus is`);
        }
      }
      assert.deepEqual(reached, controls);
    });

    test('an empty form lands on the focused error summary, whose links move focus to the fields', noForm, async () => {
      const page = await open();
      // The consultation's lookup form comes after its draft's links, which may be a hundred stops.
      await tabUntil(page, el => el.tag === 'button' && el.text === FORM.submit.vi, 200);
      await page.keyboard.press('Enter');
      await inWidget(page, '.tt-error-summary').waitFor();
      assert.match((await focused(page)).className, /tt-error-summary/, 'the summary takes focus');
      const links = await inWidget(page, '.tt-error-summary a').allTextContents();
      assert.deepEqual(links, FORM.emptyErrors.map(([link]) => link));
      assert.equal(await announced(page, 'Biểu mẫu có lỗi cần sửa.'), 'Biểu mẫu có lỗi cần sửa.');
      // Each error is also shown next to its field, tied to it for screen readers; for a group of radios, to
      // the group (its fieldset), which is what is invalid.
      for (const [link, id] of FORM.emptyErrors) {
        const control = inWidget(page, `#${id}`);
        const isRadio = await control.getAttribute('type') === 'radio';
        const field = isRadio ? inWidget(page, `fieldset:has(#${id})`) : control;
        assert.equal(await field.getAttribute('aria-invalid'), 'true', id);
        assert.match(await field.getAttribute('aria-describedby'), new RegExp(`${id}-error`));
        assert.equal(await inWidget(page, `#${id}-error`).textContent(), `Lỗi: ${link}`);
      }
      for (const [link, id] of [...FORM.emptyErrors].reverse()) {
        await inWidget(page, '.tt-error-summary').focus();
        await tabUntil(page, el => el.tag === 'a' && el.text === link);
        await page.keyboard.press('Enter');
        assert.equal((await focused(page)).id, id, `the link "${link}" moves focus to its field`);
      }
    });

    test('languages: Vietnamese by default, English with lang="en" and back, following changes', noForm, async () => {
      const page = await open();
      const base = inWidget(page, '[part=base]');
      const submit = lang => page.getByRole('button', { name: FORM.submit[lang], exact: true });
      assert.equal(await base.getAttribute('lang'), 'vi');
      assert.equal(await inWidget(page, 'button[type=submit]').textContent(), FORM.submit.vi);
      await page.locator(ELEMENT).evaluate(el => el.setAttribute('lang', 'en'));
      await submit('en').waitFor();
      assert.equal(await base.getAttribute('lang'), 'en');
      await page.locator(ELEMENT).evaluate(el => el.setAttribute('lang', 'vi'));
      await submit('vi').waitFor();
      assert.equal(await base.getAttribute('lang'), 'vi');
    });

    test('in forced colours, fields keep their borders and the focus ring stays an outline', noForm, async () => {
      const page = await open();
      await page.emulateMedia({ forcedColors: 'active' });
      const border = await inWidget(page, '.tt-input').first().evaluate(el => {
        const style = getComputedStyle(el);
        return `${style.borderInlineStartStyle} ${style.borderInlineStartWidth}`;
      });
      assert.equal(border, 'solid 2px');
      await inWidget(page, '.tt-input').last().focus();
      await tabUntil(page, el => el.tag === 'button' && el.text === FORM.submit.vi);
      const ring = await inWidget(page, 'button[type=submit]').evaluate(el => {
        const style = getComputedStyle(el);
        return `${style.outlineStyle} ${style.outlineWidth} ${style.outlineOffset}`;
      });
      assert.equal(ring, 'solid 3px 2px', 'the outline survives where box shadows are dropped');
    });

    describe('a hostile host page cannot restyle the widget', () => {
      const label = page => inWidget(page, 'label').first().evaluate(el => {
        const s = getComputedStyle(el);
        return { font: s.fontFamily, color: s.color, transform: s.textTransform, spacing: s.letterSpacing,
          size: s.fontSize, display: s.display };
      });

      test('labels keep the widget font and colour on the hostile portal', async () => {
        const style = await label(await open());
        assert.match(style.font, /system-ui/);
        assert.equal(style.color, 'rgb(29, 31, 35)');
        assert.equal(style.transform, 'none');
        assert.equal(style.spacing, 'normal');
        assert.equal(style.display, 'block');
        assert.equal(style.size, '16px', 'html { font-size: 62.5% } does not shrink the widget');
      });

      test("text follows the reader's default font size, although the portal shrinks its root font", async () => {
        const page = await newPage(browser);
        const cdp = await page.context().newCDPSession(page);
        await cdp.send('Page.setFontSizes', { fontSizes: { standard: 24, fixed: 24 } });
        await page.goto(server.url + first.path);
        await inWidget(page, ready).waitFor();
        assert.equal((await label(page)).size, '24px', 'html { font-size: 62.5% } makes 1rem only 15px here');
      });
    });
  });
}
