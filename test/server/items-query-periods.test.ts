import { describe, expect, it } from 'vitest';
import { selectPeriods } from '../../server/ogc/items-query.ts';
import type { IndicatorRecord, PeriodRecord } from '../../vocabulary/api-records.ts';
import { expectInvalid } from '../helpers/expect-api-error.ts';

/** A made-up indicator with made-up periods, oldest first, as the store reads them. */
function madeUpIndicator(id: string, periods: Omit<PeriodRecord, 'labels'>[]): IndicatorRecord {
  return {
    id,
    subject: 'commune',
    titles: { en: `Made-up ${id}` },
    units: { en: 'unit' },
    descriptions: { en: 'A test fixture, not real data' },
    importable: false,
    methods: { en: 'none' },
    decimals: 0,
    periods: periods.map((p) => ({ ...p, labels: { en: `Period ${p.period}` } })),
    sources: ['made-up-source'],
  };
}

describe('selectPeriods', () => {
  // "b" is undated and sits between two dated periods: datetime must never pick it.
  const first = madeUpIndicator('first', [
    { period: 'a', referenceDate: '2011-10-09' },
    { period: 'b', referenceDate: null },
    { period: 'c', referenceDate: '2026-01' },
  ]);
  const second = madeUpIndicator('second', [
    { period: 'e', referenceDate: '2015' },
    { period: 'f', referenceDate: null },
  ]);
  const both = [first, second];
  const selection = (period: string | undefined, datetime: string | undefined) => [
    ...selectPeriods(both, period, datetime),
  ];

  it('selects nothing without period or datetime: each feature shows its latest value', () => {
    expect(selection(undefined, undefined)).toEqual([]);
  });

  it('refuses period and datetime together', () => {
    expectInvalid(
      () => selectPeriods(both, 'a', '2020-01-01'),
      'datetime',
      'either period or datetime, not both',
      '2020-01-01',
    );
  });

  it('applies a named period to the indicators that have it only', () => {
    expect(selection('a', undefined)).toEqual([['first', ['a']]]);
    expect(selection('f', undefined)).toEqual([['second', ['f']]]);
  });

  it('applies several named periods, each to its indicators', () => {
    expect(selection('b,e', undefined)).toEqual([
      ['first', ['b']],
      ['second', ['e']],
    ]);
  });

  it('refuses two named periods of one indicator', () => {
    expectInvalid(() => selectPeriods(both, 'a,c', undefined), 'period', 'one period per indicator (first has a)', 'c');
  });

  it('refuses an unknown period, listing the known ones', () => {
    expectInvalid(() => selectPeriods(both, 'a,x', undefined), 'period', 'periods from a, b, c, e, f', 'x');
    expectInvalid(() => selectPeriods(both, '', undefined), 'period', 'periods from a, b, c, e, f', '');
    expectInvalid(() => selectPeriods(both, 'a,', undefined), 'period', 'periods from a, b, c, e, f', '');
  });

  it('lists each known period once when indicators share it', () => {
    const shared = [
      madeUpIndicator('one', [{ period: 'p', referenceDate: '2000' }]),
      madeUpIndicator('two', [
        { period: 'p', referenceDate: '2000' },
        { period: 'q', referenceDate: null },
      ]),
    ];
    expectInvalid(() => selectPeriods(shared, 'z', undefined), 'period', 'periods from p, q', 'z');
    expect([...selectPeriods(shared, 'p', undefined)]).toEqual([
      ['one', ['p']],
      ['two', ['p']],
    ]);
  });

  it('allows at an instant the dated periods at or before it, never an undated one', () => {
    expect(selection(undefined, '2020-06-01')).toEqual([
      ['first', ['a']],
      ['second', ['e']],
    ]);
    expect(selection(undefined, '2025-12-31T23:59:59Z')).toEqual([
      ['first', ['a']],
      ['second', ['e']],
    ]);
    expect(selection(undefined, '2030-01-01')).toEqual([
      ['first', ['a', 'c']],
      ['second', ['e']],
    ]);
  });

  it('counts a period as started at the start of its year, month or day', () => {
    expect(selection(undefined, '2026-01-01')).toEqual([
      ['first', ['a', 'c']],
      ['second', ['e']],
    ]);
    expect(selection(undefined, '2011-10-09')).toEqual([
      ['first', ['a']],
      ['second', []],
    ]);
    expect(selection(undefined, '2015-01-01T00:00:00Z')).toEqual([
      ['first', ['a']],
      ['second', ['e']],
    ]);
    expect(selection(undefined, '2014-12-31T23:59:59Z')).toEqual([
      ['first', ['a']],
      ['second', []],
    ]);
  });

  it('allows no period (no value) for an indicator with no dated period yet at the instant', () => {
    expect(selection(undefined, '2011-10-08')).toEqual([
      ['first', []],
      ['second', []],
    ]);
  });

  it('allows within an interval the dated periods starting in it', () => {
    expect(selection(undefined, '2011-01-01/..')).toEqual([
      ['first', ['a', 'c']],
      ['second', ['e']],
    ]);
    expect(selection(undefined, '../2020-01-01')).toEqual([
      ['first', ['a']],
      ['second', ['e']],
    ]);
    expect(selection(undefined, '2012-01-01/2025-12-31')).toEqual([
      ['first', []],
      ['second', ['e']],
    ]);
    expect(selection(undefined, '2026-01-01/2026-01-31')).toEqual([
      ['first', ['c']],
      ['second', []],
    ]);
    expect(selection(undefined, '2011-10-09/2011-10-09')).toEqual([
      ['first', ['a']],
      ['second', []],
    ]);
    expect(selection(undefined, '/')).toEqual([
      ['first', ['a', 'c']],
      ['second', ['e']],
    ]);
  });

  it('refuses an invalid datetime', () => {
    expectInvalid(
      () => selectPeriods(both, undefined, '2019-13-45'),
      'datetime',
      'an RFC 3339 date, date-time or interval',
      '2019-13-45',
    );
    expectInvalid(
      () => selectPeriods(both, undefined, '2020-01-01/2019-01-01'),
      'datetime',
      'an interval whose start is not after its end',
      '2020-01-01/2019-01-01',
    );
  });
});
