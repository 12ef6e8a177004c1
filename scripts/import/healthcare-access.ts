import type { Position } from 'geojson';
import type { BuildContext } from './context.ts';
import { CATALOGUE_MARGIN_KM } from './health-facilities.ts';
import { FIRST_DEPARTEMENTS } from './communes.ts';
import { valueWriter } from './indicators.ts';
import { roundTo } from '../../vocabulary/rounding.ts';
import { distanceKm, distanceToBoxEdgeKm, nearest, type Place } from './nearest.ts';

/**
 * The box the mirror's GISCO extract was clipped to (lon 4.19–17.17, lat 42.98–48.82: the Alpine Convention
 * perimeter's box widened by about 50 km, shared data README): facilities outside it are not in the file.
 */
export const GISCO_EXTRACT_BOX: [number, number, number, number] = [4.19, 42.98, 17.17, 48.82];

const GENERAL = 'general-acute-hospital';
const SOURCE = 'gisco-healthcare-2020';
const PERIOD = 'gisco-2020';

interface Commune {
  code: string;
  country: string;
  province: string | null;
  point: Position;
}

interface Facility {
  id: string;
  country: string;
  facilityClass: string;
}

/**
 * Computes the straight-line access indicators from each commune's reference point: nearest general acute
 * hospital in any country and in the commune's own, the cross-border gain, nearest emergency base (French
 * communes), GISCO facilities within 15 and 30 km, nearest France services point and nearest passenger station;
 * and the potential flow of each commune's population to its nearest general acute hospital. A value is left
 * out (no data), never guessed, where a facility could be nearer than the one found: beyond the extract's edge,
 * or a record whose type does not tell its class.
 */
