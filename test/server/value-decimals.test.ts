import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../vocabulary/csv.ts';
import { roundTo } from '../../vocabulary/rounding.ts';
import { indicatorPropertyNames } from '../../server/indicator-store.ts';
import { useRealApp } from '../helpers/real-app.ts';

/**
 * Every indicator value the API serves has at most the decimals its indicator declares: /api/indicators/{id}
 * (JSON and CSV, each period and the latest) and the OGC items of communes and rail stations (GeoJSON and CSV,
 * the latest and each period), on the real database and with figures a planner imported with more decimals.
 */

const TOKEN = 'value-decimals-write-token-7d21';
const real = useRealApp({ writeToken: TOKEN });

interface Indicator {
  id: string;
  subject: 'commune' | 'rail-station';
  decimals: number;
  periods: { period: string }[];
}
interface Keyed {
  value: number;
  period: string;
  source: string;
}
interface Feature {
  id: string;
  properties: Record<string, unknown>;
}

const SEASON = 'winter-2024-2025';
const MEAN_PERIOD = 'mean-insee-5.3.0-6.0.0';
const BRIANCON = '05023';
let indicators: Indicator[];
/** The planner's figures as typed in the imported file. */
let imported: { workersPer1000: number; meanPopulation: number };

async function get(url: string): Promise<string> {
  const response = await real.app.inject({ url, headers: { host: 'real.atlas.test' } });
  expect(response.statusCode, `${url}: ${response.body.slice(0, 300)}`).toBe(200);
  return response.body;
}

/** Digits after the decimal point of a number as served; anything but plain decimal notation fails. */
function decimalsOf(text: string, where: string): number {
  expect(text, where).toMatch(/^-?\d+(\.\d+)?$/);
  return text.split('.')[1]?.length ?? 0;
}

/** Checks each served number against its indicator's decimals; returns how many were checked. */
function expectAtPrecision(served: { text: string; indicator: Indicator; where: string }[]): number {
  // Tens of thousands of values: the wrong ones are collected, then compared once.
  const wrong = served.filter(
    ({ text, indicator }) => !/^-?\d+(\.\d+)?$/.test(text) || (text.split('.')[1]?.length ?? 0) > indicator.decimals,
  );
  expect(wrong.map(({ text, where }) => `${where}: ${text}`)).toEqual([]);
  return served.length;
}

beforeAll(async () => {
  indicators = (JSON.parse(await get('/api/indicators')) as { indicators: Indicator[] }).indicators;
  // Figures a planner computed: a ratio to the atlas's population, and the mean of two census releases.
  const population = (period: string) =>
    real.atlas.db
      .prepare(`SELECT value FROM indicator_values
    WHERE indicator_id = 'population' AND subject_id = ? AND period = ?`)
      .pluck()
      .get(BRIANCON, period) as number;
  imported = {
    workersPer1000: (1000 * 613) / population('insee-etalab-6.0.0'),
    meanPopulation: (population('insee-etalab-5.3.0') + population('insee-etalab-6.0.0') + 1) / 2,
  };
  const source = '"Planner\'s figures (value-decimals test)",CC BY 4.0';
  const file = [
    'indicator,commune,period,value,source,licence',
    `seasonal-workers-per-1000,${BRIANCON},${SEASON},${imported.workersPer1000},${source}`,
    `population,${BRIANCON},${MEAN_PERIOD},${imported.meanPopulation},${source}`,
    // The slots of official files (empty until imported): a share with as many decimals as a division gives.
    ...['foreign-residents-share', 'immigrants-share', 'under-30-share', 'over-65-share'].map(
      (id) => `${id},${BRIANCON},${SEASON},${imported.workersPer1000 / 10},${source}`,
    ),
  ].join('\n');
  const response = await real.app.inject({
    method: 'POST',
    url: '/api/imports/indicator?name=planner-figures.csv',
    payload: file,
    headers: { host: 'real.atlas.test', 'content-type': 'text/csv', authorization: `Bearer ${TOKEN}` },
  });
  expect(response.statusCode, response.body).toBe(201);
  indicators = (JSON.parse(await get('/api/indicators')) as { indicators: Indicator[] }).indicators;
});

