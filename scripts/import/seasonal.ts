import { FieldReader } from './fields.ts';
import { curatedJson, sourceCsv, sourcePackageJson, type BuildContext } from './context.ts';
import { InputError } from '../../vocabulary/input-error.ts';
import { matcher, type CogCommune, type LocalityAlias } from './accommodation-match.ts';
import { valueWriter } from './indicators.ts';
import { FIRST_DEPARTEMENTS } from './communes.ts';

/**
 * Imports the two sourced proxies of seasonal pressure for French communes: the share of secondary and
 * occasional homes (INSEE census 2021) and the classified tourist accommodation capacity per 100
 * inhabitants (Atout France). Register rows matched to no commune are listed in the build report.
 */
export async function importSeasonalProxies(ctx: BuildContext): Promise<string> {
  const values = valueWriter(ctx);
  const french = new Set(ctx.db.prepare("SELECT code FROM communes WHERE country = 'FR'").pluck().all() as string[]);
  // Both files hold Hautes-Alpes and Savoie only; the register's localities were matched, and their aliases
  // reviewed, for the communes of the EPCIs: the capacity is computed there, elsewhere "no data".
  const covered = new Set(
    ctx.db
      .prepare(`SELECT code FROM communes WHERE country = 'FR' AND province_code IN (SELECT value FROM json_each(?))`)
      .pluck()
      .all(JSON.stringify(FIRST_DEPARTEMENTS)) as string[],
  );
  const reviewed = new Set(
    ctx.db
      .prepare(`SELECT DISTINCT commune_code FROM territory_communes JOIN territories t ON t.id = territory_id
        WHERE t.kind = 'epci'`)
      .pluck()
      .all() as string[],
  );

  const dwellings = await sourceCsv(ctx, 'insee-logements-rp2021');
  const withShare = new Set<string>();
  for (const { line, values: row } of dwellings.rows) {
    const read = new FieldReader(row, { file: dwellings.file, line });
    const code = read.code('insee', /^\d[\dAB]\d{3}$/, 'a five-character INSEE commune code');
    if (!french.has(code)) continue;
    const total = read.number('P21_LOG');
    const secondary = read.number('P21_RSECOCC');
    if (!(total > 0)) read.fail('P21_LOG', 'a positive number of dwellings');
    if (secondary < 0 || secondary > total)
      read.fail('P21_RSECOCC', 'a number of secondary homes between 0 and P21_LOG');
    values.write('secondary-homes-share', code, 'insee-rp2021', (secondary / total) * 100, 'insee-logements-rp2021');
    withShare.add(code);
  }
  const noShare = [...covered].filter((c) => !withShare.has(c));
  if (noShare.length) ctx.log(`  secondary homes: no census 2021 row for ${noShare.join(', ')} (no data)`);

  const register = await sourceCsv(ctx, 'atout-france-hebergements-classes');
  const cog = sourcePackageJson(ctx, 'etalab-decoupage-administratif', 'data/communes.json') as CogCommune[];
  const match = matcher(cog, localityAliases(ctx));
  const capacity = new Map<string, number>();
  const byHow = new Map<string, number>();
  const unmatched: { row: string; postcode: string; why: string }[] = [];
  for (const { line, values: row } of register.rows) {
    const read = new FieldReader(row, { file: register.file, line });
    const persons = read.number("CAPACITÉ D'ACCUEIL (PERSONNES)");
    if (!Number.isInteger(persons) || persons < 0)
      read.fail("CAPACITÉ D'ACCUEIL (PERSONNES)", 'a whole number of persons');
    const postcode = read.code('CODE POSTAL', /^\d{5}$/, 'a five-digit postcode');
    const found = match({
      locality: read.optionalText('COMMUNE') ?? '',
      postcode,
      establishment: read.text('NOM COMMERCIAL'),
      derived: read.optionalText('insee_derived'),
      derivedMethod: read.optionalText('match_method') ?? '',
    });
    if (found.commune === null) {
      unmatched.push({
        row: `${read.text('NOM COMMERCIAL')} (${read.optionalText('COMMUNE')}, ${postcode}, line ${line})`,
        postcode,
        why: found.why,
      });
      continue;
    }
    byHow.set(found.how, (byHow.get(found.how) ?? 0) + 1);
    if (reviewed.has(found.commune)) capacity.set(found.commune, (capacity.get(found.commune) ?? 0) + persons);
  }
  // An unmatched row whose postcode is an atlas commune's could belong to it: its value would then be too low.
  const atlasPostcodes = new Set(
    cog.filter((c) => c.type === 'commune-actuelle' && reviewed.has(c.code)).flatMap((c) => c.codesPostaux ?? []),
  );
  const incomplete = unmatched.filter((u) => atlasPostcodes.has(u.postcode));
  if (incomplete.length) {
    throw new Error(
      `classified accommodation: ${incomplete.length} register rows matched to no commune share a postcode with an ` +
        `atlas commune, ` +
        `whose value would be too low: ${incomplete.map((u) => `${u.row}: ${u.why}`).join('; ')}. Add a curated ` +
        `alias with its evidence.`,
    );
  }
  const population = new Map(
    (
      ctx.db
        .prepare(`SELECT subject_id, value FROM indicator_values
    WHERE indicator_id = 'population' AND period = 'insee-etalab-6.0.0'`)
        .all() as { subject_id: string; value: number }[]
    ).map((r) => [r.subject_id, r.value]),
  );
  for (const [code, persons] of capacity) {
    values.write(
      'classified-beds-per-100',
      code,
      'atout-france-2026-04',
      (persons / population.get(code)!) * 100,
      'atout-france-hebergements-classes',
    );
  }
  ctx.log(`  classified accommodation: ${[...byHow].map(([how, n]) => `${n} rows matched by ${how}`).join(', ')}`);
  ctx.log(`  ${unmatched.length} register rows matched to no commune (none has an atlas commune's postcode):`);
  for (const u of unmatched) ctx.log(`    ${u.row}: ${u.why}`);
  return (
    `${withShare.size} secondary-home shares, ${capacity.size} communes with classified accommodation ` +
    `(${reviewed.size - capacity.size} communes of the EPCIs with none matched: no data)`
  );
}

/** data/accommodation-localities.json, each alias checked for a commune code and its evidence. */
function localityAliases(ctx: BuildContext): LocalityAlias[] {
  const { file, json } = curatedJson<{ aliases: LocalityAlias[] }>(ctx, 'accommodation-localities.json');
  if (!Array.isArray(json.aliases)) throw new InputError({ file, field: 'aliases' }, 'a list of aliases');
  json.aliases.forEach((a, i) => {
    const read = new FieldReader(a as unknown as Record<string, unknown>, { file, feature: i + 1 });
    read.code('commune', /^\d[\dAB]\d{3}$/, 'a five-character INSEE commune code');
    read.code('postcode', /^\d{5}$/, 'a five-digit postcode');
    read.text('locality');
    if (read.text('evidence').length < 40) read.fail('evidence', 'a sentence of evidence for the alias');
  });
  return json.aliases;
}
