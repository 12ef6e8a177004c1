import { beforeAll, describe, expect, it } from 'vitest';
import type { CommuneRecord, Indicator, ValueRecord } from '../../client/src/api.ts';
import { buildChoropleth } from '../../client/src/choropleth.ts';
import { classOf } from '../../client/src/classify.ts';
import { classRanges, formatNumber, formatValue } from '../../client/src/format.ts';
import { pick } from '../../client/src/i18n/index.ts';
import { LANGUAGES } from '../../vocabulary/languages.ts';
import { tooltipLines } from '../../client/src/tooltip.ts';
import { roundTo } from '../../vocabulary/rounding.ts';
import { useRealApp } from '../helpers/real-app.ts';

/**
 * The numbers a person reads on the page, from the values the real API serves: the tooltip and the table
 * (formatValue), the territory median of the commune panel, and the class ranges of the legend and of the
 * exported image (classRanges). Each shows the indicator's declared decimals, and a range shows the very
 * limit the map classes by.
 */

const real = useRealApp();

interface Feature<P> {
  properties: P;
}
let indicators: Indicator[];
/** Each commune indicator's latest values, keyed by commune code, as the page's AnswerCache holds them. */
const latest = new Map<string, Map<string, ValueRecord>>();
let communes: { code: string; name: string }[];

async function getJson<T>(url: string): Promise<T> {
  const response = await real.app.inject({ url, headers: { host: 'real.atlas.test' } });
  expect(response.statusCode, url).toBe(200);
  return response.json() as T;
}

/** What a commune's tooltip is made from, without rank, period and source. */
const factsOf = (name: string, indicator: Indicator, value: ValueRecord) => ({
  name,
  indicator,
  value,
  rank: null,
  territoryName: null,
  periodLabel: null,
  sourceTitle: null,
});
/** A number as formatNumber writes it in English ("1,234.5"), read back. */
const readEnglish = (text: string) => Number(text.replaceAll(',', ''));
const decimalsShown = (text: string) => text.split('.')[1]?.length ?? 0;

beforeAll(async () => {
  const all = (await getJson<{ indicators: Indicator[] }>('/api/indicators')).indicators;
  indicators = all.filter((i) => i.subject === 'commune');
  for (const indicator of indicators) {
    const { values } = await getJson<{ values: Record<string, ValueRecord> }>(`/api/indicators/${indicator.id}`);
    latest.set(indicator.id, new Map(Object.entries(values)));
  }
  communes = (
    await getJson<{ features: Feature<{ code: string; name: string }>[] }>(
      '/ogc/collections/communes/items?limit=10000&properties=code,name',
    )
  ).features.map((f) => f.properties);
});

describe('tooltip and table', () => {
  it('show every served value with exactly the indicator’s decimals, and that value, unchanged', () => {
    let shown = 0;
    // Every value of 5,000 communes in five languages: what does not read back is collected, then compared once.
    const wrong: string[] = [];
    for (const indicator of indicators) {
      const values = latest.get(indicator.id)!;
      for (const { code, name } of communes) {
        const value = values.get(code);
        if (!value) continue;
        const number = formatNumber(value.value, indicator.decimals, 'en');
        if (decimalsShown(number) !== indicator.decimals || readEnglish(number) !== value.value)
          wrong.push(`${indicator.id} ${code}: ${number}`);
        for (const lang of LANGUAGES) {
          // The table's value cell, and the tooltip's value line around it.
          const cell = formatValue(value.value, indicator.decimals, pick(indicator.units, lang), lang);
          const tooltip = tooltipLines(factsOf(name, indicator, value), lang);
          if (!tooltip[1]?.includes(cell)) wrong.push(`${indicator.id} ${code} ${lang}: ${tooltip[1]} lacks ${cell}`);
        }
        shown++;
      }
    }
    expect(wrong).toEqual([]);
    expect(shown).toBeGreaterThan(communes.length);
  });

  it('a value served with float noise before values were rounded still reads at the declared precision', () => {
    const gain = indicators.find((i) => i.id === 'hospital-cross-border-gain')!;
    const noisy = { value: 12.500000000000002, period: 'gisco-2020', source: 'gisco-healthcare-2020' };
    const facts = factsOf('Bardonecchia', gain, noisy);
    expect(tooltipLines(facts, 'en')[1]).toBe(`${gain.titles.en}: 12.5 ${gain.units.en}`);
    expect(tooltipLines(facts, 'fr')[1]).toContain(`12,5 ${gain.units.fr}`);
  });
});

