import {
  PERIOD_PATTERN,
  Problems,
  SourceKeys,
  decodeFile,
  numberExpectation,
  parseNumber,
  readCsvTable,
} from './rows.ts';
import type { ImportReference } from './reference.ts';

export const INDICATOR_COLUMNS = ['indicator', 'commune', 'period', 'value', 'source', 'licence'] as const;

export interface IndicatorRow {
  line: number;
  indicatorId: string;
  communeCode: string;
  period: string;
  value: number;
  sourceKey: string;
}

/** Checks an indicator values file whole; `imported` finds a value an earlier import already gave (its import id). */
export function readIndicatorFile(
  file: string,
  bytes: Uint8Array,
  reference: ImportReference,
  imported: (indicator: string, period: string, commune: string) => number | undefined,
) {
  const rows = readCsvTable(file, decodeFile(file, bytes), INDICATOR_COLUMNS);
  const problems = new Problems();
  const sources = new SourceKeys();
  const seen = new Map<string, number>();
  const out: IndicatorRow[] = [];
  for (const { line, values: v } of rows) {
    const at = (field: string) => ({ file, line, field });
    const indicator = reference.indicators.get(v.indicator!);
    if (!indicator)
      problems.add(
        at('indicator'),
        `an indicator planners may import: ${[...reference.indicators.keys()].join(', ')}`,
        v.indicator,
      );
    if (!reference.communes.has(v.commune!))
      problems.add(at('commune'), 'the code of an atlas commune (INSEE or ISTAT, e.g. 05023 or 001022)', v.commune);
    if (!PERIOD_PATTERN.test(v.period!))
      problems.add(
        at('period'),
        'a period id of letters, digits, dots, underscores or hyphens (at most 40), e.g. winter-2024-2025',
        v.period,
      );
    else if (indicator?.referencePeriods.has(v.period!))
      problems.add(
        at('period'),
        `a new period: "${v.period}" is a period of the reference data for ${v.indicator}, which the build fills`,
        v.period,
      );
    const value = parseNumber(v.value!);
    if (value === null) problems.add(at('value'), numberExpectation(v.value!), v.value);
    const key = `${v.indicator} ${v.period} ${v.commune}`;
    if (seen.has(key))
      problems.add(
        at('commune'),
        `one value per indicator, commune and period (line ${seen.get(key)} has the same)`,
        v.commune,
      );
    seen.set(key, line);
    const earlier = imported(v.indicator!, v.period!, v.commune!);
    if (earlier !== undefined)
      problems.add(
        at('period'),
        `a value not imported already (import ${earlier} has ${v.indicator} for ${v.commune} in ${v.period}; remove ` +
          `it first)`,
        v.period,
      );
    const sourceKey = sources.read(v, { file, line }, problems);
    out.push({
      line,
      indicatorId: v.indicator!,
      communeCode: v.commune!,
      period: v.period!,
      value: value ?? NaN,
      sourceKey,
    });
  }
  problems.throwIfAny();
  return { rows: out, sources: sources.pairs };
}
