import { describe, expect, it } from 'vitest';
import type { ValueRecord } from '../../client/src/api.ts';
import { buildChoropleth, type ChoroplethOptions } from '../../client/src/choropleth.ts';
import { schemeRdBu, schemeYlGnBu } from 'd3-scale-chromatic';

/** Hand-written fixture: made-up codes, values, periods and source ids, not atlas data. */
const value = (v: number, period: string, source: string): ValueRecord => ({ value: v, period, source });
const VALUES = new Map<string, ValueRecord>([
  ['A', value(1, '2021', 'zeta-source')],
  ['B', value(2, '2020', 'alpha-source')],
  ['C', value(3, '2021', 'zeta-source')],
  ['D', value(4, '2019', 'alpha-source')],
  // E has no value.
  ['F', value(100, '2021', 'zeta-source')],
  // Z has a value but is not one of the communes shown.
  ['Z', value(-50, '1990', 'other-source')],
]);
const CODES = ['A', 'B', 'C', 'D', 'E', 'F'];
const QUANTILE_4: ChoroplethOptions = { method: 'quantile', classes: 4, breaks: [], palette: 'YlGnBu' };
/** The fixture indicator's declared decimals. */
const DECIMALS = 1;

describe('buildChoropleth', () => {
  const result = buildChoropleth(CODES, VALUES, QUANTILE_4, DECIMALS);

  it('classes only the values of the communes shown ([1, 2, 3, 4, 100] in 4 quantile classes)', () => {
    expect(result.limits).toEqual([1, 2, 3, 4, 100]);
  });

  it('gives each commune with a value its class', () => {
    expect([...result.classes.entries()]).toEqual([
      ['A', 0],
      ['B', 0],
      ['C', 1],
      ['D', 2],
      ['F', 3],
    ]);
  });

  it('counts a commune without value as no data and leaves it out of the classes', () => {
    expect(result.noData).toBe(1);
    expect(result.classes.has('E')).toBe(false);
  });

  it('ignores values of communes not shown', () => {
    expect(result.classes.has('Z')).toBe(false);
    expect(result.sources).not.toContain('other-source');
    expect(result.periods).not.toContain('1990');
  });

  it('counts per class sum to the communes with a value', () => {
    expect(result.counts).toEqual([2, 1, 1, 1]);
    expect(result.counts.reduce((a, b) => a + b, 0)).toBe(CODES.length - result.noData);
  });

  it('has one colour per class, from the chosen palette', () => {
    expect(result.colours).toHaveLength(result.limits.length - 1);
    // ColorBrewer's four-class YlGnBu, as d3-scale-chromatic publishes it, light to dark.
    expect(result.colours).toEqual(schemeYlGnBu[4]);
  });

  it('lists the distinct sources and periods of the values shown, sorted', () => {
    expect(result.sources).toEqual(['alpha-source', 'zeta-source']);
    expect(result.periods).toEqual(['2019', '2020', '2021']);
  });

  it('counts every commune as no data when none has a value', () => {
    const empty = buildChoropleth(['E', 'X', 'Y'], VALUES, QUANTILE_4, DECIMALS);
    expect(empty).toEqual({
      limits: [],
      colours: [],
      counts: [],
      noData: 3,
      classes: new Map(),
      sources: [],
      periods: [],
    });
  });

  it('makes a single class with a single colour when all values are equal', () => {
    const same = new Map([
      ['A', value(7, '2021', 's')],
      ['B', value(7, '2021', 's')],
    ]);
    const result = buildChoropleth(['A', 'B', 'C'], same, QUANTILE_4, DECIMALS);
    expect(result.limits).toEqual([7, 7]);
    // One class takes the middle colour of ColorBrewer's three-class scheme (the smallest it publishes).
    expect(result.colours).toEqual([schemeYlGnBu[3]![1]]);
    expect(result.counts).toEqual([2]);
    expect(result.noData).toBe(1);
    expect([...result.classes.values()]).toEqual([0, 0]);
  });

  it('uses the manual breaks and the chosen palette', () => {
    const options: ChoroplethOptions = { method: 'manual', classes: 5, breaks: [3.5], palette: 'RdBu' };
    const result = buildChoropleth(CODES, VALUES, options, DECIMALS);
    expect(result.limits).toEqual([1, 3.5, 100]);
    expect(result.counts).toEqual([3, 2]);
    // Two classes take the two ends of ColorBrewer's three-class scheme.
    expect(result.colours).toEqual([schemeRdBu[3]![0], schemeRdBu[3]![2]]);
  });

  it('does not throw for manual breaks making more than 9 classes', () => {
    // parseBreaks and decodeState accept any number of increasing breaks, e.g. from a URL like
    // ?method=manual&breaks=1;2;3;4;5;6;7;8;9;10 ; classLimits turns them into 11 classes here.
    const many = new Map(Array.from({ length: 21 }, (_, i) => [`C${i}`, value(i, '2021', 's')] as const));
    const options: ChoroplethOptions = {
      method: 'manual',
      classes: 5,
      breaks: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      palette: 'YlGnBu',
    };
    const build = () => buildChoropleth([...many.keys()], many, options, DECIMALS);
    expect(build).not.toThrow();
    const result = build();
    expect(result.colours).toHaveLength(result.limits.length - 1);
  });
});
