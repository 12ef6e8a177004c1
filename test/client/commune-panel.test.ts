import { describe, expect, it } from 'vitest';
import type {
  CommuneProperties,
  CommuneRecord,
  FlowProperties,
  Indicator,
  RegionalAccess,
  Source,
} from '../../client/src/api.ts';
import { communeFacts } from '../../client/src/panels/commune-panel.ts';

/**
 * Hand-written commune, answer and page data, shaped like /api/communes/{code} and the page's layers; ids,
 * names and numbers are made up.
 */
const labels = (period: string) => ({ en: `${period} (en)`, fr: `${period} (fr)` });
const indicator = (id: string, periods: string[]) =>
  ({
    id,
    periods: periods.map((period) => ({ period, labels: labels(period), referenceDate: null })),
  }) as unknown as Indicator;
const INDICATORS = [indicator('population', ['p1', 'p2', 'p3']), indicator('area', ['a1'])];

const COMMUNE = {
  code: 'A',
  name: 'Fixture commune',
  country: 'FR',
  nuts3: 'FRX01',
  territories: ['t1'],
} as CommuneProperties;
const ANSWER: CommuneRecord = {
  code: 'A',
  name: 'Fixture commune',
  indicators: [
    {
      id: 'population',
      values: [
        { value: 100, period: 'p1', source: 's1' },
        { value: 120, period: 'p3', source: 's2' },
      ],
      medians: { t1: 110 },
    },
    { id: 'area', values: [], medians: { t1: null } },
  ],
  initiatives: [],
};
const TERRITORY = { id: 't1', name: 'Fixture territory', members: ['A', 'B'] };

const flow = (origin: string, destination: string | null, value: number, crossBorder = false) =>
  ({
    kind: 'commute',
    origin_code: origin,
    origin_name: origin,
    destination_code: destination,
    destination_name: destination,
    destination_country: crossBorder ? 'IT' : 'FR',
    cross_border: crossBorder,
    period: 'p',
    value,
    source: 's',
  }) as FlowProperties;
const region = (code: string, level: RegionalAccess['level'], country: string, source: string) =>
  ({ code, name: code, country, level, provinceCode: null, values: {}, source }) as RegionalAccess;
const REGIONS = [
  region('FR', 'country', 'FR', 'eurostat'),
  region('FRX01', 'nuts3', 'FR', 'eurostat'),
  region('FRX02', 'nuts3', 'FR', 'eurostat'),
  region('IT', 'country', 'IT', 'eurostat'),
];
const SOURCE = { id: 'eurostat', titles: { en: 'Eurostat fixture' } } as unknown as Source;

const PAGE = {
  indicators: INDICATORS,
  flows: [flow('A', 'B', 30), flow('A', null, 12, true), flow('B', 'A', 7), flow('A', 'A', 5), flow('B', 'C', 100)],
  regionalAccess: REGIONS,
  sources: new Map([['eurostat', SOURCE]]),
};

describe('communeFacts', () => {
  it('gives each indicator’s latest value, the median of the territory, and the values over the periods', () => {
    const facts = communeFacts(COMMUNE, ANSWER, TERRITORY, PAGE, 'fr');
    expect(facts.commune).toBe(COMMUNE);
    expect(facts.territoryName).toBe('Fixture territory');
    expect(facts.indicators).toEqual([
      {
        indicator: INDICATORS[0],
        value: { value: 120, period: 'p3', source: 's2' },
        median: 110,
        series: [
          { label: 'p1 (fr)', value: 100 },
          { label: 'p2 (fr)', value: null },
          { label: 'p3 (fr)', value: 120 },
        ],
      },
      { indicator: INDICATORS[1], value: undefined, median: null, series: [{ label: 'a1 (fr)', value: null }] },
    ]);
  });

  it('gives no median and no territory name without a territory to compare with', () => {
    const facts = communeFacts(COMMUNE, ANSWER, null, PAGE, 'en');
    expect(facts.territoryName).toBeNull();
    expect(facts.indicators.map((f) => f.median)).toEqual([null, null]);
    expect(facts.indicators[0]!.value).toEqual({ value: 120, period: 'p3', source: 's2' });
  });

  it('gives an indicator the answer does not hold no value and no median, so the panel says "no data"', () => {
    const facts = communeFacts(COMMUNE, { ...ANSWER, indicators: [] }, TERRITORY, PAGE, 'en');
    expect(facts.indicators.map((f) => [f.value, f.median, f.series.map((s) => s.value)])).toEqual([
      [undefined, null, [null, null, null]],
      [undefined, null, [null]],
    ]);
  });

  it('totals the flows it is given that start or end in the commune', () => {
    expect(communeFacts(COMMUNE, ANSWER, TERRITORY, PAGE, 'en').flows).toEqual({
      in: 7,
      out: 42,
      outAbroad: 12,
      within: 5,
      flows: 4,
    });
  });

  it('gives Eurostat’s figures for its NUTS 3 region and its country, with their source', () => {
    const facts = communeFacts(COMMUNE, ANSWER, TERRITORY, PAGE, 'en');
    expect(facts.regions.map((r) => r.code)).toEqual(['FR', 'FRX01']);
    expect(facts.regionSource).toBe(SOURCE);
    const elsewhere = communeFacts({ ...COMMUNE, country: 'CH', nuts3: 'CH000' }, ANSWER, TERRITORY, PAGE, 'en');
    expect([elsewhere.regions, elsewhere.regionSource]).toEqual([[], undefined]);
  });
});
