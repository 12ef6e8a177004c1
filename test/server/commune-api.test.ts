import { isDeepStrictEqual } from 'node:util';
import type { Statement } from 'better-sqlite3';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CommuneRecord, IndicatorRecord, ValueRecord } from '../../vocabulary/api-records.ts';
import { roundTo } from '../../vocabulary/rounding.ts';
import { useRealApp } from '../helpers/real-app.ts';

/**
 * /api/communes/{code}: a commune's values of every commune indicator and period, and the medians of its
 * territories, checked against the values /api/indicators/{id} serves; names and territory members are read
 * from the database with SQL.
 */

const real = useRealApp();
const NEVACHE = '05093';
/** What the API says a commune id is, in a refusal. */
const EXPECTED_ID =
  'a commune id: INSEE (5 characters) or ISTAT (6 digits) code, or a national code prefixed by its country (AT-70101)';

function get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return real.app.inject({ url, headers: { host: 'real.atlas.test', ...headers } });
}

async function getJson<T>(url: string): Promise<T> {
  const response = await get(url);
  expect(response.statusCode, `${url}: ${response.body.slice(0, 300)}`).toBe(200);
  expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
  return response.json() as T;
}

/** Statements prepared once: the same few queries run for each of 5,276 communes. */
const statements = new Map<string, Statement>();
function prepared(sql: string): Statement {
  if (!statements.has(sql)) statements.set(sql, real.atlas.db.prepare(sql));
  return statements.get(sql)!;
}
const column = (sql: string, ...params: unknown[]) =>
  prepared(sql)
    .pluck()
    .all(...params) as string[];

let indicators: IndicatorRecord[];
/** indicator → period ('' for each commune's latest) → commune → value, as /api/indicators/{id} serves them */
const served = new Map<string, Map<string, Record<string, ValueRecord>>>();

beforeAll(async () => {
  const all = (await getJson<{ indicators: IndicatorRecord[] }>('/api/indicators')).indicators;
  indicators = all.filter((i) => i.subject === 'commune');
  for (const indicator of indicators) {
    const byPeriod = new Map<string, Record<string, ValueRecord>>();
    for (const period of ['', ...indicator.periods.map((p) => p.period)]) {
      const query = period === '' ? '' : `?period=${encodeURIComponent(period)}`;
      const answer = await getJson<{ values: Record<string, ValueRecord> }>(`/api/indicators/${indicator.id}${query}`);
      byPeriod.set(period, answer.values);
    }
    served.set(indicator.id, byPeriod);
  }
});

const medians = new Map<string, number | null>();
/**
 * The median of the territory's latest values, as a person computes it, at the indicator's decimals; once per
 * indicator and territory (the perimeter's has 5,276 members).
 */
function expectedMedian(indicator: IndicatorRecord, territory: string): number | null {
  const key = `${indicator.id} ${territory}`;
  if (medians.has(key)) return medians.get(key)!;
  const latest = served.get(indicator.id)!.get('')!;
  const members = column('SELECT commune_code FROM territory_communes WHERE territory_id = ?', territory);
  const sorted = members.flatMap((code) => (latest[code] ? [latest[code].value] : [])).sort((a, b) => a - b);
  const half = sorted.length / 2;
  const median =
    sorted.length === 0
      ? null
      : roundTo(
          Number.isInteger(half) ? (sorted[half - 1]! + sorted[half]!) / 2 : sorted[Math.floor(half)]!,
          indicator.decimals,
        );
  medians.set(key, median);
  return median;
}

/** The answer /api/communes/{code} must give, made from /api/indicators/{id} and the database. */
function expectedAnswer(code: string): CommuneRecord {
  const territories = column('SELECT territory_id FROM territory_communes WHERE commune_code = ?', code);
  return {
    code,
    name: column('SELECT name FROM communes WHERE code = ?', code)[0]!,
    indicators: indicators.map((indicator) => ({
      id: indicator.id,
      values: indicator.periods.flatMap(({ period }) => served.get(indicator.id)!.get(period)![code] ?? []),
      medians: Object.fromEntries(territories.map((t) => [t, expectedMedian(indicator, t)])),
    })),
    initiatives: expectedInitiatives(code),
  };
}

/** The curated initiatives whose coverage includes the commune, from the initiatives table, in id order. */
function expectedInitiatives(code: string): CommuneRecord['initiatives'] {
  const rows =
    prepared(`SELECT i.* FROM initiatives i WHERE EXISTS (SELECT 1 FROM json_each(i.communes) c WHERE c.value = ?)
      ORDER BY i.id`).all(code) as Record<string, string | null>[];
  return rows.map((r) => ({
    id: r.id!,
    name: r.name!,
    programme: r.programme!,
    project: r.project ?? null,
    kind: r.kind as CommuneRecord['initiatives'][number]['kind'],
    lead: r.lead ?? null,
    descriptions: JSON.parse(r.descriptions!),
    source: r.source_id!,
  }));
}

