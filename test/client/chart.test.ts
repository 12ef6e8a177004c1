import { describe, expect, it } from 'vitest';
import { chartLayout } from '../../client/src/chart.ts';

/** Margins in chart.ts: 8 left and right, 10 top and bottom. A 100 × 60 chart has an inner 84 × 40. */
const W = 100;
const H = 60;

describe('chartLayout', () => {
  it('returns null for fewer than two values', () => {
    expect(chartLayout([], W, H)).toBeNull();
    expect(chartLayout([{ label: '2020', value: 5 }], W, H)).toBeNull();
    expect(
      chartLayout(
        [
          { label: '2020', value: 5 },
          { label: '2021', value: null },
        ],
        W,
        H,
      ),
    ).toBeNull();
    expect(
      chartLayout(
        [
          { label: '2020', value: 5 },
          { label: '2021', value: Number.NaN },
        ],
        W,
        H,
      ),
    ).toBeNull();
  });

  it('skips periods without a value instead of drawing them as zero', () => {
    const layout = chartLayout(
      [
        { label: 'a', value: 10 },
        { label: 'b', value: null },
        { label: 'c', value: 20 },
        { label: 'd', value: 5 },
      ],
      W,
      H,
    )!;
    expect(layout.points.map((p) => p.label)).toEqual(['a', 'c', 'd']);
  });

  it('spreads the points across the width and places values on an axis from 0 to the maximum', () => {
    const layout = chartLayout(
      [
        { label: 'a', value: 10 },
        { label: 'b', value: null },
        { label: 'c', value: 20 },
        { label: 'd', value: 5 },
      ],
      W,
      H,
    );
    expect(layout).toEqual({
      width: W,
      height: H,
      min: 0,
      max: 20,
      points: [
        { label: 'a', value: 10, x: 8, y: 30 },
        { label: 'c', value: 20, x: 50, y: 10 },
        { label: 'd', value: 5, x: 92, y: 40 },
      ],
    });
  });

  it('starts the axis at 0, so 1000 → 1050 is not drawn as a doubling', () => {
    const layout = chartLayout(
      [
        { label: 'a', value: 1000 },
        { label: 'b', value: 1050 },
      ],
      W,
      H,
    )!;
    expect(layout.min).toBe(0);
    expect(layout.points[1]!.y).toBe(10); // the maximum at the top margin
    expect(layout.points[0]!.y).toBeCloseTo(10 + 40 * (50 / 1050), 10);
  });

  it('puts the maximum at the top margin and zero at the bottom margin', () => {
    const layout = chartLayout(
      [
        { label: 'a', value: 0 },
        { label: 'b', value: 7 },
      ],
      W,
      H,
    )!;
    expect(layout.points.map((p) => p.y)).toEqual([50, 10]);
  });

  it('extends the axis below zero for negative values', () => {
    const layout = chartLayout(
      [
        { label: 'a', value: -10 },
        { label: 'b', value: 10 },
        { label: 'c', value: 0 },
      ],
      W,
      H,
    )!;
    expect(layout.min).toBe(-10);
    expect(layout.max).toBe(10);
    expect(layout.points.map((p) => p.y)).toEqual([50, 10, 30]);
  });

  it('draws all-zero values on the bottom line without dividing by zero', () => {
    const layout = chartLayout(
      [
        { label: 'a', value: 0 },
        { label: 'b', value: 0 },
      ],
      W,
      H,
    )!;
    expect(layout.points.map((p) => [p.x, p.y])).toEqual([
      [8, 50],
      [92, 50],
    ]);
  });
});
