import Database from 'better-sqlite3';
import type { LightMyRequestResponse } from 'fastify';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { openAtlas } from '../../server/atlas-db.ts';
import { parseCsv } from '../../vocabulary/csv.ts';
import { CLIENT_DIR } from '../helpers/paths.ts';
import { useRealApp } from '../helpers/real-app.ts';

/**
 * /api/indicators (definitions, periods, sources), /api/indicators/{id} (values keyed by subject, JSON or
 * CSV) and /api/sources/{id}. Expected values are read from the same database with SQL.
 */

const real = useRealApp();

interface Keyed {
  value: number;
  period: string;
  source: string;
}
interface IndicatorValues {
  id: string;
  subject: string;
  period: string | null;
  lang: string;
  title: string;
  method: string;
  periods: { period: string; label: string; referenceDate: string | null }[];
  units: Record<string, string>;
  sources: string[];
  values: Record<string, Keyed>;
}

function get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return real.app.inject({ url, headers: { host: 'real.atlas.test', ...headers } });
}

async function getJson<T>(url: string): Promise<T> {
  const response = await get(url);
  expect(response.statusCode, `${url}: ${response.body.slice(0, 300)}`).toBe(200);
  expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
  return response.json() as T;
}

const all = <T>(sql: string, ...params: unknown[]) => real.atlas.db.prepare(sql).all(...params) as T[];
const column = <T = string>(sql: string, ...params: unknown[]) =>
  real.atlas.db
    .prepare(sql)
    .pluck()
    .all(...params) as T[];

const LANGUAGES = ['de', 'en', 'fr', 'it', 'sl'];
/** The slots filled only by imports: planners' own figures, or official files as published. */
const IMPORT_ONLY = [
  'seasonal-workers-per-1000',
  'foreign-residents-share',
  'immigrants-share',
  'under-30-share',
  'over-65-share',
];
const SUBJECT_COLUMN: Record<string, string> = { commune: 'commune_code', 'rail-station': 'station_id' };

/**
 * Each subject's value of one period, or its latest value (highest sort_order) when period is null; sorted by subject.
 */
function valuesFromSql(indicatorId: string, period: string | null): [string, Keyed][] {
  const rows = all<{ subject_id: string; value: number; period: string; source_id: string }>(
    `
    SELECT subject_id, value, period, source_id FROM (
      SELECT v.*, row_number() OVER (PARTITION BY v.subject_id ORDER BY p.sort_order DESC) AS rank
      FROM indicator_values v JOIN indicator_periods p ON p.indicator_id = v.indicator_id AND p.period = v.period
      WHERE v.indicator_id = ? AND (? IS NULL OR v.period = ?))
    WHERE rank = 1 ORDER BY subject_id`,
    indicatorId,
    period,
    period,
  );
  return rows.map((r) => [r.subject_id, { value: r.value, period: r.period, source: r.source_id }]);
}

const indicatorIds = () => column('SELECT id FROM indicators ORDER BY rowid');
const periodsOf = (indicatorId: string) =>
  column('SELECT period FROM indicator_periods WHERE indicator_id = ? ORDER BY sort_order', indicatorId);
const texts = (sql: string, ...params: unknown[]) => JSON.parse(column(sql, ...params)[0]!) as Record<string, string>;
/** A period's label in English, quoted as the CSV answer quotes it. */
const csvLabel = (indicatorId: string, period: string) =>
  `"${texts('SELECT labels FROM indicator_periods WHERE indicator_id = ? AND period = ?', indicatorId, period).en}"`;
const csvRows = (indicatorId: string, period: string | null) =>
  valuesFromSql(indicatorId, period).map(
    ([code, v]) => `${code},${v.value},${v.period},${v.source},${csvLabel(indicatorId, v.period)}`,
  );

describe('/api/indicators', () => {
  it('lists every indicator: texts in five languages, decimals, periods and sources', async () => {
    const { indicators } = await getJson<{ indicators: Record<string, unknown>[] }>('/api/indicators');
    const rows = all<Record<string, string | number>>('SELECT * FROM indicators ORDER BY rowid');
    expect(rows.length).toBeGreaterThan(0);
    expect(indicators.map((i) => i.id)).toEqual(rows.map((r) => r.id));
    for (const row of rows) {
      const id = row.id as string;
      const expected = {
        id,
        subject: row.subject,
        titles: JSON.parse(row.titles as string),
        units: JSON.parse(row.units as string),
        descriptions: JSON.parse(row.descriptions as string),
        methods: JSON.parse(row.methods as string),
        decimals: row.decimals,
        importable: row.importable === 1,
        periods: all<{ period: string; labels: string; reference_date: string | null }>(
          'SELECT period, labels, reference_date FROM indicator_periods WHERE indicator_id = ? ORDER BY sort_order',
          id,
        ).map((p) => ({ period: p.period, labels: JSON.parse(p.labels), referenceDate: p.reference_date })),
        sources: column('SELECT source_id FROM indicator_sources WHERE indicator_id = ? ORDER BY source_id', id),
      };
      const actual = indicators.find((i) => i.id === id)!;
      expect(actual, id).toEqual(expected);
      for (const field of ['titles', 'units', 'descriptions', 'methods'] as const) {
        expect(Object.keys(expected[field]).sort(), `${id} ${field}`).toEqual(LANGUAGES);
        expect(
          Object.values(expected[field]).every((text) => typeof text === 'string' && text.length > 0),
          `${id} ${field}`,
        ).toBe(true);
      }
      // Only an indicator filled by planners' imports (their own files, or official files) may have no reference
      // period or source.
      if (!expected.importable || !IMPORT_ONLY.includes(id)) {
        expect(expected.periods.length, id).toBeGreaterThan(0);
        expect(expected.sources.length, id).toBeGreaterThan(0);
      }
    }
  });

  it('lists only sources that /api/sources describes', async () => {
    const { indicators } = await getJson<{ indicators: { sources: string[] }[] }>('/api/indicators');
    const { sources } = await getJson<{ sources: { id: string }[] }>('/api/sources');
    const known = new Set(sources.map((s) => s.id));
    for (const id of indicators.flatMap((i) => i.sources)) expect(known.has(id), id).toBe(true);
  });

  it('refuses query parameters', async () => {
    const response = await get('/api/indicators?lang=fr');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      code: 'InvalidParameterValue',
      description: 'Parameter "lang" is not accepted here; expected no parameters',
    });
  });
});

