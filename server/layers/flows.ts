import type Database from 'better-sqlite3';
import { FLOW_KINDS } from '../../vocabulary/flow-kinds.ts';
import type { FlowRecord } from '../../local-data/local-snapshot.ts';
import type { FeatureLayer, PropertyValue } from './feature.ts';

/** A flow as the reference build computed it or a planner imported it. */


/**
 * Flows from a commune's reference point to a commune's reference point or a facility. A flow to a
 * country has no point to draw to: its geometry is null, and it still counts in the totals.
 */
export function readFlows(db: Database.Database, imported: FlowRecord[]): FeatureLayer {
  const reference = (db.prepare(`SELECT id, origin_code AS originCode, destination_code AS destinationCode, destination_country AS destinationCountry,
    destination_service_id AS destinationServiceId, kind, period, value, source_id AS sourceId, NULL AS importId FROM flows ORDER BY id`).all() as FlowRecord[]);
  const communes = new Map((db.prepare('SELECT code, name, country, ref_lon, ref_lat FROM communes').all() as
    { code: string; name: string; country: string; ref_lon: number; ref_lat: number }[]).map((c) => [c.code, c]));
  const services = new Map((db.prepare('SELECT id, name, lon, lat FROM services').all() as
    { id: string; name: string; lon: number; lat: number }[]).map((s) => [s.id, s]));
  return {
    id: 'flows',
    geometryType: 'LineString',
    subject: null,
    properties: [
      { name: 'kind', type: 'string', description: `${FLOW_KINDS.join(', ')}; nearest-hospital: potential flow of the origin's population to its nearest general hospital (straight line), computed, not observed` },
      { name: 'origin_code', type: 'string', description: 'Code of the origin commune' },
      { name: 'origin_name', type: 'string', description: 'Name of the origin commune' },
      { name: 'origin_country', type: 'string', description: 'Country of the origin commune' },
      { name: 'destination_code', type: 'string', description: 'Code of the destination commune; null for a destination outside the atlas communes' },
      { name: 'destination_name', type: 'string', description: 'Name of the destination commune or facility' },
      { name: 'destination_country', type: 'string', description: 'Country of the destination' },
      { name: 'destination_service', type: 'string', description: 'Id of the destination facility (collection "services"), for flows to a facility' },
      { name: 'cross_border', type: 'boolean', description: 'True when the destination is in another country than the origin' },
      { name: 'period', type: 'string', description: 'Period of the value' },
      { name: 'value', type: 'number', description: 'People (nearest-hospital: the origin\'s population of that period)' },
      { name: 'source', type: 'string', description: 'Id of the source of the value (see /api/sources)' },
      { name: 'import_id', type: 'integer', description: 'Number of the planner\'s import the flow comes from (GET /api/imports); null for computed flows' },
    ],
    queryables: [
      { name: 'kind', property: 'kind', description: FLOW_KINDS.join(', ') },
      { name: 'origin', property: 'origin_code', description: 'Code of the origin commune' },
      { name: 'destination', property: 'destination_code', description: 'Code of the destination commune' },
      { name: 'destination_country', property: 'destination_country', description: 'Country of the destination' },
    ],
    features: [...reference, ...imported].map((flow) => {
      const origin = communes.get(flow.originCode)!;
      const service = flow.destinationServiceId === null ? undefined : services.get(flow.destinationServiceId);
      const commune = flow.destinationCode === null ? undefined : communes.get(flow.destinationCode);
      const to = service ? [service.lon, service.lat] : commune ? [commune.ref_lon, commune.ref_lat] : null;
      const from = [origin.ref_lon, origin.ref_lat];
      const properties: Record<string, PropertyValue> = {
        kind: flow.kind,
        origin_code: flow.originCode,
        origin_name: origin.name,
        origin_country: origin.country,
        destination_code: flow.destinationCode,
        destination_name: service?.name ?? commune?.name ?? null,
        destination_country: flow.destinationCountry,
        destination_service: flow.destinationServiceId,
        cross_border: flow.destinationCountry !== origin.country,
        period: flow.period,
        value: flow.value,
        source: flow.sourceId,
        import_id: flow.importId,
      };
      return {
        id: flow.id,
        geometry: to === null ? null : JSON.stringify({ type: 'LineString', coordinates: [from, to] }),
        bbox: to === null ? null : [Math.min(from[0]!, to[0]!), Math.min(from[1]!, to[1]!), Math.max(from[0]!, to[0]!), Math.max(from[1]!, to[1]!)],
        properties,
      };
    }),
  };
}
