import { InputError } from '../../vocabulary/input-error.ts';
import { FieldReader } from './fields.ts';
import { curatedJson, sourceCsv, type BuildContext } from './context.ts';

interface RegionDefinition {
  code: string;
  name: string;
  country: string;
  level: 'country' | 'nuts3';
  provinceCode: string | null;
  evidenceUrl: string;
}

/** The context figure shown beside commune distances: population beyond 20 minutes' drive of healthcare. */
const CONTEXT = { service: 'healthcare', age: 'T', degurba: 'TOTAL', indicator: 'N1', threshold: 'GT_20_MIN' };
const YEARS = [2020, 2023];

/**
 * Imports the regions of data/regions.json, links each commune to its NUTS 3 region, and imports Eurostat's
 * share and count of the population beyond 20 minutes' drive of the nearest healthcare service, 2020 and 2023.
 */
export async function importRegions(ctx: BuildContext): Promise<string> {
  const { file, json } = curatedJson<{ regions: RegionDefinition[] }>(ctx, 'regions.json');
  const insert = ctx.db.prepare('INSERT INTO regions VALUES (?, ?, ?, ?, ?, ?)');
  const link = ctx.db.prepare('UPDATE communes SET nuts3 = ? WHERE province_code = ?');
  for (const r of json.regions) {
    if (!/^[A-Z]{2}[A-Z0-9]{0,3}$/.test(r.code ?? ''))
      throw new InputError({ file, feature: r.code, field: 'code' }, 'a NUTS code such as FRL02', r.code);
    if (r.level !== 'country' && r.level !== 'nuts3')
      throw new InputError({ file, feature: r.code, field: 'level' }, 'country or nuts3', r.level);
    insert.run(r.code, r.name, r.country, r.level, r.provinceCode, r.evidenceUrl);
    if (r.provinceCode) link.run(r.code, r.provinceCode);
  }
  // Eurostat's figures cover the first territories' provinces and their neighbours: elsewhere no region context.
  const linked = ctx.db.prepare('SELECT count(*) FROM communes WHERE nuts3 IS NOT NULL').pluck().get() as number;
  if (linked === 0) throw new InputError({ file, field: 'provinceCode' }, 'a region for at least one commune');

  const csv = await sourceCsv(ctx, 'eurostat-healthcare-access-nuts3');
  const regions = new Set(json.regions.map((r) => r.code));
  const access = ctx.db.prepare('INSERT INTO regional_access VALUES (?, ?, ?, ?, ?, ?, ?)');
  const found = new Map<string, { share?: number; population?: number }>();
  for (const { line, values } of csv.rows) {
    const read = new FieldReader(values, { file: csv.file, line });
    if (
      !regions.has(values.geo!) ||
      values.service !== CONTEXT.service ||
      values.age !== CONTEXT.age ||
      values.degurba !== CONTEXT.degurba ||
      values.access_indic !== CONTEXT.indicator ||
      values.threshold !== CONTEXT.threshold
    )
      continue;
    for (const year of YEARS) {
      const key = `${values.geo} ${year}`;
      const entry = found.get(key) ?? {};
      const value = read.number(`value_${year}`);
      if (values.unit === 'PC') entry.share = value;
      else if (values.unit === 'NR') entry.population = value;
      else read.fail('unit', 'PC (share) or NR (number)');
      found.set(key, entry);
    }
  }
  for (const code of regions) {
    for (const year of YEARS) {
      const entry = found.get(`${code} ${year}`);
      if (entry?.share === undefined || entry.population === undefined) {
        throw new InputError(
          { file: csv.file, field: `value_${year}` },
          `the share and the number of ${code}'s population beyond 20 minutes of healthcare`,
        );
      }
      access.run(
        code,
        CONTEXT.service,
        CONTEXT.threshold,
        year,
        entry.share,
        Math.round(entry.population),
        'eurostat-healthcare-access-nuts3',
      );
    }
  }
  return (
    `${regions.size} regions, ${regions.size * YEARS.length} regional figures of access to healthcare, ` +
    `${linked} communes in those regions`
  );
}