describe('/api/indicators/{id}', () => {
  it('gives the values of one period keyed by commune code, with value and source, texts in English', async () => {
    const body = await getJson<IndicatorValues>('/api/indicators/population?period=anpr-2026-01');
    const expected = valuesFromSql('population', 'anpr-2026-01');
    expect(expected.length).toBeGreaterThan(0);
    expect(body).toEqual({
      id: 'population',
      subject: 'commune',
      period: 'anpr-2026-01',
      lang: 'en',
      title: 'Population',
      method: texts("SELECT methods FROM indicators WHERE id = 'population'").en,
      periods: [{ period: 'anpr-2026-01', label: 'ANPR registered residents, January 2026', referenceDate: '2026-01' }],
      units: JSON.parse(
        real.atlas.db.prepare("SELECT units FROM indicators WHERE id = 'population'").pluck().get() as string,
      ),
      sources: column("SELECT source_id FROM indicator_sources WHERE indicator_id = 'population' ORDER BY source_id"),
      values: Object.fromEntries(expected),
    });
  });

  it('gives each subject its latest value without a period', async () => {
    for (const id of indicatorIds()) {
      const body = await getJson<IndicatorValues>(`/api/indicators/${id}`);
      expect(body.period, id).toBeNull();
      expect(body.values, id).toEqual(Object.fromEntries(valuesFromSql(id, null)));
    }
  });

  it('gives the values of every period of every indicator', async () => {
    for (const id of indicatorIds()) {
      for (const period of periodsOf(id)) {
        const body = await getJson<IndicatorValues>(`/api/indicators/${id}?period=${encodeURIComponent(period)}`);
        expect(body.period, `${id} ${period}`).toBe(period);
        expect(body.values, `${id} ${period}`).toEqual(Object.fromEntries(valuesFromSql(id, period)));
      }
    }
  });

  it('answers CSV for f=csv: commune_code,value,period,source,period_label, one row per commune', async () => {
    const response = await get('/api/indicators/population?period=anpr-2026-01&f=csv');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = response.body.split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines[0]).toBe('commune_code,value,period,source,period_label');
    expect(lines.slice(1)).toEqual(csvRows('population', 'anpr-2026-01'));
    expect(lines[1]).toMatch(/,"ANPR registered residents, January 2026"$/);
  });

  it('answers the latest values as CSV too, and for Accept: text/csv', async () => {
    const byParameter = await get('/api/indicators/population-density?f=csv');
    const byHeader = await get('/api/indicators/population-density', { accept: 'text/csv' });
    expect(byHeader.statusCode).toBe(200);
    expect(byHeader.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(byHeader.body).toBe(byParameter.body);
    const header = 'commune_code,value,period,source,period_label';
    expect(byParameter.body).toBe([header, ...csvRows('population-density', null), ''].join('\r\n'));
  });

  it('keys rail passengers by station_id', async () => {
    const csv = await get('/api/indicators/rail-passengers?f=csv');
    expect(csv.body.split('\r\n')[0]).toBe('station_id,value,period,source,period_label');
    const body = await getJson<IndicatorValues>('/api/indicators/rail-passengers');
    expect(body.subject).toBe('rail-station');
    const stations = new Set(column('SELECT id FROM rail_stations'));
    expect(Object.keys(body.values).length).toBeGreaterThan(0);
    for (const id of Object.keys(body.values)) expect(stations.has(id), id).toBe(true);
  });

  it("uses the subject column of each indicator's subject in CSV", async () => {
    for (const { id, subject } of all<{ id: string; subject: string }>('SELECT id, subject FROM indicators')) {
      const csv = await get(`/api/indicators/${id}?f=csv`);
      expect(csv.body.split('\r\n')[0], id).toBe(`${SUBJECT_COLUMN[subject]},value,period,source,period_label`);
    }
  });

  it('escapes CSV cells: a period label with a comma and quotes reads back whole', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'atlas-csv-'));
    const dbPath = path.join(dir, 'atlas.sqlite');
    copyFileSync(inject('atlasDb'), dbPath);
    const label = 'ANPR "registered" residents, January 2026';
    const db = new Database(dbPath);
    db.prepare(`UPDATE indicator_periods SET labels = json_set(labels, '$.en', ?)
      WHERE indicator_id = 'population' AND period = 'anpr-2026-01'`).run(label);
    db.close();
    const atlas = openAtlas(dbPath);
    const app = await buildApp({ atlas, clientDir: CLIENT_DIR });
    try {
      const { body } = await app.inject('/api/indicators/population?period=anpr-2026-01&f=csv');
      expect(body.split('\r\n')[1]).toMatch(/,"ANPR ""registered"" residents, January 2026"$/);
      const rows = parseCsv(body, 'population.csv');
      expect(rows.length).toBe(valuesFromSql('population', 'anpr-2026-01').length);
      for (const row of rows) expect(row.values.period_label, `line ${row.line}`).toBe(label);
    } finally {
      await app.close();
      atlas.db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers 404 JSON for an unknown indicator', async () => {
    const response = await get('/api/indicators/unemployment');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.json()).toEqual({
      code: 'NotFound',
      description: 'No indicator "unemployment"; /api/indicators lists them',
    });
  });

  it('answers 400 listing the periods for an unknown or empty period', async () => {
    for (const period of ['1999', '']) {
      const response = await get(`/api/indicators/population?period=${period}`);
      expect(response.statusCode, period).toBe(400);
      expect(response.json(), period).toEqual({
        code: 'InvalidParameterValue',
        description:
          `Parameter "period": expected a period of population: ${periodsOf('population').join(', ')}, ` +
          `got ${JSON.stringify(period)}`,
      });
    }
  });

  it('refuses a period of another indicator', async () => {
    const response = await get('/api/indicators/rail-passengers?period=anpr-2026-01');
    expect(response.statusCode).toBe(400);
    expect(response.json().description).toContain(periodsOf('rail-passengers').join(', '));
  });

  it('refuses unknown parameters and formats', async () => {
    for (const query of ['f=html', 'f=xml', 'lang=es', 'period=anpr-2026-01&period=istat-2011']) {
      const response = await get(`/api/indicators/population?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().code, query).toBe('InvalidParameterValue');
    }
    const png = await get('/api/indicators/population', { accept: 'image/png' });
    expect(png.statusCode).toBe(406);
    expect(png.json().code).toBe('NotAcceptable');
  });

  it('has a weak ETag per indicator, period and format, and answers 304 to it', async () => {
    const etags = new Set<string>();
    for (const url of [
      '/api/indicators/population',
      '/api/indicators/population?period=istat-2011',
      '/api/indicators/population?f=csv',
      '/api/indicators/area',
    ]) {
      const response = await get(url);
      const etag = response.headers.etag as string;
      expect(etag, url).toMatch(/^W\/"[^"]+"$/);
      expect(response.headers['cache-control'], url).toBe('public, no-cache');
      etags.add(etag);
      const again = await get(url, { 'if-none-match': etag });
      expect(again.statusCode, url).toBe(304);
      expect(again.body, url).toBe('');
    }
    expect(etags.size).toBe(4);
  });
});

describe('/api/sources/{id}', () => {
  it('answers each source with the same record as /api/sources', async () => {
    const { sources } = await getJson<{ sources: { id: string }[] }>('/api/sources');
    expect(sources.map((s) => s.id)).toEqual(column('SELECT id FROM sources ORDER BY id'));
    for (const source of sources) {
      expect(await getJson(`/api/sources/${encodeURIComponent(source.id)}`), source.id).toEqual(source);
    }
  });

  it('gives the publisher, licence and vintage of the database', async () => {
    const row = real.atlas.db.prepare("SELECT * FROM sources WHERE id = 'istat-census-2011'").get() as Record<
      string,
      string | null
    >;
    const source = await getJson<Record<string, unknown>>('/api/sources/istat-census-2011');
    expect(source).toMatchObject({
      id: row.id,
      title: JSON.parse(row.titles!).en,
      titles: JSON.parse(row.titles!),
      publisher: row.publisher,
      url: row.url,
      vintage: row.vintage,
      licence: { name: row.licence_name, url: row.licence_url },
      sha256: row.sha256,
      derivation: row.derivation,
    });
  });

  it('answers 304 to its ETag', async () => {
    const first = await get('/api/sources/istat-census-2011');
    expect(first.headers.etag).toBe(`W/"${real.atlas.buildId}-source-istat-census-2011"`);
    expect(first.headers['cache-control']).toBe('public, no-cache');
    const again = await get('/api/sources/istat-census-2011', { 'if-none-match': first.headers.etag as string });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('answers 404 JSON for an unknown source', async () => {
    const response = await get('/api/sources/no-such-source');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.json()).toEqual({
      code: 'NotFound',
      description: 'No source "no-such-source"; /api/sources lists them',
    });
  });
});
