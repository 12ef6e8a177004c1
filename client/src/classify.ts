import { ckmeans, equalIntervalBreaks, quantileSorted } from 'simple-statistics';
import { roundDownTo } from '../../vocabulary/rounding.ts';

export const METHODS = ['quantile', 'equal', 'ckmeans', 'manual'] as const;
export type Method = (typeof METHODS)[number];

/** Fewer than 3 classes hides differences; more than 9 cannot be told apart by colour (ColorBrewer's limit). */
export const MIN_CLASSES = 3;
export const MAX_CLASSES = 9;

export function isMethod(value: unknown): value is Method {
  return typeof value === 'string' && (METHODS as readonly string[]).includes(value);
}

/**
 * Class limits [min, l1, …, max] for the values: class i holds values from limits[i] to limits[i + 1]
 * (the first limit included, then upper limits included). Limits do not repeat, so data with few
 * distinct values gets fewer classes than asked for; but the minimum, when it fills whole quantiles on
 * its own (a cross-border gain of 0 for most communes), is a class of its own [min, min], so the other
 * values are not lumped together with it. No values, no classes.
 */
export function classLimits(values: number[], method: Method, classes: number, manualBreaks: number[] = []): number[] {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  if (min === max) return [min, max];
  const k = Math.min(Math.max(Math.round(classes), MIN_CLASSES), MAX_CLASSES);
  let inner: number[];
  switch (method) {
    case 'quantile':
      inner = Array.from({ length: k - 1 }, (_, i) => quantileSorted(sorted, (i + 1) / k));
      break;
    case 'equal':
      inner = equalIntervalBreaks(sorted, k).slice(1, -1);
      break;
    case 'ckmeans': {
      // Limits lie midway between neighbouring clusters: a cluster's last value would coincide with the
      // minimum when the lowest cluster is that single value, and the class would be lost.
      const clusters = ckmeans(sorted, Math.min(k, new Set(sorted).size));
      inner = clusters.slice(1).map((cluster, i) => (clusters[i]![clusters[i]!.length - 1]! + cluster[0]!) / 2);
      break;
    }
    case 'manual':
      inner = manualBreaks.filter((b) => b > min && b < max).slice(0, MAX_CLASSES - 1);
      break;
  }
  // A computed limit carries the noise of binary fractions (an interpolated quantile of exactly 147 comes out as
  // 146.99999999999994): twelve significant digits drop it, so that rounding down to the indicator's decimals
  // does not move it a whole step (to 146.9).
  return distinctLimits([min, ...inner.map((limit) => Number(limit.toPrecision(12))), max]);
}

/** Limits that do not repeat, except the minimum as the upper limit of a class of its own ([min, min]). */
function distinctLimits(limits: number[]): number[] {
  return limits.filter((limit, i, all) => i === 0 || limit > all[i - 1]! || (i === 1 && limit === all[0]));
}

/**
 * Class limits at the indicator's precision: each inner limit (a quantile 38.46, an equal interval's
 * 24.660000000000007) moved down to the indicator's decimals. The legend then shows the very limits the map
 * classes by: a limit 38.46 shown as "38.5" put a value of 38.5 in the class above the one whose range ended at
 * "38.5". Every value of that precision stays in the class the exact limit gave it; limits that come together
 * are merged.
 */
export function limitsAtPrecision(limits: number[], decimals: number): number[] {
  const last = limits.length - 1;
  return distinctLimits(limits.map((limit, i) => (i === 0 || i === last ? limit : roundDownTo(limit, decimals))));
}

/** The class of a value (0-based), or null for a missing value: missing is never the lowest class. */
export function classOf(value: number | null | undefined, limits: number[]): number | null {
  if (value === null || value === undefined || !Number.isFinite(value) || limits.length < 2) return null;
  for (let i = 1; i < limits.length - 1; i++) if (value <= limits[i]!) return i - 1;
  return limits.length - 2;
}

/** How many values fall in each class. */
export function classCounts(values: number[], limits: number[]): number[] {
  const counts = new Array<number>(Math.max(limits.length - 1, 0)).fill(0);
  for (const v of values) {
    const c = classOf(v, limits);
    if (c !== null) counts[c]!++;
  }
  return counts;
}
