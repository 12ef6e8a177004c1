import type { BuildContext } from './context.ts';
import { sourceCsv } from './context.ts';
import { FieldReader, uniqueIds } from './fields.ts';
import type { valueWriter } from './indicators.ts';

/**
 * The population files of the Alpine layer (shared data README, "alps/population/"): the INSEE population
 * municipale of every French commune of the perimeter, as @etalab/decoupage-administratif 6.0.0 publishes it,
 * and ANPR's residents of January 2026 of every Italian comune. The first territories' communes already have
 * these periods from their own files: where both give a value, they must agree, and the value is kept once.
 * Slovenia's file states neither vintage nor licence, and no open municipal population of Switzerland, Austria
 * or Bavaria was reachable: those municipalities have no population, hence no density ("no data").
 */
const FILES = [
  {
    source: 'etalab-population-alpconv',
    country: 'FR',
    code: 'code_cog',
    value: 'population_municipale_etalab_v6_0_0',
    period: 'insee-etalab-6.0.0',
  },
  {
    source: 'anpr-residenti-2026-01-alpconv',
    country: 'IT',
    code: 'code',
    value: 'anpr_residenti_2026_01',
    period: 'anpr-2026-01',
  },
] as const;

export async function importAlpinePopulation(
  ctx: BuildContext,
  values: ReturnType<typeof valueWriter>,
): Promise<{ added: number; agreeing: number; empty: number }> {
  const countryOf = ctx.db.prepare('SELECT country FROM communes WHERE code = ?').pluck();
  const existing = ctx.db
    .prepare("SELECT value FROM indicator_values WHERE indicator_id = 'population' AND subject_id = ? AND period = ?")
    .pluck();
  const counts = { added: 0, agreeing: 0, empty: 0 };
  for (const file of FILES) {
    const csv = await sourceCsv(ctx, file.source);
    const once = uniqueIds(csv.file, 'commune code');
    for (const { line, values: row } of csv.rows) {
      const read = new FieldReader(row, { file: csv.file, line });
      const code = read.text(file.code);
      if (countryOf.get(code) !== file.country)
        read.fail(file.code, `the code of a ${file.country} commune of the atlas`);
      once(code, { line }, file.code);
      const value = read.optionalNumber(file.value);
      if (value === null) {
        counts.empty++;
        continue;
      }
      if (!Number.isInteger(value) || value < 0) read.fail(file.value, 'a whole number of inhabitants');
      const known = existing.get(code, file.period) as number | undefined;
      if (known === undefined) {
        values.write('population', code, file.period, value, file.source);
        counts.added++;
      } else if (known === value) counts.agreeing++;
      else read.fail(file.value, `the value ${known} the atlas's own file gives for ${code}`);
    }
  }
  return counts;
}
