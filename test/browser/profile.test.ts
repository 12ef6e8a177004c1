import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndicatorRecord } from '../../vocabulary/api-records.ts';
import { collectErrors, getJson, useBrowser, waitForMap } from '../helpers/browser.ts';

/**
 * A planner opens Névache's profile in Italian from the dashboard and prints it: Chromium prints it to PDF,
 * and poppler's pdfinfo and pdftotext (Debian's poppler-utils) read the pages back.
 */
const harness = useBrowser();
const dir = mkdtempSync(path.join(tmpdir(), 'atlas-profile-'));
let page: Page;
let errors: string[];
let indicators: IndicatorRecord[];

afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  indicators = (await getJson<{ indicators: IndicatorRecord[] }>(harness.baseUrl, '/api/indicators')).indicators;
  page = await harness.context.newPage();
  errors = collectErrors(page);
});

/** Prints the page to an A4 PDF as the browser's print dialog would, and reads its page count and text. */
async function printed(name: string): Promise<{ pages: number; text: string }> {
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, await page.pdf({ format: 'A4', preferCSSPageSize: true }));
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  return { pages: Number(/^Pages:\s+(\d+)$/m.exec(info)![1]), text: text.replace(/\s+/g, ' ') };
}

describe("a commune's printable profile", () => {
  it("opens from the commune panel, in the dashboard's language, carrying the view back", async () => {
    const view = 'lang=it&territory=cc-brianconnais&indicator=area&commune=05093';
    await page.goto(`${harness.baseUrl}/?${view}`);
    await waitForMap(page);
    const link = page.locator('#commune-panel a.profile-link');
    await expect.poll(() => link.textContent()).toBe('Profilo stampabile');
    await link.click();
    await expect.poll(() => page.title()).toBe('Névache: profilo del comune');
    const url = new URL(page.url());
    expect(url.pathname).toBe('/profile/05093');
    expect(url.searchParams.get('lang')).toBe('it');
    expect(new URLSearchParams(url.searchParams.get('view')!).get('indicator')).toBe('area');
    const back = page.locator('a', { hasText: "Apri la vista dell'atlante" });
    expect(new URL((await back.getAttribute('href'))!).search).toContain('indicator=area');
  });

  it('prints to A4: every section, every indicator and the sources; the links and language menu left out', async () => {
    const { pages, text } = await printed('nevache-it');
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(pages).toBeLessThanOrEqual(6);
    for (const heading of ['Névache', 'Identità', 'Indicatori', 'Flussi in entrata e in uscita', 'Fonti']) {
      expect(text).toContain(heading);
    }
    for (const indicator of indicators.filter((i) => i.subject === 'commune')) {
      // Every word of the title: pdftotext reads a table's cells line by line, interleaving long ones.
      const words = new Set(text.split(' '));
      for (const word of indicator.titles.it!.split(' '))
        expect(words.has(word), `${indicator.id}: ${word}`).toBe(true);
    }
    expect(text).toContain('nessun dato');
    expect(text).not.toContain('Altre lingue');
    expect(errors).toEqual([]);
  });

  it("is reached from the table too, for each commune, and names Briançon's figures", async () => {
    await page.goto(`${harness.baseUrl}/?lang=en&view=table`);
    await waitForMap(page);
    const link = page.locator('#table-view a[aria-label="Profile of Briançon"]');
    await link.click();
    await expect.poll(() => page.title()).toBe('Briançon: commune profile');
    const { pages, text } = await printed('briancon-en');
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(text).toContain('Services and stations within 25 km');
    expect(text).toContain('Flows in and out');
    expect(errors).toEqual([]);
  });

  it('requested nothing outside its own origin', () => {
    const outside = harness.requests.filter(
      (url) => !url.startsWith(`${harness.baseUrl}/`) && !url.startsWith('data:') && !url.startsWith('blob:'),
    );
    expect(outside).toEqual([]);
  });
});
