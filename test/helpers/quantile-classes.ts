import { quantile } from 'simple-statistics';
import { atlasSql } from './atlas-sql.ts';
import type { RealApp } from './real-app.ts';

/**
 * Quantile classes worked out a second way, so that a test of the page does not take its expected colours from
 * the code it tests (client/src/classify.ts and choropleth.ts). Only the rule they document is shared:
 * - the limits are the minimum, the k − 1 quantiles i/k (simple-statistics' `quantile`, the library the page
 *   names) and the maximum;
 * - each inner limit is moved down to the indicator's decimals;
 * - a limit not above the one before it is dropped, but for a first inner limit equal to the minimum (the
 *   minimum then is a class of its own);
 * - a value belongs to the class whose upper limit is the first at or above it (the first class takes the
 *   minimum too).
 * A commune's class is counted as the number of inner limits below its value, not looked up limit by limit.
 */
export interface QuantileClasses {
  limits: number[];
  /** The class (0-based) of each code with a value. */
  classes: Map<string, number>;
  /** How many communes each class holds. */
  counts: number[];
}

/** The largest number of `decimals` decimals not above `value`, read from the value's decimal digits. */
export function floorToDecimals(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  // A quantile i/k interpolates between two values of `decimals` decimals (simple-statistics 7: R's type 7),
  // so it is a multiple of 1 / (k × 10^decimals): never within a millionth of a step without being on it. The
  // rounding at the sixth decimal only removes binary noise: 48 + (2/3) × 8.4 is 53.599999999999994, not 53.6.
  const scaled = Math.round(value * scale * 1e6) / 1e6;
  return Math.floor(scaled) / scale;
}

export function quantileClasses(values: Map<string, number>, k: number, decimals: number): QuantileClasses {
  const numbers = [...values.values()];
  if (numbers.length === 0) return { limits: [], classes: new Map(), counts: [] };
  const min = Math.min(...numbers);
  const max = Math.max(...numbers);
  // One value for all: a single class [v, v].
  if (min === max)
    return {
      limits: [min, max],
      classes: new Map([...values.keys()].map((code) => [code, 0])),
      counts: [numbers.length],
    };
  const inner = Array.from({ length: k - 1 }, (_, i) => floorToDecimals(quantile(numbers, (i + 1) / k), decimals));
  const limits = [min];
  for (const limit of [...inner, max]) {
    const last = limits[limits.length - 1]!;
    if (limit > last || (limits.length === 1 && limit === min)) limits.push(limit);
  }
  const upper = limits.slice(1, -1);
  const classes = new Map([...values].map(([code, v]) => [code, upper.filter((limit) => limit < v).length]));
  const counts = Array.from({ length: limits.length - 1 }, () => 0);
  for (const c of classes.values()) counts[c]! += 1;
  return { limits, classes, counts };
}

/**
 * Every commune's value of an indicator as SQL reads it from the atlas: of the period, or the commune's latest
 * period with a value when `period` is null. Communes without a value are absent.
 */
export function communeValuesFromSql(
  real: RealApp,
  indicator: string,
  period: string | null,
): Map<string, { value: number; period: string; source: string }> {
  const sql = atlasSql(real);
  const found = sql
    .idsOf('communes')
    .map((code) => [code, sql.indicatorValue(indicator, code, period ?? undefined)] as const)
    .filter((entry): entry is readonly [string, { value: number; period: string; source: string }] => !!entry[1]);
  return new Map(found);
}
