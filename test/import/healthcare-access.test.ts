import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { MIRROR } from '../helpers/paths.ts';

/**
 * The access indicators of the built atlas checked against a computation written here from the mirror's
 * files alone: the test's own haversine and its own reading of the facility-type rule.
 */
const db = new Database(inject('atlasDb'), { readonly: true });
afterAll(() => db.close());

interface Facility { id: string; country: string; type: string | null; lon: number; lat: number }
const gisco = JSON.parse(readFileSync(path.join(MIRROR, 'services/healthcare_gisco2020_hautes_vallees_bbox.geojson'), 'utf8')) as {
  features: { properties: Record<string, string | null>; geometry: { coordinates: [number, number] } }[];
};
const facilities: Facility[] = gisco.features.map((f) => ({
  id: f.properties.id!, country: f.properties.cc!, type: f.properties.facility_type ?? null, lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1],
}));
const general = facilities.filter((f) => f.type !== null && (['Centre Hospitalier (C.H.)', 'Centre Hospitalier Régional (C.H.R.)', 'Ospedale a gestione diretta'].includes(f.type)
  || f.type.startsWith('Azienda Ospedaliera')));

function haversineKm(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const r = Math.PI / 180;
  const h = Math.sin(((lat2 - lat1) * r) / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}

const value = (indicator: string, code: string) =>
  db.prepare('SELECT value FROM indicator_values WHERE indicator_id = ? AND subject_id = ?').pluck().get(indicator, code) as number | undefined;

const COMMUNES = { Briançon: '05023', Névache: '05093', 'La Grave': '05063', Bardonecchia: '001022', 'Cesana Torinese': '001074' };

describe('straight-line access to healthcare', () => {
  it.each(Object.entries(COMMUNES))('%s: nearest general hospital, national nearest, gain and counts match an independent computation', (_name, code) => {
    const c = db.prepare('SELECT country, ref_lon, ref_lat, geometry FROM communes WHERE code = ?').get(code) as { country: string; ref_lon: number; ref_lat: number };
    const km = (f: Facility) => haversineKm(c.ref_lon, c.ref_lat, f.lon, f.lat);
    const nearestAny = Math.min(...general.map(km));
    const nearestNational = Math.min(...general.filter((f) => f.country === c.country).map(km));
    expect(value('hospital-distance', code)).toBeCloseTo(nearestAny, 1);
    expect(value('hospital-distance-national', code)).toBeCloseTo(nearestNational, 1);
    expect(value('hospital-cross-border-gain', code)).toBeCloseTo(nearestNational - nearestAny, 0);
    expect(value('health-facilities-15km', code)).toBe(facilities.filter((f) => km(f) <= 15).length);
    expect(value('health-facilities-30km', code)).toBe(facilities.filter((f) => km(f) <= 30).length);
  });

  it('the reference point lies inside its commune', () => {
    const rows = db.prepare('SELECT code, ref_lon, ref_lat, geometry FROM communes').all() as { code: string; ref_lon: number; ref_lat: number; geometry: string }[];
    const outside = rows.filter((r) => !insideArea(JSON.parse(r.geometry), [r.ref_lon, r.ref_lat])).map((r) => r.code);
    expect(outside).toEqual([]);
  });

  it('for Bardonecchia the nearest general hospital is in France, much nearer than the nearest Italian one', () => {
    const flow = db.prepare("SELECT destination_country, destination_service_id FROM flows WHERE origin_code = '001022'").get() as { destination_country: string };
    expect(flow.destination_country).toBe('FR');
    expect(value('hospital-cross-border-gain', '001022')).toBeGreaterThan(10);
  });

  it('the cross-border gain is positive exactly where the nearest general hospital is abroad', () => {
    const rows = db.prepare(`SELECT c.code, c.country, f.destination_country AS nearest, v.value AS gain FROM communes c
      JOIN flows f ON f.origin_code = c.code AND f.kind = 'nearest-hospital'
      JOIN indicator_values v ON v.subject_id = c.code AND v.indicator_id = 'hospital-cross-border-gain'`).all() as { code: string; country: string; nearest: string; gain: number }[];
    expect(rows.length).toBeGreaterThan(100);
    for (const r of rows) expect([r.code, r.gain > 0]).toEqual([r.code, r.nearest !== r.country]);
    expect(rows.filter((r) => r.gain > 0).map((r) => r.code)).toContain('001074');
  });

  it('leaves a value empty where a hospital outside the GISCO extract could be nearer, never guesses', () => {
    // Communes of Porte de Maurienne lie near the extract's western edge: a hospital beyond lon 5.8 could be nearer.
    const rows = db.prepare(`SELECT code, ref_lon, ref_lat FROM communes WHERE code NOT IN
      (SELECT subject_id FROM indicator_values WHERE indicator_id = 'hospital-distance')`).all() as { code: string; ref_lon: number; ref_lat: number }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      const nearest = Math.min(...general.map((f) => haversineKm(r.ref_lon, r.ref_lat, f.lon, f.lat)));
      const toEdge = Math.min(haversineKm(r.ref_lon, r.ref_lat, 5.8, r.ref_lat), haversineKm(r.ref_lon, r.ref_lat, 7.8, r.ref_lat),
        haversineKm(r.ref_lon, r.ref_lat, r.ref_lon, 44.35), haversineKm(r.ref_lon, r.ref_lat, r.ref_lon, 45.65));
      expect(nearest).toBeGreaterThan(toEdge * 0.99);
    }
  });

  it('one potential flow per commune with a certain nearest hospital, weighted by its latest population', () => {
    expect(db.prepare("SELECT count(*) FROM flows WHERE kind = 'nearest-hospital'").pluck().get())
      .toBe(db.prepare("SELECT count(*) FROM indicator_values WHERE indicator_id = 'hospital-distance'").pluck().get());
    const population = (code: string, period: string) =>
      db.prepare("SELECT value FROM indicator_values WHERE indicator_id = 'population' AND subject_id = ? AND period = ?").pluck().get(code, period);
    expect(db.prepare("SELECT value, period FROM flows WHERE origin_code = '05023'").get()).toEqual({ value: population('05023', 'insee-etalab-6.0.0'), period: 'insee-etalab-6.0.0' });
    expect(db.prepare("SELECT value, period FROM flows WHERE origin_code = '001022'").get()).toEqual({ value: population('001022', 'anpr-2026-01'), period: 'anpr-2026-01' });
  });
});

