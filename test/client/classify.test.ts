import { describe, expect, it } from 'vitest';
import { roundTo } from '../../vocabulary/rounding.ts';
import {
  classCounts,
  classLimits,
  classOf,
  isMethod,
  limitsAtPrecision,
  MAX_CLASSES,
  METHODS,
  MIN_CLASSES,
} from '../../client/src/classify.ts';

/**
 * Class limits, class membership and class counts. Every array here is a hand-written fixture chosen so
 * that the limits can be computed by hand; none of them is real data.
 */

// Hand-written, deliberately skewed: one high outlier.
const SKEWED = [4, 100, 1, 3, 2];
// Hand-written: 0, 10, …, 100 (11 values).
const TENS = Array.from({ length: 11 }, (_, i) => i * 10);

describe('classLimits: quantile', () => {
  it('puts the inner limits at the R-7 quantiles of the sorted values (5 values, 4 classes → 2, 3, 4)', () => {
    // Index (n − 1)·p = 4 × 0.25, 4 × 0.5, 4 × 0.75 = 1, 2, 3 in [1, 2, 3, 4, 100].
    expect(classLimits(SKEWED, 'quantile', 4)).toEqual([1, 2, 3, 4, 100]);
  });

  it('interpolates between values: 0…100 in 5 classes gives 20, 40, 60, 80', () => {
    expect(classLimits(TENS, 'quantile', 5)).toEqual([0, 20, 40, 60, 80, 100]);
  });

  // Limits are kept to twelve significant digits (classLimits).
  it('interpolates linearly when the quantile index is fractional (1…12 in 3 classes → 14/3, 25/3)', () => {
    // Index 11/3 ≈ 3.667 → 4 + 2/3; index 22/3 ≈ 7.333 → 8 + 1/3.
    const limits = classLimits(
      Array.from({ length: 12 }, (_, i) => i + 1),
      'quantile',
      3,
    );
    expect(limits).toHaveLength(4);
    expect(limits[0]).toBe(1);
    expect(limits[1]).toBeCloseTo(14 / 3, 10);
    expect(limits[2]).toBeCloseTo(25 / 3, 10);
    expect(limits[3]).toBe(12);
  });
});

describe('classLimits: equal intervals', () => {
  it('splits the range into equal steps whatever the distribution (1…100 in 4 classes, step 24.75)', () => {
    expect(classLimits(SKEWED, 'equal', 4)).toEqual([1, 25.75, 50.5, 75.25, 100]);
  });

  it('0…100 in 5 classes gives steps of 20', () => {
    expect(classLimits(TENS, 'equal', 5)).toEqual([0, 20, 40, 60, 80, 100]);
  });
});

describe('classLimits: ckmeans', () => {
  it('puts each limit midway between neighbouring clusters ([1, 2 | 3, 4 | 100] → 2.5, 52)', () => {
    // Splitting 1…4 in two: {1,2}{3,4} has a within-cluster sum of squares of 1, the other splits 2.
    expect(classLimits(SKEWED, 'ckmeans', 3)).toEqual([1, 2.5, 52, 100]);
  });

  it('separates three well-apart groups', () => {
    expect(classLimits([1, 2, 3, 10, 11, 12, 50, 51, 52], 'ckmeans', 3)).toEqual([1, 6.5, 31, 52]);
  });

  it('gives a class to each of three clusters even when the lowest cluster is the minimum alone', () => {
    // Hand-written: a low outlier (0), then 50–52 and 100–101. ckmeans finds [0] [50, 51, 52] [100, 101];
    // the map should colour 0 differently from 50–52.
    const values = [0, 50, 51, 52, 100, 101];
    const limits = classLimits(values, 'ckmeans', 3);
    expect(classCounts(values, limits)).toEqual([1, 3, 2]);
    expect(classOf(0, limits)).not.toBe(classOf(50, limits));
  });
});

describe('classLimits: manual', () => {
  it('uses the given breaks as inner limits and ignores the number of classes', () => {
    expect(classLimits(TENS, 'manual', 9, [25, 50])).toEqual([0, 25, 50, 100]);
  });

  it('drops breaks at or outside the range of the values', () => {
    expect(classLimits(TENS, 'manual', 5, [-10, 0, 30, 70, 100, 120])).toEqual([0, 30, 70, 100]);
  });

  it('without breaks gives one class from the minimum to the maximum', () => {
    expect(classLimits(TENS, 'manual', 5)).toEqual([0, 100]);
    expect(classLimits(TENS, 'manual', 5, [])).toEqual([0, 100]);
  });
});

