import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { MIRROR, PROJECT_ROOT } from '../helpers/paths.ts';

/**
 * The access indicators of the built atlas checked against a computation written here from the mirror's
 * files alone: the test's own haversine and its own reading of the facility-type rule.
 */
const db = new Database(inject('atlasDb'), { readonly: true });
afterAll(() => db.close());

interface Facility {
  id: string;
  name: string;
  country: string;
  type: string | null;
  lon: number;
  lat: number;
  facilityClass: string;
}
const gisco = JSON.parse(
  readFileSync(path.join(MIRROR, 'alps/services/healthcare_gisco2020_alpconv2025_bbox50km.geojson'), 'utf8'),
) as {
  features: { properties: Record<string, string | null>; geometry: { coordinates: [number, number] } }[];
};
const classes = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'data/facility-classes.json'), 'utf8')) as {
  types: { facilityType: string | null; class: string }[];
  rules: {
    types: (string | null)[];
    countries?: string[];
    namePattern?: string;
    sitePattern?: string;
    specsPattern?: string;
    class: string;
  }[];
};
const notes = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'data/service-notes.json'), 'utf8')) as {
  notes: { service: string }[];
};
const located = (id: string) => !notes.notes.some((n) => n.service === `gisco-${id}`);
/**
 * The test's own reading of the curated classes: the type's class, unless the first rule of the record's type
 * and country whose every pattern matches (name, site, intensive care areas) says otherwise.
 */
function classOf(p: Record<string, string | null>): string {
  const type = p.facility_type ?? null;
  const matches = (pattern: string | undefined, text: string | null) =>
    pattern === undefined || new RegExp(pattern, 'iu').test(text ?? '');
  const rule = classes.rules.find(
    (r) =>
      r.types.includes(type) &&
      (r.countries === undefined || r.countries.includes(p.cc!)) &&
      matches(r.namePattern, p.hospital_name!) &&
      matches(r.sitePattern, p.site_name ?? null) &&
      matches(r.specsPattern, p.list_specs ?? null),
  );
  return rule?.class ?? classes.types.find((t) => t.facilityType === type)!.class;
}
const unique = new Map(gisco.features.map((f) => [f.properties.id!, f] as const).reverse());
const facilities: Facility[] = [...unique.values()]
  .filter((f) => located(f.properties.id!))
  .map((f) => ({
    id: f.properties.id!,
    name: f.properties.hospital_name!,
    country: f.properties.cc!,
    type: f.properties.facility_type ?? null,
    lon: f.geometry.coordinates[0],
    lat: f.geometry.coordinates[1],
    facilityClass: classOf(f.properties),
  }));
const general = facilities.filter((f) => f.facilityClass === 'general-acute-hospital');

function haversineKm(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const r = Math.PI / 180;
  const h =
    Math.sin(((lat2 - lat1) * r) / 2) ** 2 +
    Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}

const value = (indicator: string, code: string) =>
  db
    .prepare('SELECT value FROM indicator_values WHERE indicator_id = ? AND subject_id = ?')
    .pluck()
    .get(indicator, code) as number | undefined;

const COMMUNES = {
  Briançon: '05023',
  Névache: '05093',
  'La Grave': '05063',
  Bardonecchia: '001022',
  'Cesana Torinese': '001074',
  // A PlurAlps pilot in each of the other countries.
  Gaschurn: 'AT-80110',
  Sattel: 'CH-1371',
  'Aschau im Chiemgau': 'DE-09187114',
  Kamnik: 'SI-43',
};

