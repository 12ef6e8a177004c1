import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MIRROR, PROJECT_ROOT } from '../helpers/paths.ts';
import { useRealApp } from '../helpers/real-app.ts';

/**
 * GET /api/context/healthcare-access checked value by value against the Eurostat file of the mirror it is built
 * from (README: "Eurostat's share and number of inhabitants beyond 20 minutes' drive of healthcare, 2020 and 2023,
 * for Hautes-Alpes, Savoie, Torino, France and Italy"). The file is read here with no code of the importer: the
 * rows of healthcare, all ages (T), all degrees of urbanisation (TOTAL), driving time to the nearest service
 * (N1), beyond 20 minutes (GT_20_MIN), as a share (PC) and a number of people (NR). Beside them, what a general
 * acute hospital is in each country, as the `countries` section of data/facility-classes.json defines it.
 */

const real = useRealApp();

interface Manifest {
  sources: { id: string; mirrorPath?: string }[];
}
interface RegionDefinition {
  code: string;
  name: string;
  country: string;
  level: string;
  provinceCode: string | null;
}

const manifest = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'data/sources.json'), 'utf8')) as Manifest;
/** The manifest's entry for the Eurostat file (its mirror path names it). */
const source = manifest.sources.find((s) => s.mirrorPath?.startsWith('access/eurostat_access_healthcare'))!;
const regions = (
  JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'data/regions.json'), 'utf8')) as { regions: RegionDefinition[] }
).regions;
/** What a general acute hospital is, country by country, as data/facility-classes.json defines it. */
const hospitalDefinitions = (
  JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'data/facility-classes.json'), 'utf8')) as {
    countries: { country: string; definitions: Record<string, string>; limits: Record<string, string> }[];
  }
).countries;

/** The file's figures of the context: `${geo} ${unit}` → [value 2020, value 2023]; every selected row once. */
function readMirror(): Map<string, [number, number]> {
  const [header = '', ...lines] = readFileSync(path.join(MIRROR, source.mirrorPath!), 'utf8').trim().split('\n');
  expect(header).toBe('service,age,degurba,access_indic,threshold,unit,geo,value_2020,value_2023');
  const figures = new Map<string, [number, number]>();
  for (const line of lines) {
    const [service, age, degurba, indicator, threshold, unit, geo, v2020, v2023] = line.split(',');
    if (service !== 'healthcare' || age !== 'T' || degurba !== 'TOTAL' || indicator !== 'N1') continue;
    if (threshold !== 'GT_20_MIN') continue;
    const key = `${geo} ${unit}`;
    expect(figures.has(key), `${key} twice in the file`).toBe(false);
    figures.set(key, [Number(v2020), Number(v2023)]);
  }
  return figures;
}