describe('classLimits: number of classes', () => {
  const RANGE = [0, 90];

  it(`clamps fewer than ${MIN_CLASSES} classes to ${MIN_CLASSES}`, () => {
    expect(classLimits(RANGE, 'equal', 2)).toEqual([0, 30, 60, 90]);
    expect(classLimits(RANGE, 'equal', 1)).toEqual([0, 30, 60, 90]);
    expect(classLimits(RANGE, 'equal', -4)).toEqual([0, 30, 60, 90]);
  });

  it(`clamps more than ${MAX_CLASSES} classes to ${MAX_CLASSES}`, () => {
    expect(classLimits(RANGE, 'equal', 12)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(
      classLimits(
        Array.from({ length: 100 }, (_, i) => i),
        'quantile',
        20,
      ),
    ).toHaveLength(MAX_CLASSES + 1);
  });

  it('accepts 3 and 9 classes as they are', () => {
    expect(classLimits(RANGE, 'equal', 3)).toHaveLength(4);
    expect(classLimits(RANGE, 'equal', 9)).toHaveLength(10);
  });

  it('rounds a fractional number of classes (4.4 → 4, 3.6 → 4)', () => {
    expect(classLimits(RANGE, 'equal', 4.4)).toEqual([0, 22.5, 45, 67.5, 90]);
    expect(classLimits(RANGE, 'equal', 3.6)).toEqual([0, 22.5, 45, 67.5, 90]);
  });
});

describe('classLimits: degenerate input', () => {
  it('repeats no limit but the minimum: fewer distinct values than classes gives fewer classes (quantile)', () => {
    // Hand-written [1, 1, 2, 2, 3], 4 classes: quantiles at index 1, 2, 3 are 1, 2, 2.
    expect(classLimits([1, 1, 2, 2, 3], 'quantile', 4)).toEqual([1, 1, 2, 3]);
    expect(classLimits([1, 2, 3, 3, 3, 4], 'quantile', 4)).toEqual([1, 2.25, 3, 4]);
  });

  it('gives a minimum that fills whole quantiles a class of its own, so it is not lumped with the rest', () => {
    // Hand-written: nine zeros and one 12.5, like a cross-border gain of 0 for most communes.
    const limits = classLimits([0, 0, 0, 0, 0, 0, 0, 0, 0, 12.5], 'quantile', 5);
    expect(limits).toEqual([0, 0, 12.5]);
    expect(classOf(0, limits)).toBe(0);
    expect(classOf(12.5, limits)).toBe(1);
  });

  it('returns increasing limits for every method on data with many ties, the minimum alone repeated', () => {
    const ties = [1, 1, 1, 2, 2, 10];
    for (const method of METHODS) {
      const limits = classLimits(ties, method, 5, [1, 2, 2, 5]);
      for (let i = 2; i < limits.length; i++)
        expect(limits[i]!, `${method}: ${limits.join(', ')}`).toBeGreaterThan(limits[i - 1]!);
      expect(limits[1]!, `${method}: ${limits.join(', ')}`).toBeGreaterThanOrEqual(limits[0]!);
      expect(limits[0]).toBe(1);
      expect(limits[limits.length - 1]).toBe(10);
    }
  });

  it('all-equal values give one class [v, v] for every method', () => {
    for (const method of METHODS) expect(classLimits([7, 7, 7], method, 5, [3, 7, 9])).toEqual([7, 7]);
  });

  it('a single value gives one class [v, v]', () => {
    expect(classLimits([42], 'quantile', 5)).toEqual([42, 42]);
  });

  it('no values give no limits', () => {
    for (const method of METHODS) expect(classLimits([], method, 5)).toEqual([]);
  });

  it('ignores NaN and ±Infinity', () => {
    expect(classLimits([Number.NaN, 1, Infinity, 2, -Infinity, 3, 4, 5], 'equal', 4)).toEqual([1, 2, 3, 4, 5]);
    expect(classLimits([Number.NaN, Infinity, -Infinity], 'quantile', 5)).toEqual([]);
  });

  it('does not reorder the caller’s array', () => {
    const values = [3, 1, 2];
    classLimits(values, 'quantile', 3);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('limitsAtPrecision', () => {
  it('moves inner limits down to the decimals, and keeps the minimum and the maximum', () => {
    expect(limitsAtPrecision([0.6, 11.56, 24.660000000000007, 38.46, 66.70000000000002, 454.9], 1)).toEqual([
      0.6, 11.5, 24.6, 38.4, 66.7, 454.9,
    ]);
    expect(limitsAtPrecision([1, 2.25, 3, 4], 0)).toEqual([1, 2, 3, 4]);
  });

  it('computes limits without the noise of binary fractions, so none is moved a whole step down', () => {
    // Equal intervals over 0..6 in 5 classes: 1.2, 2.4, 3.6, 4.8, which doubles give as 1.2000000000000002 and
    // 3.5999999999999996; the latter rounded down at one decimal would be 3.5.
    const limits = classLimits([0, 6], 'equal', 5);
    expect(limits).toEqual([0, 1.2, 2.4, 3.6, 4.8, 6]);
    expect(limitsAtPrecision(limits, 1)).toEqual([0, 1.2, 2.4, 3.6, 4.8, 6]);
    expect(roundTo(3.5999999999999996, 1)).toBe(3.6);
  });

  it('keeps the class of every value of that precision', () => {
    const values = Array.from({ length: 61 }, (_, i) => i / 10);
    for (const method of ['quantile', 'equal', 'ckmeans'] as const) {
      for (let k = MIN_CLASSES; k <= MAX_CLASSES; k++) {
        const exact = classLimits(values, method, k);
        const shown = limitsAtPrecision(exact, 1);
        expect(
          values.map((v) => classOf(v, shown)),
          `${method} ${k}`,
        ).toEqual(values.map((v) => classOf(v, exact)));
      }
    }
  });

  it('merges limits that come together, keeping the minimum as a class of its own', () => {
    expect(limitsAtPrecision([0, 0.4, 0.8, 1.2, 1.6, 2], 0)).toEqual([0, 0, 1, 2]);
    expect(limitsAtPrecision([0, 0.05, 38.46, 66.7], 1)).toEqual([0, 0, 38.4, 66.7]);
  });
});

describe('classOf', () => {
  const LIMITS = [0, 10, 20, 30];

  it('puts the minimum in class 0', () => {
    expect(classOf(0, LIMITS)).toBe(0);
  });

  it('includes upper limits: 10 is in class 0, just above 10 in class 1', () => {
    expect(classOf(10, LIMITS)).toBe(0);
    expect(classOf(10.000001, LIMITS)).toBe(1);
    expect(classOf(20, LIMITS)).toBe(1);
    expect(classOf(20.5, LIMITS)).toBe(2);
  });

  it('puts the maximum in the last class', () => {
    expect(classOf(30, LIMITS)).toBe(2);
  });

  it('puts values outside the limits in the nearest end class', () => {
    expect(classOf(-5, LIMITS)).toBe(0);
    expect(classOf(35, LIMITS)).toBe(2);
  });

  it('returns null, never class 0, for a missing value', () => {
    expect(classOf(null, LIMITS)).toBeNull();
    expect(classOf(undefined, LIMITS)).toBeNull();
    expect(classOf(Number.NaN, LIMITS)).toBeNull();
    expect(classOf(Infinity, LIMITS)).toBeNull();
  });

  it('returns null without classes', () => {
    expect(classOf(5, [])).toBeNull();
    expect(classOf(5, [5])).toBeNull();
  });

  it('with the single class [v, v] puts v in class 0', () => {
    expect(classOf(7, [7, 7])).toBe(0);
  });
});

describe('classCounts', () => {
  it('counts each class, upper limits inclusive, and skips missing values', () => {
    expect(classCounts([0, 5, 10, 15, 20, 25, 30, Number.NaN], [0, 10, 20, 30])).toEqual([3, 2, 2]);
  });

  it('counts every value once when the limits come from the same values', () => {
    const values = [1, 1, 2, 3, 5, 8, 13, 21, 34, 55];
    for (const method of ['quantile', 'equal', 'ckmeans'] as const) {
      const counts = classCounts(values, classLimits(values, method, 4));
      expect(
        counts.reduce((a, b) => a + b, 0),
        method,
      ).toBe(values.length);
    }
  });

  it('has one zero count per empty class', () => {
    expect(classCounts([1, 2], [0, 10, 20, 30])).toEqual([2, 0, 0]);
  });

  it('gives no counts without limits', () => {
    expect(classCounts([1, 2, 3], [])).toEqual([]);
    expect(classCounts([], [])).toEqual([]);
  });

  it('counts all-equal values in the single class', () => {
    expect(classCounts([7, 7, 7], [7, 7])).toEqual([3]);
  });
});

describe('isMethod', () => {
  it('knows the four methods and nothing else', () => {
    for (const method of ['quantile', 'equal', 'ckmeans', 'manual']) expect(isMethod(method)).toBe(true);
    for (const other of ['jenks', 'Quantile', '', null, undefined, 5]) expect(isMethod(other)).toBe(false);
  });
});