describe('commune panel', () => {
  it('shows each territory’s median as served (/api/communes/{code}), at the indicator’s decimals', async () => {
    let medians = 0;
    const wrong: string[] = [];
    for (const { code } of communes) {
      const answer = await getJson<CommuneRecord>(`/api/communes/${code}`);
      for (const indicator of indicators) {
        const found = answer.indicators.find((i) => i.id === indicator.id)!;
        for (const [territory, median] of Object.entries(found.medians)) {
          if (median === null) continue;
          const number = formatNumber(median, indicator.decimals, 'en');
          const exact = roundTo(median, indicator.decimals) === median;
          if (!exact || decimalsShown(number) !== indicator.decimals || readEnglish(number) !== median)
            wrong.push(`${indicator.id} ${code} ${territory}: ${median} shown ${number}`);
          medians++;
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(medians).toBeGreaterThan(communes.length);
  });
});

describe('legend and image export', () => {
  const METHODS = ['quantile', 'equal', 'ckmeans'] as const;
  const choroplethOf = (indicator: Indicator, method: (typeof METHODS)[number], classes: number) =>
    buildChoropleth(
      communes.map((c) => c.code),
      latest.get(indicator.id)!,
      { method, classes, breaks: [], palette: 'YlGnBu' },
      indicator.decimals,
    );

  it('show each class limit exactly, with the indicator’s decimals, for every method and number of classes', () => {
    for (const indicator of indicators) {
      for (const method of METHODS) {
        for (let classes = 3; classes <= 9; classes++) {
          const { limits, colours } = choroplethOf(indicator, method, classes);
          const ranges = classRanges(limits, indicator.decimals, 'en');
          expect(ranges, `${indicator.id} ${method} ${classes}`).toHaveLength(colours.length);
          ranges.forEach((range, i) => {
            const [low, high = low] = range.split(' \u2013 ');
            expect([readEnglish(low!), readEnglish(high!)], `${indicator.id} ${method} ${classes}: ${range}`).toEqual([
              limits[i],
              limits[i + 1],
            ]);
          });
        }
      }
    }
  });

  it('put every commune in the class whose range holds the value it shows (upper limits included)', () => {
    // 5,000 communes × 19 indicators × 21 classifications: the misplaced ones are collected, then compared once.
    const misplaced: string[] = [];
    for (const indicator of indicators) {
      const values = latest.get(indicator.id)!;
      for (const method of METHODS) {
        for (let classes = 3; classes <= 9; classes++) {
          const choropleth = choroplethOf(indicator, method, classes);
          const ranges = classRanges(choropleth.limits, indicator.decimals, 'en');
          for (const [code, index] of choropleth.classes) {
            const shown = readEnglish(formatNumber(values.get(code)!.value, indicator.decimals, 'en'));
            const [low, high = low] = ranges[index]!.split(' \u2013 ').map(readEnglish);
            const inRange = shown <= high! && (index === 0 || low === high ? shown >= low! : shown > low!);
            if (!inRange || classOf(values.get(code)!.value, choropleth.limits) !== index)
              misplaced.push(`${indicator.id} ${method} ${classes} ${code} ${shown} in ${ranges[index]}`);
          }
        }
      }
    }
    expect(misplaced).toEqual([]);
  });
});