describe('/api/context/healthcare-access', () => {
  let body: { regions: { code: string }[] };
  beforeAll(async () => {
    const response = await real.app.inject('/api/context/healthcare-access');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    body = response.json();
  });

  it('gives the five regions of the README, in the order of data/regions.json', () => {
    expect(source).toBeDefined();
    expect(regions.map((r) => r.name)).toEqual(['Hautes-Alpes', 'Savoie', 'Torino', 'France', 'Italia']);
    expect(body.regions.map((r) => r.code)).toEqual(regions.map((r) => r.code));
  });

  it('is, whole, the figures of the Eurostat file of the mirror, each region naming that source', () => {
    const figures = readMirror();
    const valuesOf = (code: string) => {
      const share = figures.get(`${code} PC`);
      const people = figures.get(`${code} NR`);
      expect(share, `${code}: share in the file`).toBeDefined();
      expect(people, `${code}: number in the file`).toBeDefined();
      return {
        2020: { share: share![0], population: people![0] },
        2023: { share: share![1], population: people![1] },
      };
    };
    expect(body).toEqual({
      id: 'healthcare-access',
      title: "Population beyond 20 minutes' drive of the nearest healthcare service",
      description:
        'Share (%) and number of inhabitants whose driving time to the nearest healthcare service is over 20 ' +
        'minutes, by NUTS 3 region and country, computed by Eurostat GISCO on its population grid and road ' +
        'network. Regional context for the commune figures, which are straight-line distances.',
      unit: '%',
      years: [2020, 2023],
      regions: regions.map((r) => ({
        code: r.code,
        name: r.name,
        country: r.country,
        level: r.level,
        provinceCode: r.provinceCode,
        values: valuesOf(r.code),
        source: source.id,
      })),
      hospitalDefinitions: hospitalDefinitions
        .map(({ country, definitions, limits }) => ({ country, definitions, limits }))
        .sort((a, b) => a.country.localeCompare(b.country)),
    });
  });

  it('defines a general acute hospital in five languages for every country that has one', () => {
    const { hospitalDefinitions: served } = body as unknown as {
      hospitalDefinitions: { country: string; definitions: Record<string, string>; limits: Record<string, string> }[];
    };
    const countries = real.atlas.db
      .prepare(
        `SELECT DISTINCT country FROM health_facilities
          WHERE facility_class = 'general-acute-hospital' ORDER BY country`,
      )
      .pluck()
      .all() as string[];
    expect(countries).toEqual(expect.arrayContaining(['AT', 'CH', 'DE', 'FR', 'IT', 'SI']));
    // The countries of the GISCO extract with a general acute hospital, no fewer and no more.
    expect(served.map((d) => d.country)).toEqual(countries);
    const untranslated = served.flatMap(({ country, definitions, limits }) =>
      [definitions, limits].flatMap((texts) =>
        ['en', 'fr', 'it', 'de', 'sl'].filter((lang) => !texts[lang]?.trim()).map((lang) => `${country} ${lang}`),
      ),
    );
    expect(untranslated).toEqual([]);
  });

  it("gives the NUTS 3 region of each commune of the regions' provinces, null elsewhere, never guessed", async () => {
    const communes = (
      await real.app.inject(
        '/ogc/collections/communes/items?limit=10000&skipGeometry=true&properties=country,province_code,nuts3',
      )
    ).json().features as {
      id: string;
      properties: { country: string; province_code: string | null; nuts3: string | null };
    }[];
    expect(communes).toHaveLength(real.atlas.db.prepare('SELECT count(*) FROM communes').pluck().get() as number);
    // A commune's NUTS 3 region is that of its province where data/regions.json lists it, and null elsewhere (the
    // other départements and provinces, and the countries without a province); each one named has its figures.
    const nuts3 = regions.filter((r) => r.level === 'nuts3');
    const countries = new Set(regions.filter((r) => r.level === 'country').map((r) => r.country));
    const codes = new Set(body.regions.map((r) => r.code));
    const wrong = communes.flatMap(({ id, properties: { country, province_code, nuts3: region } }) => {
      const expected = nuts3.find((r) => r.country === country && r.provinceCode === province_code)?.code ?? null;
      if (region !== expected) return [`${id}: ${region}, expected ${expected}`];
      if (region !== null && !codes.has(region)) return [`${id}: ${region} without figures`];
      return [];
    });
    expect(wrong).toEqual([]);
    // Every French and Italian commune has its country's figures; the first territories' communes their region's.
    expect([...countries].sort()).toEqual(['FR', 'IT']);
    for (const country of countries) expect(codes.has(country), country).toBe(true);
    const first = real.atlas.db
      .prepare(`SELECT DISTINCT t.commune_code FROM territory_communes t JOIN territories k ON k.id = t.territory_id
        WHERE k.kind IN ('epci', 'study-area')`)
      .pluck()
      .all() as string[];
    expect(first).toHaveLength(127);
    const byCode = new Map(communes.map((c) => [c.id, c.properties.nuts3]));
    expect(first.filter((code) => byCode.get(code) === null)).toEqual([]);
    expect(communes.filter((c) => c.properties.nuts3 !== null).length).toBeGreaterThan(first.length);
  });
});
