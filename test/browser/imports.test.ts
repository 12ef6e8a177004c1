import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../client/src/i18n/en.ts';
import { collectErrors, useBrowser, waitForMap } from '../helpers/browser.ts';
import { ANPR_FILE } from '../helpers/official-files.ts';
import { PROJECT_ROOT } from '../helpers/paths.ts';

const TOKEN = 'workshop-write-token-7c1d93';
const harness = useBrowser({ writeToken: TOKEN });
const EXAMPLE = path.join(PROJECT_ROOT, 'examples/indicator-population-dgcl.csv');
const dir = mkdtempSync(path.join(tmpdir(), 'atlas-upload-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let page: Page;
let errors: string[];

/** The example's rows: commune code → value, as the file gives them. */
const exampleValues = new Map(
  readFileSync(EXAMPLE, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [, code, , value] = line.split(',');
      return [code!, Number(value)];
    }),
);

async function upload(kind: string, file: string, token: string) {
  await page.selectOption('#import-kind', kind);
  await page.setInputFiles('#import-file', file);
  await page.fill('#write-token', token);
  await page.click('#imports button[type=submit]');
  await page.waitForFunction(() => !document.querySelector('#imports button[type=submit]')?.hasAttribute('disabled'));
}
const outcome = () => page.locator('#import-outcome').innerText();

beforeAll(async () => {
  page = await harness.context.newPage();
  errors = collectErrors(page);
  await page.goto(`${harness.baseUrl}/?lang=en&view=table&indicator=population`);
  await waitForMap(page);
  await page.waitForSelector('#imports:not([hidden]) #import-file');
});

describe("importing a planner's file from the page", () => {
  it('starts with no import listed', async () => {
    expect(await page.locator('#imports').innerText()).toContain(en['imports.none']);
  });

  it('refuses a wrong token, saying what the server needs, and stores nothing', async () => {
    await upload('indicator', EXAMPLE, 'not-the-token');
    expect(await page.getAttribute('#import-outcome', 'role')).toBe('alert');
    expect(await outcome()).toMatch(/Authorization: Bearer <token>/);
    expect(await page.locator('#imports').innerText()).toContain(en['imports.none']);
  });

  it('lists every problem of a bad file, each with its line and field', async () => {
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(
      bad,
      'indicator,commune,period,value,source,licence\npopulation,99999,p1,12,Survey,CC BY ' +
        '4.0\npopulation,05023,p1,"1,5",Survey,CC BY 4.0\n',
    );
    await upload('indicator', bad, TOKEN);
    expect(await outcome()).toContain('bad.csv was not imported: 2 problems; nothing was stored');
    const problems = await page.locator('#import-outcome li').allInnerTexts();
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^bad.csv, line 2, field "commune": expected the code of an atlas commune/);
    expect(problems[1]).toMatch(/^bad.csv, line 3, field "value": expected a number with a decimal point, not a comma/);
  });

  it('imports the example file, lists it, and shows its figures as a new period without a reload', async () => {
    await upload('indicator', EXAMPLE, TOKEN);
    expect(await outcome()).toBe('Imported 13 rows from indicator-population-dgcl.csv as import 1.');
    expect(await page.locator('#imports li[data-import="1"]').innerText()).toContain(
      'indicator-population-dgcl.csv: Indicator values (CSV), 13 rows',
    );
    const period = page.locator('#period option', { hasText: '(imported)' });
    expect(await period.count()).toBe(1);
    await page.selectOption('#period', await period.getAttribute('value'));
    await page.waitForFunction(() => new URLSearchParams(location.search).get('period') === 'dgcl-epci-6.0.0');
    await page.waitForSelector('#table-view tbody tr');
    const rows = await page
      .locator('#table-view tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? '')));
    const shown = new Map(rows.map((cells) => [cells.find((c) => /^\d{5}$/.test(c))!, cells]));
    expect(shown.size).toBe(exampleValues.size);
    for (const [code, value] of exampleValues)
      expect(shown.get(code)!.join(' '), code).toContain(value.toLocaleString('en'));
  });

  it('removes the import; its period leaves the page', async () => {
    await page.click('#imports li[data-import="1"] button');
    await page.waitForFunction(() => !document.querySelector('#imports li[data-import="1"]'));
    expect(await outcome()).toBe('Import 1 removed.');
    // The page loads the data again (5,000 communes' properties): that takes more than a poll's default second.
    await expect
      .poll(() => page.locator('#period option', { hasText: '(imported)' }).count(), { timeout: 30_000 })
      .toBe(0);
    // The view named the removed period: it falls back to each commune's latest value.
    expect(new URL(page.url()).searchParams.get('period')).toBeNull();
  });

  it('reads an official file as published: the mirror’s ANPR residents agree, nothing stored', async () => {
    await upload('official', ANPR_FILE, TOKEN);
    expect(await outcome()).toBe(
      `${path.basename(ANPR_FILE)}, read as anpr-residenti: 38 rows, 38 atlas communes (0 other communes skipped); ` +
        '38 values agree with the reference data; nothing new to store.',
    );
    expect(await page.locator('#imports').innerText()).toContain(en['imports.none']);
  });

  it('logged no console error but the refused requests themselves', () => {
    expect(errors.filter((e) => !/status of (400|401)/.test(e))).toEqual([]);
  });
});
