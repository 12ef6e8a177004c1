import { describe, expect, it } from 'vitest';
import { roundDownTo, roundTo } from '../../vocabulary/rounding.ts';

/**
 * Rounding to an indicator's declared decimals. The noisy inputs are values the build computed before values
 * were rounded (a cross-border gain of 12.500000000000002 km, an area of 28.300811443734727 km²); the others
 * are the binary edge cases of rounding by multiplying or with toFixed.
 */

/** Digits after the decimal point of a number as JSON and CSV write it. */
const decimalsOf = (n: number) => String(n).split('.')[1]?.length ?? 0;

describe('roundTo', () => {
  it('removes float noise from computed values', () => {
    expect(roundTo(12.500000000000002, 1)).toBe(12.5);
    expect(roundTo(1.6999999999999993, 1)).toBe(1.7);
    expect(roundTo(0.1 + 0.2, 1)).toBe(0.3);
    expect(roundTo(28.300811443734727, 1)).toBe(28.3);
    expect(roundTo(425.21008403361344, 1)).toBe(425.2);
  });

  it('rounds halves of the decimal a person reads away from zero, where toFixed and multiplying do not', () => {
    expect(Number((1.005).toFixed(2))).toBe(1);
    expect(Math.round(1.005 * 100) / 100).toBe(1);
    expect(roundTo(1.005, 2)).toBe(1.01);
    expect(roundTo(2.675, 2)).toBe(2.68);
    expect(roundTo(1.45, 1)).toBe(1.5);
    expect(roundTo(0.125, 2)).toBe(0.13);
    expect(roundTo(-1.005, 2)).toBe(-1.01);
    expect(roundTo(-2.5, 0)).toBe(-3);
    expect(roundTo(2.5, 0)).toBe(3);
  });

  it('rounds as Intl.NumberFormat does, which the page formats with', () => {
    const format = (n: number, d: number) =>
      new Intl.NumberFormat('en', { minimumFractionDigits: d, maximumFractionDigits: d, useGrouping: false }).format(n);
    const cases = [
      [1.005, 2],
      [2.675, 2],
      [1.45, 1],
      [8.345, 2],
      [1.255, 2],
      [12.35, 1],
      [-0.05, 1],
      [14659.5, 0],
    ];
    for (const [n, d] of cases as [number, number][])
      expect(format(roundTo(n, d), d), `${n} at ${d}`).toBe(format(n, d));
  });

  it('gives a number with at most the declared decimals, for any value', () => {
    for (let i = 0; i < 2000; i++) {
      const n = (i * 7.31) / 3 - 1000;
      for (const d of [0, 1, 2, 3]) expect(decimalsOf(roundTo(n, d)), `${n} at ${d}`).toBeLessThanOrEqual(d);
    }
  });

  it('keeps whole numbers, values already at the precision, and what is not finite', () => {
    expect(roundTo(10748, 0)).toBe(10748);
    expect(roundTo(10748, 1)).toBe(10748);
    expect(roundTo(38.5, 1)).toBe(38.5);
    expect(roundTo(Number.NaN, 1)).toBeNaN();
    expect(roundTo(Infinity, 1)).toBe(Infinity);
  });

  it('handles numbers that String() writes with an exponent', () => {
    expect(roundTo(5e-7, 1)).toBe(0);
    expect(roundTo(1.5e-7, 7)).toBe(2e-7);
    expect(roundTo(1e21, 1)).toBe(1e21);
  });

  it('gives 0, not -0, for a negative value that rounds to zero', () => {
    expect(Object.is(roundTo(-0.04, 1), 0)).toBe(true);
    expect(Object.is(roundTo(-0.4, 0), 0)).toBe(true);
  });
});

describe('roundDownTo', () => {
  it('gives the largest number of that precision not above the value', () => {
    expect(roundDownTo(38.46, 1)).toBe(38.4);
    expect(roundDownTo(24.660000000000007, 1)).toBe(24.6);
    expect(roundDownTo(0.05, 1)).toBe(0);
    expect(roundDownTo(245.5, 0)).toBe(245);
    expect(roundDownTo(-0.25, 1)).toBe(-0.3);
    expect(roundDownTo(38.4, 1)).toBe(38.4);
  });

  it('keeps every value of that precision on the same side of a limit', () => {
    const limits = [0.05, 5.966666666666667, 6.0200000000000005, 14.659999999999998, 18.75, 1.6999999999999993];
    const values = Array.from({ length: 400 }, (_, i) => roundTo(i / 10, 1));
    for (const limit of limits) {
      const down = roundDownTo(limit, 1);
      expect(decimalsOf(down)).toBeLessThanOrEqual(1);
      for (const v of values) expect(v <= down, `${v} against ${limit} and ${down}`).toBe(v <= limit);
    }
  });
});
