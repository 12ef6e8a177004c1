import type { ValueRecord } from './api.ts';
import { classCounts, classLimits, classOf, limitsAtPrecision } from './classify.ts';
import { paletteColours, type PaletteId } from './palettes.ts';
import type { Method } from './classify.ts';

/** How the communes are coloured: class limits, one colour per class, and who has no value. */
export interface Choropleth {
  limits: number[];
  colours: string[];
  counts: number[];
  /** Communes drawn as "no data". */
  noData: number;
  /** Class of each commune with a value; communes without one are absent. */
  classes: Map<string, number>;
  /** Distinct sources and periods of the values shown, for the legend. */
  sources: string[];
  periods: string[];
}

export interface ChoroplethOptions {
  method: Method;
  classes: number;
  breaks: number[];
  palette: PaletteId;
}

/**
 * Classes the values of the communes of `scope` (all of them by default), with limits at the indicator's
 * decimals (the legend shows them), and colours every commune with a value by those limits: outside the scope,
 * a value beyond them takes the first or the last class. A commune with no value is counted, never coloured as
 * low; counts are the scope's.
 */
export function buildChoropleth(
  codes: string[],
  values: Map<string, ValueRecord>,
  options: ChoroplethOptions,
  decimals: number,
  scope: string[] = codes,
): Choropleth {
  const shown = scope.map((code) => [code, values.get(code)] as const);
  const present = shown.filter((entry): entry is readonly [string, ValueRecord] => entry[1] !== undefined);
  const numbers = present.map(([, v]) => v.value);
  const limits = limitsAtPrecision(classLimits(numbers, options.method, options.classes, options.breaks), decimals);
  const classCount = Math.max(limits.length - 1, 0);
  // One distinct value makes a single class [v, v].
  const colours = classCount === 0 ? [] : paletteColours(options.palette, classCount);
  const coloured = codes.flatMap((code) => {
    const found = values.get(code);
    const c = found && classOf(found.value, limits);
    return c === undefined || c === null ? [] : [[code, c] as const];
  });
  const classes = new Map(coloured);
  return {
    limits,
    colours,
    counts: classCounts(numbers, limits),
    noData: shown.length - present.length,
    classes,
    sources: [...new Set(present.map(([, v]) => v.source))].sort(),
    periods: [...new Set(present.map(([, v]) => v.period))].sort(),
  };
}
