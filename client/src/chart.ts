/** A small line chart of one commune's values over periods, as SVG coordinates. Pure geometry. */
export interface ChartPoint {
  label: string;
  value: number;
  x: number;
  y: number;
}

export interface ChartLayout {
  width: number;
  height: number;
  points: ChartPoint[];
  /** The value axis from 0 (or the lowest value, if negative) to the highest. */
  min: number;
  max: number;
}

const MARGIN = { left: 8, right: 8, top: 10, bottom: 10 };

/**
 * Periods without a value are left out, not drawn as zero. The axis starts at zero so that a change
 * from 1 000 to 1 050 does not look like a doubling.
 */
export function chartLayout(
  series: { label: string; value: number | null }[],
  width: number,
  height: number,
): ChartLayout | null {
  const present = series.filter(
    (s): s is { label: string; value: number } => s.value !== null && Number.isFinite(s.value),
  );
  if (present.length < 2) return null;
  const min = Math.min(0, ...present.map((s) => s.value));
  const max = Math.max(...present.map((s) => s.value));
  const span = max - min || 1;
  const innerW = width - MARGIN.left - MARGIN.right;
  const innerH = height - MARGIN.top - MARGIN.bottom;
  const points = present.map((s, i) => ({
    label: s.label,
    value: s.value,
    x: MARGIN.left + (innerW * i) / (present.length - 1),
    y: MARGIN.top + innerH * (1 - (s.value - min) / span),
  }));
  return { width, height, points, min, max };
}
