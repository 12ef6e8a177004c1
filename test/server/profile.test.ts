import { beforeAll, describe, expect, it } from 'vitest';
import type { CommuneRecord, IndicatorRecord, SourceRecord, ValueRecord } from '../../vocabulary/api-records.ts';
import { useRealApp } from '../helpers/real-app.ts';

/**
 * GET /profile/{code}: every figure of the page checked against the API's own answers (/api/indicators/{id} for
 * each period, /api/communes/{code} for the medians), formatted as a reader of the language writes numbers.
 */
const real = useRealApp();
const NEVACHE = '05093';
let indicators: IndicatorRecord[];
let sources: SourceRecord[];
let commune: CommuneRecord;
let page: string;

const get = (url: string, headers: Record<string, string> = {}) =>
  real.app.inject({ url, headers: { host: 'atlas.test', ...headers } });
const json = async <T>(url: string) => (await get(url)).json() as T;
/** The page's text as a reader sees it: tags dropped, entities decoded, spaces collapsed. */
const textOf = (html: string) =>
  html
    .replace(/<svg.*?<\/svg>/gs, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
    .replace(/\s+/g, ' ');

beforeAll(async () => {
  indicators = (await json<{ indicators: IndicatorRecord[] }>('/api/indicators')).indicators.filter(
    (i) => i.subject === 'commune',
  );
  sources = (await json<{ sources: SourceRecord[] }>('/api/sources')).sources;
  commune = await json<CommuneRecord>(`/api/communes/${NEVACHE}`);
  const response = await get(`/profile/${NEVACHE}?lang=it`);
  expect(response.statusCode).toBe(200);
  page = response.body;
});

describe('GET /profile/{code}', () => {
  it('answers HTML in the language asked for, under the strict CSP, revalidated by ETag', async () => {
    const response = await get(`/profile/${NEVACHE}?lang=it`);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-language']).toBe('it');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page).not.toMatch(/<script|style=/);
    expect(page).toContain('<html lang="it">');
    expect(page).toContain('<title>Névache: profilo del comune</title>');
    const again = await get(`/profile/${NEVACHE}?lang=it`, { 'if-none-match': String(response.headers.etag) });
    expect(again.statusCode).toBe(304);
    const german = await get(`/profile/${NEVACHE}`, { 'accept-language': 'de-CH, en;q=0.5' });
    expect(german.body).toContain('<title>Névache: Gemeindeprofil</title>');
  });

  it('gives every indicator in every period: its value as Italian writes it, or "nessun dato", never 0', async () => {
    const text = textOf(page);
    let shown = 0;
    let missing = 0;
    for (const indicator of indicators) {
      expect(text).toContain(indicator.titles.it);
      const format = new Intl.NumberFormat('it', {
        minimumFractionDigits: indicator.decimals,
        maximumFractionDigits: indicator.decimals,
      });
      for (const { period, labels } of indicator.periods) {
        const answer = await json<{ values: Record<string, ValueRecord> }>(
          `/api/indicators/${indicator.id}?period=${encodeURIComponent(period)}`,
        );
        const value = answer.values[NEVACHE];
        const expected = `${labels.it ?? period}: ${value ? format.format(value.value) : 'nessun dato'}`;
        expect(text, `${indicator.id} ${period}`).toContain(expected);
        if (value) shown++;
        else missing++;
      }
    }
    // The test means something only if the commune has both values and gaps.
    expect(shown).toBeGreaterThan(10);
    expect(missing).toBeGreaterThan(0);
  });

  it("puts each indicator's latest value beside its territory's median, as /api/communes gives the median", () => {
    const rows = page.split('<tr class="indicator">').slice(1);
    expect(rows).toHaveLength(indicators.length);
    for (const [i, indicator] of indicators.entries()) {
      const median = commune.indicators.find((c) => c.id === indicator.id)!.medians['cc-brianconnais'];
      const format = new Intl.NumberFormat('it', {
        minimumFractionDigits: indicator.decimals,
        maximumFractionDigits: indicator.decimals,
      });
      const cells = [...rows[i]!.matchAll(/<td class="number">(.*?)<\/td>/g)].map((m) => textOf(m[1]!).trim());
      expect(cells[1], indicator.id).toBe(
        median === null || median === undefined ? 'nessun dato' : format.format(median),
      );
    }
  });

  it('lists at its foot the source of every value it shows, with its licence', async () => {
    const used = new Set(commune.indicators.flatMap((c) => c.values.map((v) => v.source)));
    const foot = textOf(page.slice(page.indexOf('<footer>')));
    for (const id of used) {
      const source = sources.find((s) => s.id === id)!;
      expect(foot, id).toContain(source.titles.it ?? source.title);
      expect(foot, id).toContain(source.licence.name);
    }
  });

  it('lists the initiatives that cover the commune, as its answer gives them, with their Italian description', () => {
    const section = textOf(page.slice(page.indexOf('<section class="initiatives">'), page.indexOf('</main>')));
    expect(commune.initiatives.map((i) => i.id)).toContain('claree-alert-system');
    for (const initiative of commune.initiatives) {
      expect(section).toContain(initiative.name);
      expect(section).toContain(initiative.descriptions.it!);
    }
  });

  it('links back to the atlas view it came from, and to itself in the other languages', async () => {
    const view = 'lang=it&territory=cc-brianconnais&indicator=area&commune=05093';
    const body = (await get(`/profile/${NEVACHE}?lang=it&view=${encodeURIComponent(view)}`)).body;
    expect(body).toContain(`href="http://atlas.test/?${view.replace(/&/g, '&#38;')}"`);
    for (const lang of ['en', 'fr', 'de', 'sl']) {
      expect(body).toContain(`href="05093?lang=${lang}&#38;view=${encodeURIComponent(view).replace(/&/g, '&#38;')}"`);
    }
  });

  it.each([
    ['/profile/99999', 404],
    ['/profile/05093?lang=xx', 400],
    ['/profile/05093?view=%3Cscript%3E', 400],
    ['/profile/05093?view=a%22onload%3D1', 400],
    ['/profile/05093?colour=red', 400],
    ['/profile/..%2F..%2Fetc', 400],
  ])('refuses %s with %i and a JSON error', async (url, status) => {
    const response = await get(url);
    expect(response.statusCode).toBe(status);
    expect(response.json()).toHaveProperty('code');
  });
});