describe('seasonal-pressure proxies', () => {
  it('secondary homes share is P21_RSECOCC / P21_LOG of the census file', () => {
    const line = readFileSync(path.join(MIRROR, 'tourism/fr_logements_rp2021_05_73.csv'), 'utf8').split('\n').find((l) => l.startsWith('05093,'))!;
    const fields = line.split(',');
    expect(value('secondary-homes-share', '05093')).toBeCloseTo((Number(fields[8]) / Number(fields[6])) * 100, 6);
    expect(value('secondary-homes-share', '001022')).toBeUndefined();
  });

  it('classified capacity per 100 inhabitants sums the matched register rows', () => {
    const text = readFileSync(path.join(MIRROR, 'tourism/fr_hebergements_classes_par_commune_05_73_derived.csv'), 'utf8');
    const header = text.split('\n')[0]!.split(',');
    const row = text.split('\n').find((l) => l.startsWith('05063,'))!.split(',');
    const persons = Number(row[header.indexOf('cap_pers_total')]);
    const population = db.prepare("SELECT value FROM indicator_values WHERE indicator_id = 'population' AND subject_id = '05063' AND period = 'insee-etalab-6.0.0'").pluck().get() as number;
    expect(value('classified-beds-per-100', '05063')).toBeCloseTo((persons / population) * 100, 6);
  });

  it('the seasonal workers slot has no value until a planner imports some', () => {
    expect(db.prepare("SELECT count(*) FROM indicator_values WHERE indicator_id = 'seasonal-workers-per-1000'").pluck().get()).toBe(0);
    expect(db.prepare("SELECT importable FROM indicators WHERE id = 'seasonal-workers-per-1000'").pluck().get()).toBe(1);
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
