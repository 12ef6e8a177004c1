import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Indicator } from '../../client/src/api.ts';
import { MESSAGES, pick, t } from '../../client/src/i18n/index.ts';
import { DEFAULT_INDICATOR } from '../../client/src/state.ts';
import { LANGUAGES } from '../../vocabulary/languages.ts';
import { collectErrors, getJson, PAGE_TIMEOUT, queryOf, useBrowser, waitForMap } from '../helpers/browser.ts';

/**
 * The page on a phone (390×844, touch) and on a desktop (1400×900). On the phone the map has the first screen and
 * the controls fold into a drawer behind a button; on the desktop the controls show beside the map. On both, the
 * commune panel's indicator table fits its column in every language, for Briançon.
 */

const harness = useBrowser();
const PHONE = { width: 390, height: 844 };
const BRIANCON = '05023';

let phone: BrowserContext;
let indicators: Indicator[];

beforeAll(async () => {
  indicators = (await getJson<{ indicators: Indicator[] }>(harness.baseUrl, '/api/indicators')).indicators.filter(
    (i) => i.subject === 'commune',
  );
  // A phone's screen in CSS pixels. One device pixel per CSS pixel: WebGL is drawn in software here, and three
  // times the pixels would only slow the first draw down.
  phone = await harness.browser.newContext({
    viewport: PHONE,
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 1,
    locale: 'en-GB',
  });
  phone.setDefaultTimeout(PAGE_TIMEOUT);
});

afterAll(async () => {
  await phone?.close();
});

async function open(context: BrowserContext, query: string): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`${harness.baseUrl}/${query}`);
  expect(await waitForMap(page)).toBe('ready');
  return { page, errors };
}

/** Where keyboard focus is: the focused element's id, or the id of the drawer when it is inside the controls. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const active = document.activeElement;
    return active?.closest('#controls') ? `inside #controls (#${active.id})` : `#${active?.id ?? ''}`;
  });

/**
 * How the commune panel's indicator table sits in its column: the cells whose content is wider than the cell or
 * whose box passes the table's right edge, the words broken inside (drawn on two lines; a break at a hyphen is
 * not one), and whether the table and the panel scroll sideways. The header hidden from sight is left out.
 */
const tableLayout = (page: Page) =>
  page.locator('#commune-panel').evaluate((panel) => {
    const table = panel.querySelector('table.indicators')!;
    const right = table.getBoundingClientRect().right;
    const overflowing: string[] = [];
    const broken: string[] = [];
    for (const cell of table.querySelectorAll('th, td')) {
      const box = cell.getBoundingClientRect();
      if (box.width <= 1) continue;
      if (cell.scrollWidth > cell.clientWidth || box.right > right + 0.5) overflowing.push(cell.textContent!);
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        for (const word of node.data.matchAll(/[^\s-]+/g)) {
          const range = document.createRange();
          range.setStart(node, word.index!);
          range.setEnd(node, word.index! + word[0].length);
          const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          if (lines.size > 1) broken.push(word[0]);
        }
      }
    }
    return {
      rows: table.querySelectorAll('tbody tr').length,
      overflowing,
      broken,
      tableScrolls: table.scrollWidth > table.clientWidth,
      panelScrolls: panel.scrollWidth > panel.clientWidth,
    };
  });

/** Chooses each language in turn and checks the commune panel's table in it; `before` runs first, e.g. to open. */
async function expectTableFitsInEveryLanguage(page: Page, before: () => Promise<void> = async () => {}) {
  for (const lang of [...LANGUAGES.filter((l) => l !== 'en'), 'en' as const]) {
    await before();
    await page.selectOption('#language', lang);
    const firstRow = page.locator('#commune-panel table.indicators tbody th').first();
    await expect.poll(() => firstRow.textContent()).toBe(pick(indicators[0]!.titles, lang));
    expect(await tableLayout(page), lang).toEqual({
      rows: indicators.length,
      overflowing: [],
      broken: [],
      tableScrolls: false,
      panelScrolls: false,
    });
  }
}