describe('the imported figures', () => {
  it('have more decimals than their indicators declare, as a planner may type them', () => {
    expect(decimalsOf(String(imported.workersPer1000), 'workers')).toBeGreaterThan(1);
    expect(decimalsOf(String(imported.meanPopulation), 'mean population')).toBe(1);
  });

  it('are served rounded to the declared decimals, in JSON and CSV', async () => {
    const expected = [
      ['seasonal-workers-per-1000', SEASON, roundTo(imported.workersPer1000, 1)],
      ['population', MEAN_PERIOD, roundTo(imported.meanPopulation, 0)],
    ] as const;
    for (const [id, period, value] of expected) {
      const json = JSON.parse(await get(`/api/indicators/${id}?period=${period}`)) as { values: Record<string, Keyed> };
      expect(json.values[BRIANCON]!.value, id).toBe(value);
      const csv = parseCsv(await get(`/api/indicators/${id}?period=${period}&f=csv`), id);
      expect(csv.find((r) => r.values.commune_code === BRIANCON)!.values.value, id).toBe(String(value));
    }
    const commune = JSON.parse(await get(`/ogc/collections/communes/items/${BRIANCON}?period=${SEASON}`)) as Feature;
    expect(commune.properties.seasonal_workers_per_1000).toBe(roundTo(imported.workersPer1000, 1));
  });
});

describe('/api/indicators/{id}', () => {
  it('serves every value, of each period and the latest, with at most the declared decimals (JSON, CSV)', async () => {
    for (const indicator of indicators) {
      let checked = 0;
      for (const period of [null, ...indicator.periods.map((p) => p.period)]) {
        const url = `/api/indicators/${indicator.id}${period === null ? '' : `?period=${period}`}`;
        const json = JSON.parse(await get(url)) as { values: Record<string, Keyed> };
        checked += expectAtPrecision(
          Object.entries(json.values).map(([subject, v]) => ({
            text: JSON.stringify(v.value),
            indicator,
            where: `${url} ${subject}`,
          })),
        );
        const csvUrl = `${url}${period === null ? '?' : '&'}f=csv`;
        const rows = parseCsv(await get(csvUrl), csvUrl);
        expect(rows.length, csvUrl).toBe(Object.keys(json.values).length);
        checked += expectAtPrecision(
          rows.map((r) => ({ text: r.values.value!, indicator, where: `${csvUrl} line ${r.line}` })),
        );
      }
      expect(checked, indicator.id).toBeGreaterThan(0);
    }
  });

  it('serves values with decimals where the indicator declares them: rounding leaves them', async () => {
    for (const indicator of indicators.filter((i) => i.decimals > 0 && i.id !== 'seasonal-workers-per-1000')) {
      const { values } = JSON.parse(await get(`/api/indicators/${indicator.id}`)) as { values: Record<string, Keyed> };
      const fractional = Object.values(values).filter((v) => !Number.isInteger(v.value));
      expect(fractional.length, indicator.id).toBeGreaterThan(0);
    }
  });
});

describe('OGC items with indicator properties', () => {
  for (const [collection, subject] of [
    ['communes', 'commune'],
    ['rail-stations', 'rail-station'],
  ] as const) {
    it(`${collection}: each indicator value, latest and per period, at most its decimals (GeoJSON, CSV)`, async () => {
      const own = indicators.filter((i) => i.subject === subject);
      const periods = [...new Set(own.flatMap((i) => i.periods.map((p) => p.period)))];
      let checked = 0;
      for (const period of [null, ...periods]) {
        // The indicator properties only, without geometry: 5,000 polygons rendered for every period add nothing here.
        const names = own.map((i) => indicatorPropertyNames(i.id).value).join(',');
        const url =
          `/ogc/collections/${collection}/items?limit=10000&properties=${names}&skipGeometry=true` +
          (period === null ? '' : `&period=${period}`);
        const { features } = JSON.parse(await get(`${url}&f=json`)) as { features: Feature[] };
        const rows = parseCsv(await get(`${url}&f=csv`), url);
        expect(rows.length, url).toBe(features.length);
        for (const indicator of own) {
          const name = indicatorPropertyNames(indicator.id).value;
          checked += expectAtPrecision(
            features
              .filter((f) => f.properties[name] !== null)
              .map((f) => ({ text: JSON.stringify(f.properties[name]), indicator, where: `${url} ${f.id} ${name}` })),
          );
          checked += expectAtPrecision(
            rows
              .filter((r) => r.values[name] !== '')
              .map((r) => ({ text: r.values[name]!, indicator, where: `${url}&f=csv line ${r.line} ${name}` })),
          );
        }
      }
      expect(checked, collection).toBeGreaterThan(0);
    });
  }
});
