import { FieldReader } from './fields.ts';
import { sourceCsv, type BuildContext } from './context.ts';
import { valueWriter } from './indicators.ts';

/**
 * Imports the two sourced proxies of seasonal pressure for French communes: the share of secondary and
 * occasional homes (INSEE census 2021) and the classified tourist accommodation capacity per 100
 * inhabitants (Atout France). Register rows matched to no commune are listed in the build report.
 */
export async function importSeasonalProxies(ctx: BuildContext): Promise<string> {
  const values = valueWriter(ctx);
  const french = new Set(ctx.db.prepare("SELECT code FROM communes WHERE country = 'FR'").pluck().all() as string[]);

  const dwellings = await sourceCsv(ctx, 'insee-logements-rp2021');
  const withShare = new Set<string>();
  for (const { line, values: row } of dwellings.rows) {
    const read = new FieldReader(row, { file: dwellings.file, line });
    const code = read.code('insee', /^\d[\dAB]\d{3}$/, 'a five-character INSEE commune code');
    if (!french.has(code)) continue;
    const total = read.number('P21_LOG');
    const secondary = read.number('P21_RSECOCC');
    if (!(total > 0)) read.fail('P21_LOG', 'a positive number of dwellings');
    if (secondary < 0 || secondary > total) read.fail('P21_RSECOCC', 'a number of secondary homes between 0 and P21_LOG');
    values.write('secondary-homes-share', code, 'insee-rp2021', (secondary / total) * 100, 'insee-logements-rp2021');
    withShare.add(code);
  }
  const noShare = [...french].filter((c) => !withShare.has(c));
  if (noShare.length) ctx.log(`  secondary homes: no census 2021 row for ${noShare.join(', ')} (no data)`);

  const register = await sourceCsv(ctx, 'atout-france-hebergements-classes');
  const capacity = new Map<string, number>();
  const unmatched: string[] = [];
  for (const { line, values: row } of register.rows) {
    const read = new FieldReader(row, { file: register.file, line });
    const persons = read.number("CAPACITÉ D'ACCUEIL (PERSONNES)");
    if (!Number.isInteger(persons) || persons < 0) read.fail("CAPACITÉ D'ACCUEIL (PERSONNES)", 'a whole number of persons');
    const code = read.optionalText('insee_derived');
    if (code === null) unmatched.push(`${read.text('NOM COMMERCIAL')} (${read.text('COMMUNE')}, ${read.text('CODE POSTAL')}, line ${line})`);
    else if (french.has(code)) capacity.set(code, (capacity.get(code) ?? 0) + persons);
  }
  const population = new Map((ctx.db.prepare(`SELECT subject_id, value FROM indicator_values
    WHERE indicator_id = 'population' AND period = 'insee-etalab-6.0.0'`).all() as { subject_id: string; value: number }[]).map((r) => [r.subject_id, r.value]));
  for (const [code, persons] of capacity) {
    values.write('classified-beds-per-100', code, 'atout-france-2026-04', (persons / population.get(code)!) * 100, 'atout-france-hebergements-classes');
  }
  ctx.log(`  classified accommodation: ${unmatched.length} register rows matched to no commune (not counted anywhere):`);
  for (const name of unmatched) ctx.log(`    ${name}`);
  return `${withShare.size} secondary-home shares, ${capacity.size} communes with classified accommodation (${french.size - capacity.size} French communes with none matched: no data)`;
}