describe('straight-line access to healthcare', () => {
  it.each(Object.entries(COMMUNES))(
    '%s: nearest general acute hospital, national nearest, gain, emergency base and counts match an independent ' +
      'computation',
    (_name, code) => {
      const c = db.prepare('SELECT country, ref_lon, ref_lat, geometry FROM communes WHERE code = ?').get(code) as {
        country: string;
        ref_lon: number;
        ref_lat: number;
      };
      const km = (f: Facility) => haversineKm(c.ref_lon, c.ref_lat, f.lon, f.lat);
      const nearestAny = Math.min(...general.map(km));
      const nearestNational = Math.min(...general.filter((f) => f.country === c.country).map(km));
      expect(value('hospital-distance', code)).toBeCloseTo(nearestAny, 1);
      expect(value('hospital-distance-national', code)).toBeCloseTo(nearestNational, 1);
      expect(value('hospital-cross-border-gain', code)).toBeCloseTo(nearestNational - nearestAny, 0);
      expect(value('health-facilities-15km', code)).toBe(facilities.filter((f) => km(f) <= 15).length);
      expect(value('health-facilities-30km', code)).toBe(facilities.filter((f) => km(f) <= 30).length);
      const bases = facilities.filter(
        (f) => f.country === 'FR' && ['general-acute-hospital', 'emergency-antenna'].includes(f.facilityClass),
      );
      if (c.country === 'FR') expect(value('emergency-base-distance', code)).toBeCloseTo(Math.min(...bases.map(km)), 1);
      else expect(value('emergency-base-distance', code)).toBeUndefined();
    },
  );

  it('emergency antennas, psychiatric day units and local hospitals are not general acute hospitals', () => {
    const facilityClass = db.prepare('SELECT facility_class FROM health_facilities WHERE id = ?').pluck();
    // HOPITAL DE JOUR PSY INFANTO JUVENILE PRAMBULLE
    expect(facilityClass.get('gisco-FR_50005263')).toBe('psychiatric-or-day-unit');
    expect(facilityClass.get('gisco-FR_730010477')).toBe('emergency-antenna'); // ANTENNE SMUR MODANE
    expect(facilityClass.get('gisco-FR_730012440')).toBe('emergency-antenna'); // ANTENNE SMUR MOUTIERS
    expect(facilityClass.get('gisco-FR_380019760')).toBe('emergency-antenna'); // ANTENNE SMUR ALPES D'HUEZ
    expect(facilityClass.get('gisco-FR_50000231')).toBe('general-acute-hospital'); // CH DES ESCARTONS DE BRIANCON
    const modane = db
      .prepare(
        "SELECT facility_type, facility_class FROM health_facilities WHERE name = 'CENTRE HOSPITALIER DE MODANE'",
      )
      .get();
    expect(modane).toEqual({ facility_type: 'Centre hospitalier, ex Hôpital local', facility_class: 'local-hospital' });
    const flowsTo = db
      .prepare(`SELECT count(*) FROM flows f JOIN health_facilities h ON h.id = f.destination_service_id
      WHERE f.kind = 'nearest-hospital' AND h.facility_class <> 'general-acute-hospital'`)
      .pluck();
    expect(flowsTo.get()).toBe(0);
  });

  it('a commune has a nearest hospital exactly where no unclassified record is nearer than the one found', () => {
    const communes = db.prepare('SELECT code, ref_lon, ref_lat FROM communes').all() as {
      code: string;
      ref_lon: number;
      ref_lat: number;
    }[];
    const unclassified = facilities.filter((f) => f.facilityClass === 'unclassified');
    const expected = communes.filter((c) => {
      const km = (f: Facility) => haversineKm(c.ref_lon, c.ref_lat, f.lon, f.lat);
      return Math.min(...general.map(km)) <= Math.min(...unclassified.map(km));
    });
    const withValue = db
      .prepare("SELECT subject_id FROM indicator_values WHERE indicator_id = 'hospital-distance'")
      .pluck()
      .all() as string[];
    expect(withValue.sort()).toEqual(expected.map((c) => c.code).sort());
    // The records the classes cannot decide leave a few communes without a value, and no whole country.
    expect(withValue.length / communes.length).toBeGreaterThan(0.99);
    expect(
      db.prepare('SELECT count(*) FROM indicator_values WHERE indicator_id = ?').pluck().get('health-facilities-30km'),
    ).toBe(communes.length);
  });

  it('a record with a known location problem counts in no distance and no count', () => {
    // FR_60000494 (Tende) is published at 45.571 N, 5.954 E, near Chambéry, inside the 30 km of the Porte de Maurienne
    // communes.
    expect(
      db.prepare("SELECT usable_location FROM health_facilities WHERE id = 'gisco-FR_60000494'").pluck().get(),
    ).toBe(0);
    expect(facilities.some((f) => f.id === 'FR_60000494')).toBe(false);
  });

  it('the reference point lies inside its commune', () => {
    const rows = db.prepare('SELECT code, ref_lon, ref_lat, geometry FROM communes').all() as {
      code: string;
      ref_lon: number;
      ref_lat: number;
      geometry: string;
    }[];
    const outside = rows.filter((r) => !insideArea(JSON.parse(r.geometry), [r.ref_lon, r.ref_lat])).map((r) => r.code);
    expect(outside).toEqual([]);
  });

  it(
    'for Bardonecchia the nearest general acute hospital is Briançon, 3.5 km nearer than Susa; Bessans gains 26.5 ' +
      'km in Italy',
    () => {
      const flow = db
        .prepare("SELECT destination_country, destination_service_id FROM flows WHERE origin_code = '001022'")
        .get();
      expect(flow).toEqual({ destination_country: 'FR', destination_service_id: 'gisco-FR_50000231' });
      expect([value('hospital-distance', '001022'), value('hospital-distance-national', '001022')]).toEqual([
        22.1, 25.6,
      ]);
      expect(value('hospital-cross-border-gain', '001022')).toBeCloseTo(3.5, 6);
      expect(value('hospital-cross-border-gain', '73040')).toBeCloseTo(26.5, 6);
    },
  );

  it('the cross-border gain is positive exactly where the nearest general acute hospital is abroad', () => {
    const rows = db
      .prepare(`SELECT c.code, c.country, f.destination_country AS nearest, v.value AS gain FROM communes c
      JOIN flows f ON f.origin_code = c.code AND f.kind = 'nearest-hospital'
      JOIN indicator_values v ON v.subject_id = c.code AND v.indicator_id = 'hospital-cross-border-gain'`)
      .all() as { code: string; country: string; nearest: string; gain: number }[];
    expect(rows.length).toBeGreaterThan(100);
    // A gain rounds the two distances first: a hospital abroad less than 0.05 km nearer gives a gain of 0.
    for (const r of rows)
      expect([r.code, r.gain >= 0 && r.gain > 0 <= (r.nearest !== r.country)]).toEqual([r.code, true]);
    for (const r of rows.filter((row) => row.gain > 0)) expect([r.code, r.nearest]).not.toEqual([r.code, r.country]);
    expect(rows.filter((r) => r.gain > 0).map((r) => r.code)).toContain('001074');
  });

  it('one potential flow per commune with a certain nearest hospital and a population, weighted by it', () => {
    expect(db.prepare("SELECT count(*) FROM flows WHERE kind = 'nearest-hospital'").pluck().get()).toBe(
      db
        .prepare(`SELECT count(*) FROM indicator_values d WHERE d.indicator_id = 'hospital-distance'
          AND EXISTS (SELECT 1 FROM indicator_values p
            WHERE p.indicator_id = 'population' AND p.subject_id = d.subject_id)`)
        .pluck()
        .get(),
    );
    const population = (code: string, period: string) =>
      db
        .prepare(
          "SELECT value FROM indicator_values WHERE indicator_id = 'population' AND subject_id = ? AND period = ?",
        )
        .pluck()
        .get(code, period);
    expect(db.prepare("SELECT value, period FROM flows WHERE origin_code = '05023'").get()).toEqual({
      value: population('05023', 'insee-etalab-6.0.0'),
      period: 'insee-etalab-6.0.0',
    });
    expect(db.prepare("SELECT value, period FROM flows WHERE origin_code = '001022'").get()).toEqual({
      value: population('001022', 'anpr-2026-01'),
      period: 'anpr-2026-01',
    });
  });
});

