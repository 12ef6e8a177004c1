import type { Feature } from '../layers/feature.ts';
import { extentOf, partsOf, pathData, projectionFor } from '../svg-map.ts';

/**
 * The profile's two drawings as inline SVG with presentation attributes only (no style, no script: the strict
 * CSP holds, and a printer draws them as vectors).
 */

/**
 * A locator: the communes around, in light grey, the commune in dark, in an equirectangular projection scaled
 * by the cosine of the middle latitude (the communes span under a degree: the distortion is under 1 %).
 */
export function locatorSvg(commune: Feature, around: Feature[], title: string, width = 280, height = 220): string {
  const extent = extentOf([...around, commune].map((f) => partsOf(f.geometry)));
  if (extent === null) return '';
  const p = projectionFor(extent, width, height, 6);
  const path = (f: Feature) => pathData(partsOf(f.geometry).rings, p, true);
  const others = around
    .filter((f) => f.id !== commune.id)
    .map((f) => `<path d="${path(f)}" fill="#dcdad4" stroke="#ffffff" stroke-width="0.8"/>`);
  return (
    `<svg class="locator" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ` +
    `xmlns="http://www.w3.org/2000/svg"><title>${title}</title>${others.join('')}` +
    `<path d="${path(commune)}" fill="#26325a" stroke="#ffffff" stroke-width="0.8"/></svg>`
  );
}

/**
 * A sparkline of one indicator over its periods, oldest left: a dot per value, joined where consecutive periods
 * both have one; a period without a value leaves a gap (never a zero). Null with fewer than two values.
 */
export function sparklineSvg(values: (number | null)[], title: string, width = 110, height = 26): string | null {
  const present = values.filter((v): v is number => v !== null);
  if (present.length < 2) return null;
  const [low, high] = [Math.min(...present), Math.max(...present)];
  const step = (width - 8) / Math.max(values.length - 1, 1);
  const x = (i: number) => (4 + i * step).toFixed(1);
  const y = (v: number) => (high === low ? height / 2 : 4 + ((high - v) / (high - low)) * (height - 8)).toFixed(1);
  const segments: string[] = [];
  values.forEach((v, i) => {
    const next = values[i + 1];
    if (v !== null && next !== null && next !== undefined) {
      segments.push(`<line x1="${x(i)}" y1="${y(v)}" x2="${x(i + 1)}" y2="${y(next)}" stroke="#26325a"/>`);
    }
  });
  const dots = values.map((v, i) => (v === null ? '' : `<circle cx="${x(i)}" cy="${y(v)}" r="2" fill="#26325a"/>`));
  return (
    `<svg class="sparkline" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ` +
    `xmlns="http://www.w3.org/2000/svg"><title>${title}</title>${segments.join('')}${dots.join('')}</svg>`
  );
}