describe('on a phone (390×844)', () => {
  let page: Page;
  let errors: string[];
  const toggle = () => page.locator('#drawer-toggle');

  beforeAll(async () => {
    ({ page, errors } = await open(phone, '?lang=en'));
  });

  it('shows the map in the first screen, on at least half of it, and the page does not scroll sideways', async () => {
    const map = (await page.locator('#map').boundingBox())!;
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    expect(map.y).toBeGreaterThanOrEqual(0);
    expect(map.y + map.height).toBeLessThanOrEqual(PHONE.height);
    expect(map.height).toBeGreaterThanOrEqual(PHONE.height / 2);
    expect(map.width).toBe(PHONE.width);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(PHONE.width);
  });

  it('folds the controls into a drawer behind a named button', async () => {
    expect(await page.locator('#controls').isVisible()).toBe(false);
    await expect.poll(() => toggle().getAttribute('aria-expanded')).toBe('false');
    expect(await toggle().getAttribute('aria-controls')).toBe('controls');
    expect(await page.getByRole('button', { name: t('en', 'drawer.toggle'), exact: true }).isVisible()).toBe(true);
  });

  it('opens the drawer with focus on its first control; Escape closes it and focus returns to the button', async () => {
    await toggle().tap();
    expect(await toggle().getAttribute('aria-expanded')).toBe('true');
    expect(await page.locator('#controls').isVisible()).toBe(true);
    expect(await focused(page)).toBe('inside #controls (#language)');
    // It opens over the map, inside the screen.
    const drawer = (await page.locator('#controls').boundingBox())!;
    expect(drawer.x + drawer.width).toBeLessThanOrEqual(PHONE.width);

    await page.keyboard.press('Escape');
    expect(await toggle().getAttribute('aria-expanded')).toBe('false');
    expect(await page.locator('#controls').isVisible()).toBe(false);
    expect(await focused(page)).toBe('#drawer-toggle');

    // From the keyboard, and closed again by the same button.
    await page.keyboard.press('Enter');
    expect(await focused(page)).toBe('inside #controls (#language)');
    await toggle().tap();
    expect(await toggle().getAttribute('aria-expanded')).toBe('false');
    expect(await focused(page)).toBe('#drawer-toggle');
  });

  it('changes the view from a control in the drawer: another indicator, in the URL and the legend', async () => {
    const other = indicators.find((i) => i.id !== DEFAULT_INDICATOR)!;
    await toggle().tap();
    await page.selectOption('#indicator', other.id);
    await expect.poll(() => queryOf(page.url()).indicator).toBe(other.id);
    await expect.poll(() => page.locator('#legend .legend-title').textContent()).toContain(other.titles.en);
    // The drawer stays open for the next change.
    expect(await page.locator('#controls').isVisible()).toBe(true);
    expect(await page.getAttribute('#map-status', 'data-state')).toBe('ready');
  });

  it('names the button in each of the five languages', async () => {
    const names = new Set(LANGUAGES.map((lang) => MESSAGES[lang]['drawer.toggle']));
    expect(names.size).toBe(LANGUAGES.length);
    for (const lang of [...LANGUAGES.filter((l) => l !== 'en'), 'en' as const]) {
      await page.selectOption('#language', lang);
      await expect
        .poll(() => page.getByRole('button', { name: t(lang, 'drawer.toggle'), exact: true }).count())
        .toBe(1);
    }
    expect(errors).toEqual([]);
  });

  it("fits the commune panel's table in its column, in every language", async () => {
    await page.close();
    const briancon = await open(phone, `?lang=en&commune=${BRIANCON}`);
    page = briancon.page;
    await expectTableFitsInEveryLanguage(page, async () => {
      if ((await toggle().getAttribute('aria-expanded')) !== 'true') await toggle().tap();
    });
    expect(briancon.errors).toEqual([]);
  });
});

describe('on a desktop (1400×900)', () => {
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ({ page, errors } = await open(harness.context, `?lang=en&commune=${BRIANCON}`));
  });

  it('shows the controls beside the map, without a drawer', async () => {
    expect(await page.locator('#drawer-toggle').isVisible()).toBe(false);
    const controls = (await page.locator('#controls').boundingBox())!;
    const map = (await page.locator('#map').boundingBox())!;
    expect(await page.locator('#indicator').isVisible()).toBe(true);
    expect(controls.x + controls.width).toBeLessThanOrEqual(map.x);
    expect(map.y + map.height).toBeLessThanOrEqual(900);
  });

  it("fits the commune panel's table in its column, in every language", async () => {
    await expectTableFitsInEveryLanguage(page);
    expect(errors).toEqual([]);
  });
});
