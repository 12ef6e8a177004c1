import type { Position } from 'geojson';
import type { BuildContext } from './context.ts';
import { valueWriter } from './indicators.ts';
import { distanceKm, distanceToBoxEdgeKm, nearest, type Place } from './nearest.ts';

/** The box the GISCO extract was clipped to (shared data README): facilities outside it are not in the file. */
export const GISCO_EXTRACT_BOX: [number, number, number, number] = [5.8, 44.35, 7.8, 45.65];

interface Commune {
  code: string;
  country: string;
  point: Position;
}
interface Facility {
  id: string;
  country: string;
}

/**
 * Computes the straight-line access indicators from each commune's reference point: nearest general hospital
 * in any country and in the commune's own, the cross-border gain, facilities within 15 and 30 km, nearest
 * France services point and nearest passenger station; and the potential flow of each commune's population to its
 * nearest general hospital. A value that a facility outside the GISCO extract
 * could change is left out (no data), never guessed.
 */
export function importHealthcareAccess(ctx: BuildContext): string {
  const values = valueWriter(ctx);
  const communes = (ctx.db.prepare('SELECT code, country, ref_lon, ref_lat FROM communes ORDER BY code').all() as
    { code: string; country: string; ref_lon: number; ref_lat: number }[]).map((c): Commune => ({ code: c.code, country: c.country, point: [c.ref_lon, c.ref_lat] }));
  const places = (sql: string) => (ctx.db.prepare(sql).all() as { id: string; country: string; lon: number; lat: number }[])
    .map((r): Place<Facility> => ({ point: [r.lon, r.lat], item: { id: r.id, country: r.country } }));
  const hospitals = places("SELECT id, country, lon, lat FROM services WHERE category = 'hospital'");
  const facilities = places("SELECT id, country, lon, lat FROM services WHERE source_id = 'gisco-healthcare-2020'");
  const franceServices = places("SELECT id, country, lon, lat FROM services WHERE category = 'france-services'");
  const stations = places('SELECT id, country, lon, lat FROM rail_stations WHERE passenger_service IS NOT 0');

  const hospitalCommune = new Map((ctx.db.prepare("SELECT id, commune_code FROM services WHERE category = 'hospital'").all() as
    { id: string; commune_code: string | null }[]).map((r) => [r.id, r.commune_code]));
  const population = ctx.db.prepare(`SELECT v.value, v.period, v.source_id FROM indicator_values v JOIN indicator_periods p USING (indicator_id, period)
    WHERE v.indicator_id = 'population' AND v.subject_id = ? ORDER BY p.sort_order DESC LIMIT 1`);
  const flow = ctx.db.prepare('INSERT INTO flows VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  let flows = 0;
  let uncertain = 0;
  for (const commune of communes) {
    const edge = distanceToBoxEdgeKm(commune.point, GISCO_EXTRACT_BOX);
    const any = nearest(commune.point, hospitals);
    const national = nearest(commune.point, hospitals.filter((h) => h.item.country === commune.country));
    const anyCertain = any !== null && any.km <= edge;
    const nationalCertain = national !== null && national.km <= edge;
    if (anyCertain) {
      values.write('hospital-distance', commune.code, 'gisco-2020', round(any.km), 'gisco-healthcare-2020');
      // Potential flow: everyone in the commune to that hospital, weighted by the latest population.
      const people = population.get(commune.code) as { value: number; period: string; source_id: string };
      flow.run(`nearest-hospital-${commune.code}`, commune.code, hospitalCommune.get(any.item.id), any.item.country, any.item.id,
        'nearest-hospital', people.period, people.value, people.source_id);
      flows++;
    }
    if (nationalCertain) values.write('hospital-distance-national', commune.code, 'gisco-2020', round(national.km), 'gisco-healthcare-2020');
    if (anyCertain && nationalCertain) values.write('hospital-cross-border-gain', commune.code, 'gisco-2020', round(national.km) - round(any.km), 'gisco-healthcare-2020');
    if (!anyCertain || !nationalCertain) uncertain++;
    for (const radius of [15, 30]) {
      if (radius > edge) continue;
      const count = facilities.filter((f) => distanceKm(commune.point, f.point) <= radius).length;
      values.write(`health-facilities-${radius}km`, commune.code, 'gisco-2020', count, 'gisco-healthcare-2020');
    }
    if (commune.country === 'FR') {
      const found = nearest(commune.point, franceServices);
      if (found) values.write('france-services-distance', commune.code, 'anct-2024-08-01', round(found.km), 'anct-france-services-2024-08-01');
    }
    const station = nearest(commune.point, stations);
    if (station) {
      const source = station.item.country === 'FR' ? 'sncf-stations-05-73' : 'trenitalia-stations-2014';
      values.write('station-distance', commune.code, 'stations-sncf-trenitalia-2014', round(station.km), source);
    }
  }
  return `${values.count} access values and ${flows} potential flows to the nearest general hospital for ${communes.length} communes (${uncertain} without a certain nearest hospital: the GISCO extract's edge is nearer than the hospital found)`;
}

/** Distances are kept to 0.1 km, the precision they are shown with, so differences add up as shown. */
const round = (km: number) => Math.round(km * 10) / 10;