describe('/api/communes/{code}', () => {
  it('answers Névache whole: each period with a value of every indicator, and its territory’s median', async () => {
    const body = await getJson<CommuneRecord>(`/api/communes/${NEVACHE}`);
    expect(body).toEqual(expectedAnswer(NEVACHE));
    expect(body.name).toBe('Névache');
    expect(body.indicators.map((i) => i.id)).toEqual(indicators.map((i) => i.id));
    const population = body.indicators.find((i) => i.id === 'population')!;
    // A French commune: the INSEE releases, oldest first; no ISTAT or ANPR period.
    expect(population.values.map((v) => v.period)).toEqual([
      'insee-etalab-3.1.1',
      'insee-etalab-4.1.0',
      'insee-etalab-5.3.0',
      'insee-etalab-6.0.0',
    ]);
    // Its EPCI's median, and those of the Alpine Convention perimeter and of its French part.
    const territories = column(
      'SELECT territory_id FROM territory_communes WHERE commune_code = ? ORDER BY 1',
      NEVACHE,
    );
    expect(territories).toEqual(['alpine-convention', 'alpine-convention-fr', 'cc-brianconnais']);
    expect(Object.keys(population.medians)).toEqual(territories);
    for (const territory of territories) expect(population.medians[territory], territory).toBeGreaterThan(0);
    // The last value is the commune's latest, as /api/indicators/{id} gives it without a period.
    for (const indicator of body.indicators) {
      expect(indicator.values.at(-1), indicator.id).toEqual(served.get(indicator.id)!.get('')![NEVACHE]);
    }
  });

  it('answers Gaschurn, an Austrian pilot, with no population (no source covers Austria) but its area', async () => {
    const body = await getJson<CommuneRecord>('/api/communes/AT-80110');
    expect(body).toEqual(expectedAnswer('AT-80110'));
    expect(body.name).toBe('Gaschurn');
    const values = (id: string) => body.indicators.find((i) => i.id === id)!.values;
    expect(values('population')).toEqual([]);
    expect(values('population-density')).toEqual([]);
    expect(values('area').map((v) => v.period)).toEqual(['statistik-austria-2021']);
    const area = body.indicators.find((i) => i.id === 'area')!;
    expect(Object.keys(area.medians)).toEqual(['alpine-convention', 'alpine-convention-at', 'pluralps-gaschurn']);
  });

  it('answers every commune of the Alps, of each country, as /api/indicators serves its values', async () => {
    const codes = column('SELECT code FROM communes ORDER BY code');
    expect(codes).toHaveLength(5276);
    const wrong: string[] = [];
    for (const code of codes) {
      const response = await get(`/api/communes/${code}`);
      if (response.statusCode !== 200) wrong.push(`${code}: ${response.statusCode}`);
      else if (!isDeepStrictEqual(response.json(), expectedAnswer(code))) wrong.push(code);
    }
    // The first commune answered otherwise, in full, then the list of them.
    const first = wrong.find((w) => !w.includes(':'));
    if (first) expect(await getJson<CommuneRecord>(`/api/communes/${first}`), first).toEqual(expectedAnswer(first));
    expect(wrong).toEqual([]);
  });

  it('has a weak ETag of the data release, is revalidated before each use, and answers 304 to its ETag', async () => {
    const first = await get(`/api/communes/${NEVACHE}`);
    expect(first.headers.etag).toBe(`W/"${real.atlas.buildId}-commune-${NEVACHE}"`);
    expect(first.headers['cache-control']).toBe('public, no-cache');
    const again = await get(`/api/communes/${NEVACHE}`, { 'if-none-match': first.headers.etag as string });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const other = await get('/api/communes/001022');
    expect(other.headers.etag).not.toBe(first.headers.etag);
  });

  it('is sent compressed to a client that accepts it, the same JSON', async () => {
    const plain = await get(`/api/communes/${NEVACHE}`);
    const compressed = await get(`/api/communes/${NEVACHE}`, { 'accept-encoding': 'br, gzip' });
    expect(compressed.headers['content-encoding']).toBe('br');
    expect(compressed.headers.vary).toBe('Accept-Encoding');
    expect(compressed.rawPayload.length).toBeLessThan(plain.rawPayload.length);
  });

  it('answers 404 JSON for a well-formed code no commune has', async () => {
    // 80110 is Austrian without its country: it reads as a French code, which no commune of the atlas has.
    for (const code of ['99999', '001999', '2A004', '80110', 'AT-99999', 'CH-9999', 'DE-09999999', 'SI-999']) {
      const response = await get(`/api/communes/${code}`);
      expect(response.statusCode, code).toBe(404);
      const description = `No commune "${code}"; /ogc/collections/communes/items lists them`;
      expect(response.json()).toEqual({ code: 'NotFound', description });
    }
  });

  it('refuses a malformed code and any query parameter with 400 JSON naming them', async () => {
    const malformed = ['0509', '0509300', 'abc', '05-93', '05093%20'];
    // A national code without its country, with another country's, or with too many digits.
    malformed.push('at-80110', 'FR-05093', 'AT-8011', 'CH-12345', 'DE-08111000', 'SI-1234');
    for (const code of malformed) {
      const response = await get(`/api/communes/${code}`);
      expect(response.statusCode, code).toBe(400);
      const body = response.json() as { code: string; description: string };
      expect(body.code, code).toBe('InvalidParameterValue');
      expect(body.description, code).toBe(
        `Path segment "code": expected ${EXPECTED_ID}, got "${decodeURIComponent(code)}"`,
      );
    }
    const response = await get(`/api/communes/${NEVACHE}?lang=fr`);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      code: 'InvalidParameterValue',
      description: 'Parameter "lang" is not accepted here; expected no parameters',
    });
  });
});