describe('seasonal-pressure proxies', () => {
  it('secondary homes share is P21_RSECOCC / P21_LOG of the census file', () => {
    const line = readFileSync(path.join(MIRROR, 'tourism/fr_logements_rp2021_05_73.csv'), 'utf8')
      .split('\n')
      .find((l) => l.startsWith('05093,'))!;
    const fields = line.split(',');
    expect(value('secondary-homes-share', '05093')).toBeCloseTo((Number(fields[8]) / Number(fields[6])) * 100, 1);
    expect(value('secondary-homes-share', '001022')).toBeUndefined();
  });

  it('classified capacity per 100 inhabitants sums the matched register rows', () => {
    const text = readFileSync(
      path.join(MIRROR, 'tourism/fr_hebergements_classes_par_commune_05_73_derived.csv'),
      'utf8',
    );
    const header = text.split('\n')[0]!.split(',');
    const row = text
      .split('\n')
      .find((l) => l.startsWith('05063,'))!
      .split(',');
    const persons = Number(row[header.indexOf('cap_pers_total')]);
    const population = db
      .prepare(
        "SELECT value FROM indicator_values WHERE indicator_id = 'population' AND subject_id = '05063' AND period = " +
          "'insee-etalab-6.0.0'",
      )
      .pluck()
      .get() as number;
    expect(value('classified-beds-per-100', '05063')).toBeCloseTo((persons / population) * 100, 1);
  });

  it('the seasonal workers slot has no value until a planner imports some', () => {
    expect(
      db
        .prepare("SELECT count(*) FROM indicator_values WHERE indicator_id = 'seasonal-workers-per-1000'")
        .pluck()
        .get(),
    ).toBe(0);
    expect(db.prepare("SELECT importable FROM indicators WHERE id = 'seasonal-workers-per-1000'").pluck().get()).toBe(
      1,
    );
  });
});

/** Even-odd test: inside the outer ring of one polygon and outside its holes. */
function insideArea(area: { type: string; coordinates: unknown }, [x, y]: [number, number]): boolean {
  const polygons = (area.type === 'Polygon' ? [area.coordinates] : area.coordinates) as number[][][][];
  return polygons.some(([outer, ...holes]) => crosses(outer!, x, y) && !holes.some((hole) => crosses(hole, x, y)));
}

function crosses(ring: number[][], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi! > y !== yj! > y && x < ((xj! - xi!) * (y - yi!)) / (yj! - yi!) + xi!) inside = !inside;
  }
  return inside;
}
