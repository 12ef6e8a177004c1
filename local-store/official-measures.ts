import { formulaText, type OfficialMeasure, type OfficialMeasureSummary } from '../vocabulary/official-variables.ts';
import { roundTo } from '../vocabulary/rounding.ts';
import type { ImportReference } from './reference.ts';
import type { Problems } from './rows.ts';

/**
 * One atlas commune in one period of an official file: its variables summed over its rows (one row, or its IRIS),
 * null where a row left one empty; the first line it is on, and the columns the variables are read from.
 */
export interface OfficialGroup {
  commune: string;
  period: string;
  line: number;
  sums: Map<string, number | null>;
  columns: Map<string, string>;
}

/** A value to store: a commune and period the reference data has no value for. */
export interface OfficialValue {
  line: number;
  field: string;
  indicatorId: string;
  communeCode: string;
  period: string;
  value: number;
}

/**
 * Computes each measure of each group by its formula. A value the reference data already has for that commune and
 * period must equal it at the indicator's decimals: it is then counted as agreeing and not stored twice; any other
 * is a problem naming the reference value. A share whose denominator is 0, or a variable left empty, gives no value
 * ("no data"), counted; a numerator larger than its denominator is a problem.
 */
export function computeOfficialValues(
  file: string,
  groups: OfficialGroup[],
  measuresOf: (period: string) => readonly OfficialMeasure[],
  reference: ImportReference,
  problems: Problems,
) {
  const values: OfficialValue[] = [];
  const summaries = new Map<string, OfficialMeasureSummary>();
  for (const group of groups) {
    const column = (variable: string) => group.columns.get(variable)!;
    for (const { indicator, formulas } of measuresOf(group.period)) {
      const formula = formulas[0]!;
      const key = `${indicator} ${group.period}`;
      if (!summaries.has(key))
        summaries.set(key, {
          indicator,
          period: group.period,
          formula: formulaText(formula, column),
          agreeing: 0,
          stored: 0,
          noValue: 0,
        });
      const summary = summaries.get(key)!;
      const target = reference.indicators.get(indicator);
      const field = column(formula.numerator[0]!);
      const at = { file, line: group.line, field };
      if (!target) {
        problems.add(at, `an indicator of the atlas that planners may import: ${indicator} (run npm run build:data)`);
        continue;
      }
      const parts = formula.numerator.map((v) => group.sums.get(v) ?? null);
      const below = formula.denominator === null ? 1 : (group.sums.get(formula.denominator) ?? null);
      if (parts.includes(null) || below === null || below === 0) {
        summary.noValue++;
        continue;
      }
      const above = (parts as number[]).reduce((a, b) => a + b, 0);
      // Sums of IRIS rows may differ from their commune's total in the last bits of a double, never more.
      if (formula.denominator !== null && above > below * (1 + 1e-9)) {
        const what = `at most ${column(formula.denominator)} (${below})`;
        problems.add(
          at,
          `${formulaText({ ...formula, denominator: null }, column)} ${what} for ${group.commune}`,
          above,
        );
        continue;
      }
      const value = (above / below) * formula.scale;
      const known = target.referenceValues.get(group.period)?.get(group.commune);
      if (known === undefined) {
        values.push({ ...at, indicatorId: indicator, communeCode: group.commune, period: group.period, value });
        summary.stored++;
      } else if (roundTo(value, target.decimals) === known) summary.agreeing++;
      else
        problems.add(
          at,
          `${known}, the atlas's reference value of ${indicator} for ${group.commune} in ${group.period} ` +
            `(${summary.formula}, rounded to ${target.decimals} decimal${target.decimals === 1 ? '' : 's'})`,
          roundTo(value, target.decimals),
        );
    }
  }
  return { values, measures: [...summaries.values()] };
}
