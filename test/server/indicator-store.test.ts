import { describe, expect, it } from 'vitest';
import { indicatorPropertyNames, referenceInstant } from '../../server/indicator-store.ts';

describe('referenceInstant and indicatorPropertyNames', () => {
  it('reads a year, a month or a day as the start of it, UTC', () => {
    expect(referenceInstant('2018')).toBe('2018-01-01T00:00:00Z');
    expect(referenceInstant('2026-01')).toBe('2026-01-01T00:00:00Z');
    expect(referenceInstant('2023-06')).toBe('2023-06-01T00:00:00Z');
    expect(referenceInstant('2011-10-09')).toBe('2011-10-09T00:00:00Z');
  });

  it('names the value, period and source properties after the id, "-" written "_"', () => {
    expect(indicatorPropertyNames('population-density')).toEqual({
      value: 'population_density',
      period: 'population_density_period',
      source: 'population_density_source',
    });
    expect(indicatorPropertyNames('a-b-c')).toEqual({ value: 'a_b_c', period: 'a_b_c_period', source: 'a_b_c_source' });
    expect(indicatorPropertyNames('area')).toEqual({ value: 'area', period: 'area_period', source: 'area_source' });
  });
});