export function importHealthcareAccess(ctx: BuildContext): string {
  const values = valueWriter(ctx);
  const communes = (
    ctx.db.prepare('SELECT code, country, province_code, ref_lon, ref_lat FROM communes ORDER BY code').all() as {
      code: string;
      country: string;
      province_code: string | null;
      ref_lon: number;
      ref_lat: number;
    }[]
  ).map(
    (c): Commune => ({ code: c.code, country: c.country, province: c.province_code, point: [c.ref_lon, c.ref_lat] }),
  );
  const studyArea = new Set(
    ctx.db
      .prepare(`SELECT commune_code FROM territory_communes JOIN territories t ON t.id = territory_id
        WHERE t.kind = 'study-area'`)
      .pluck()
      .all(),
  );
  // The France services and SNCF station files hold the départements of the first territories only, and the
  // Trenitalia file the west of the Torino province: nearest distances are computed where they cover the commune
  // (the Italian study area), elsewhere "no data", as a nearer place outside the file could exist.
  const stationCovered = (c: Commune) =>
    c.country === 'FR' ? FIRST_DEPARTEMENTS.includes(c.province ?? '') : studyArea.has(c.code);
  const places = (sql: string) =>
    (
      ctx.db.prepare(sql).all() as { id: string; country: string; lon: number; lat: number; facility_class?: string }[]
    ).map(
      (r): Place<Facility> => ({
        point: [r.lon, r.lat],
        item: { id: r.id, country: r.country, facilityClass: r.facility_class ?? '' },
      }),
    );
  const facilities = places(
    'SELECT id, country, lon, lat, facility_class FROM health_facilities WHERE usable_location = 1',
  );
  const franceServices = places("SELECT id, country, lon, lat FROM services WHERE category = 'france-services'");
  const stations = places('SELECT id, country, lon, lat FROM rail_stations WHERE passenger_service IS NOT 0');
  const inLayer = ctx.db.prepare('SELECT commune_code FROM services WHERE id = ?');
  const population =
    ctx.db.prepare(`SELECT v.value, v.period, v.source_id FROM indicator_values v JOIN indicator_periods p USING
      (indicator_id, period)
    WHERE v.indicator_id = 'population' AND v.subject_id = ? ORDER BY p.sort_order DESC LIMIT 1`);
  const flow = ctx.db.prepare('INSERT INTO flows VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');

  /** Facilities of some classes, in one country or all: the lists every commune is measured against. */
  const lists = new Map<string, Place<Facility>[]>();
  const ofClasses = (classes: string[], country: string | null) => {
    const key = `${classes.join('+')} ${country ?? '*'}`;
    if (!lists.has(key))
      lists.set(
        key,
        facilities.filter(
          (f) => classes.includes(f.item.facilityClass) && (country === null || f.item.country === country),
        ),
      );
    return lists.get(key)!;
  };

  /** The nearest facility of the classes (in the country, or any), or null when one could be nearer unseen. */
  const certainNearest = (commune: Commune, classes: string[], country: string | null) => {
    const found = nearest(commune.point, ofClasses(classes, country));
    if (found === null || found.km > distanceToBoxEdgeKm(commune.point, GISCO_EXTRACT_BOX)) return null;
    const unknown = nearest(commune.point, ofClasses(['unclassified'], country));
    if (unknown !== null && unknown.km < found.km) return null;
    if (inLayer.get(found.item.id) === undefined) {
      throw new Error(
        `${found.item.id}, nearest to ${commune.code}, is outside the services layer: raise CATALOGUE_MARGIN_KM ` +
          `(${CATALOGUE_MARGIN_KM})`,
      );
    }
    return found;
  };

  let flows = 0;
  const uncertain = new Set<string>();
  for (const commune of communes) {
    const edge = distanceToBoxEdgeKm(commune.point, GISCO_EXTRACT_BOX);
    const any = certainNearest(commune, [GENERAL], null);
    const home = certainNearest(commune, [GENERAL], commune.country);
    const people = population.get(commune.code) as { value: number; period: string; source_id: string } | undefined;
    if (any) values.write('hospital-distance', commune.code, PERIOD, round(any.km), SOURCE);
    if (any && people) {
      // Potential flow: everyone in the commune to that hospital, weighted by the latest population.
      const destination = inLayer.get(any.item.id) as { commune_code: string | null };
      flow.run(
        `nearest-hospital-${commune.code}`,
        commune.code,
        destination.commune_code,
        any.item.country,
        any.item.id,
        'nearest-hospital',
        people.period,
        people.value,
        people.source_id,
      );
      flows++;
    }
    if (home) values.write('hospital-distance-national', commune.code, PERIOD, round(home.km), SOURCE);
    if (any && home)
      values.write('hospital-cross-border-gain', commune.code, PERIOD, round(home.km) - round(any.km), SOURCE);
    if (!any || !home) uncertain.add(commune.code);
    if (commune.country === 'FR') {
      const base = certainNearest(commune, ['emergency-antenna', GENERAL], commune.country);
      if (base) values.write('emergency-base-distance', commune.code, PERIOD, round(base.km), SOURCE);
      else uncertain.add(commune.code);
    }
    for (const radius of [15, 30]) {
      if (radius > edge) continue;
      // A degree of latitude is over 111 km: facilities further in latitude are out of reach without measuring.
      const reach = radius / 111;
      const count = facilities.filter(
        (f) => Math.abs(f.point[1]! - commune.point[1]!) <= reach && distanceKm(commune.point, f.point) <= radius,
      ).length;
      values.write(`health-facilities-${radius}km`, commune.code, PERIOD, count, SOURCE);
    }
    if (commune.country === 'FR' && FIRST_DEPARTEMENTS.includes(commune.province ?? '')) {
      const found = nearest(commune.point, franceServices);
      if (found)
        values.write(
          'france-services-distance',
          commune.code,
          'anct-2024-08-01',
          round(found.km),
          'anct-france-services-2024-08-01',
        );
    }
    const station = stationCovered(commune) ? nearest(commune.point, stations) : null;
    if (station) {
      const source = station.item.country === 'FR' ? 'sncf-stations-05-73' : 'trenitalia-stations-2014';
      values.write('station-distance', commune.code, 'stations-sncf-trenitalia-2014', round(station.km), source);
    }
  }
  return (
    `${values.count} access values and ${flows} potential flows (communes with a population) to the nearest ` +
    'general acute hospital for ' +
    `${communes.length} communes ` +
    `(${uncertain.size} without a certain nearest hospital or emergency ` +
    `base${uncertain.size ? `, such as ${[...uncertain].slice(0, 12).join(', ')}` : ''})`
  );
}

/** Distances are kept to 0.1 km, the precision they are shown with, so differences add up as shown. */
const round = (km: number) => roundTo(km, 1);
