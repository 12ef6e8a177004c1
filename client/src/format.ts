import type { Indicator } from './api.ts';
import { pick, t, type Lang } from './i18n/index.ts';

/** A number in the language's own digits and separators, with the indicator's decimals. */
export function formatNumber(value: number, decimals: number, lang: Lang): string {
  return new Intl.NumberFormat(lang, { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(
    value,
  );
}

/** "1 234 inhabitants", or "no data" for a missing value: never a zero. */
export function formatValue(value: number | null | undefined, decimals: number, unit: string, lang: Lang): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return t(lang, 'noData');
  return unit ? `${formatNumber(value, decimals, lang)} ${unit}` : formatNumber(value, decimals, lang);
}

/** A class range "12.5 – 40.0" with the indicator's decimals; a class of one value is that value. */
export function formatRange(low: number, high: number, decimals: number, lang: Lang): string {
  if (low === high) return formatNumber(low, decimals, lang);
  return `${formatNumber(low, decimals, lang)} – ${formatNumber(high, decimals, lang)}`;
}

/** The range of each class of the legend (on the page and in the exported image), from the class limits. */
export function classRanges(limits: number[], decimals: number, lang: Lang): string[] {
  return limits.slice(1).map((high, i) => formatRange(limits[i]!, high, decimals, lang));
}

/** A period's label in the page's language; the period id where the indicator does not list it. */
export function periodLabel(indicator: Indicator, period: string, lang: Lang): string {
  const found = indicator.periods.find((p) => p.period === period);
  return found ? pick(found.labels, lang) : period;
}
