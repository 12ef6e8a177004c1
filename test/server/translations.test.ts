import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { useRealApp } from '../helpers/real-app.ts';

/**
 * Methods, period labels and source titles in the five languages, in the built database and as the API
 * serves them: /api/indicators and /api/sources with every language, /api/indicators/{id} and the OGC
 * collection pages in the language asked for (lang, or Accept-Language).
 */

const real = useRealApp();
const LANGUAGES = ['en', 'fr', 'it', 'de', 'sl'];
const TRANSLATED = LANGUAGES.slice(1);

type Texts = Record<string, string>;
interface Indicator {
  id: string;
  titles: Texts;
  methods: Texts;
  periods: { period: string; labels: Texts }[];
}
interface Source {
  id: string;
  title: string;
  titles: Texts;
  upstreams: { title: string; titles: Texts }[] | null;
}

const get = (url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
  real.app.inject({ url, headers: { host: 'real.atlas.test', ...headers } });

async function getJson<T>(url: string, headers: Record<string, string> = {}): Promise<T> {
  const response = await get(url, headers);
  expect(response.statusCode, `${url}: ${response.body.slice(0, 300)}`).toBe(200);
  return response.json() as T;
}

const column = (sql: string) => real.atlas.db.prepare(sql).pluck().all() as string[];

/** Identifiers, file and field names, versions and quoted source type names: kept as they are in every language. */
const KEPT = new RegExp(
  [
    String.raw`[\w.@-]*[_/@][\w.@/-]*\w`,
    String.raw`turf\.\w+`,
    String.raw`\b\d+\.\d+\.\d+\b`,
    'general-acute-hospital',
    'emergency-antenna',
    "'Centre hospitalier, ex Hôpital local'",
    "'Istituto qualificato'",
  ].join('|'),
  'g',
);
/**
 * The digits of a text, in groups: 6,371.0088 and 6 371,0088 both give 6, 371 and 0088. A date with its month
 * as a number (German "Stand 1.1.2021") gives its day and year, as "1 January 2021" does.
 */
const digits = (text: string) => (text.replace(/\b(\d{1,2})\.\d{1,2}\.(\d{4})\b/g, '$1 $2').match(/\d+/g) ?? []).sort();

/** A text in each language, each translated (not the English copied), keeping numbers and identifiers. */
function expectTranslated(texts: Texts, what: string): void {
  expect(Object.keys(texts).sort(), what).toEqual([...LANGUAGES].sort());
  for (const lang of LANGUAGES) expect(texts[lang]!.trim(), `${what}.${lang}`).not.toBe('');
  for (const lang of TRANSLATED) {
    const text = texts[lang]!;
    // A year is a year in every language.
    if (!/^\d{4}$/.test(texts.en!)) expect(text, `${what}.${lang}`).not.toBe(texts.en);
    expect(digits(text), `${what}.${lang}: the numbers of the English`).toEqual(digits(texts.en!));
    for (const kept of texts.en!.match(KEPT) ?? []) expect(text, `${what}.${lang}`).toContain(kept);
  }
}

describe('texts in five languages', () => {
  it('gives every indicator a method in each language, in the database and in /api/indicators', async () => {
    const stored = column('SELECT methods FROM indicators ORDER BY rowid').map((m) => JSON.parse(m) as Texts);
    const { indicators } = await getJson<{ indicators: Indicator[] }>('/api/indicators');
    expect(indicators.map((i) => i.methods)).toEqual(stored);
    for (const indicator of indicators) expectTranslated(indicator.methods, `${indicator.id}.methods`);
    // The caveats of the English method are in the others too.
    const italian = indicators.find((i) => i.id === 'hospital-distance')!.methods.it!;
    expect(italian).toContain('FR_60000494 Tende');
    expect(italian).toContain('lon 4,19–17,17, lat 42,98–48,82');
  });

  it('gives every period a label in each language', async () => {
    const stored = column('SELECT labels FROM indicator_periods');
    expect(stored.length).toBeGreaterThan(0);
    for (const labels of stored) expectTranslated(JSON.parse(labels), `labels ${labels.slice(0, 60)}`);
    const { indicators } = await getJson<{ indicators: Indicator[] }>('/api/indicators');
    expect(indicators.flatMap((i) => i.periods)).toHaveLength(stored.length);
    for (const indicator of indicators) {
      for (const p of indicator.periods) expectTranslated(p.labels, `${indicator.id} ${p.period}.labels`);
    }
  });

  it('gives every source and upstream dataset a title in each language, the English one also as title', async () => {
    const { sources } = await getJson<{ sources: Source[] }>('/api/sources');
    expect(sources.map((s) => s.id)).toEqual(column('SELECT id FROM sources ORDER BY id'));
    for (const source of sources) {
      expectTranslated(source.titles, `${source.id}.titles`);
      expect(source.title).toBe(source.titles.en);
      for (const upstream of source.upstreams ?? []) {
        expectTranslated(upstream.titles, `${source.id} upstream.titles`);
        expect(upstream.title).toBe(upstream.titles.en);
      }
    }
  });
});

describe("an indicator's values in the language asked for", () => {
  const ITALIAN_LABEL = "Servizi sanitari GISCO 2019/2020, distanza in linea d'aria";

  it('serves the Italian title, method and period label for lang=it', async () => {
    const { indicators } = await getJson<{ indicators: Indicator[] }>('/api/indicators');
    const hospital = indicators.find((i) => i.id === 'hospital-distance')!;
    const response = await get('/api/indicators/hospital-distance?lang=it');
    expect(response.headers['content-language']).toBe('it');
    expect(response.headers.vary).toMatch(/^Accept, Accept-Language\b/);
    const body = response.json();
    expect(body).toMatchObject({ lang: 'it', title: hospital.titles.it, method: hospital.methods.it });
    expect(body.periods).toEqual([{ period: 'gisco-2020', label: ITALIAN_LABEL, referenceDate: '2020' }]);
    expect(hospital.periods[0]!.labels.it).toBe(ITALIAN_LABEL);
    expect(Object.keys(body.values).length).toBeGreaterThan(0);
  });

  it('chooses the language from Accept-Language without lang, and English without either', async () => {
    const french = await getJson<{ lang: string; periods: { label: string }[] }>('/api/indicators/hospital-distance', {
      'accept-language': 'fr-CH, de;q=0.5',
    });
    expect(french.lang).toBe('fr');
    expect(french.periods[0]!.label).toBe("Services de santé GISCO 2019/2020, distance à vol d'oiseau");
    const english = await getJson<{ lang: string; periods: { label: string }[] }>('/api/indicators/hospital-distance');
    expect(english.periods[0]!.label).toBe('GISCO healthcare services 2019/2020, straight-line distance');
    const it = await get('/api/indicators/hospital-distance?lang=it');
    const en = await get('/api/indicators/hospital-distance');
    expect(it.headers.etag).not.toBe(en.headers.etag);
    expect(it.json().values).toEqual(en.json().values);
  });

  it("labels each CSV row's period in the language asked for", async () => {
    const csv = await get('/api/indicators/hospital-distance?f=csv&lang=it');
    const [header, ...rows] = csv.body.trim().split('\r\n');
    expect(header).toBe('commune_code,value,period,source,period_label');
    expect(rows.length).toBeGreaterThan(0);
    const end = `,gisco-2020,gisco-healthcare-2020,"${ITALIAN_LABEL}"`;
    for (const row of rows) expect(row.endsWith(end), row).toBe(true);
  });
});

describe('OGC collection pages in the language asked for', () => {
  it("names the sources of a collection and the licences' datasets in Italian", async () => {
    const { sources } = await getJson<{ sources: Source[] }>('/api/sources');
    const byId = (id: string) => sources.find((s) => s.id === id)!;
    const html = (await get('/ogc/collections/services?f=html&lang=it')).body;
    const escaped = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    expect(html).toContain(
      `/api/sources/gisco-healthcare-2020">${escaped(byId('gisco-healthcare-2020').titles.it!)} (`,
    );
    expect(html).not.toContain(byId('gisco-healthcare-2020').titles.en);
    // The territories come from the sources of six countries under several licences: each licence is linked once,
    // named with the Italian title of the first dataset under it (each upstream of a file that joins several).
    const territories = await getJson<{ links: { rel: string; href: string; title: string }[] }>(
      '/ogc/collections/territories?f=json',
      { 'accept-language': 'it' },
    );
    const described = territories.links
      .filter((l) => l.rel === 'describedby')
      .map((l) => byId(decodeURIComponent(l.href.split('/api/sources/')[1]!)));
    expect(described.map((s) => s.id).sort()).toEqual(
      column("SELECT source_id FROM layer_sources WHERE layer_id = 'territories' ORDER BY source_id"),
    );
    const expected = new Map<string, string>();
    for (const dataset of described.flatMap((s) => s.upstreams ?? [s])) {
      const { licence, titles } = dataset as unknown as { licence: { name: string; url: string }; titles: Texts };
      if (!expected.has(licence.url)) expected.set(licence.url, `${licence.name} (${titles.it})`);
    }
    const licences = territories.links.filter((l) => l.rel === 'license');
    expect(licences.map((l) => [l.href, l.title])).toEqual([...expected]);
    expect(licences.length).toBeGreaterThanOrEqual(4);
    for (const { title } of licences) {
      const english = described.find((s) => title.endsWith(`(${s.titles.it})`))!.titles.en;
      expect(title).not.toContain(english);
    }
  });
});
