import type Database from 'better-sqlite3';
import { FLOW_KINDS } from '../../vocabulary/flow-kinds.ts';
import type { FlowRecord } from '../../local-store/local-snapshot.ts';
import { readProperties, specsOf, type FeatureLayer, type PropertyDefinition } from './feature.ts';

interface CommuneRow {
  code: string;
  name: string;
  country: string;
  ref_lon: number;
  ref_lat: number;
}

interface ServiceRow {
  id: string;
  name: string;
  lon: number;
  lat: number;
}

/** A flow (as the reference build computed it or a planner imported it), with its origin and destination. */
interface Flow {
  flow: FlowRecord;
  origin: CommuneRow;
  /** The destination facility or commune, when the flow goes to one of the atlas's. */
  service: ServiceRow | undefined;
  commune: CommuneRow | undefined;
}

const PROPERTIES: PropertyDefinition<Flow>[] = [
  {
    name: 'kind',
    type: 'string',
    value: ({ flow }) => flow.kind,
    description:
      `${FLOW_KINDS.join(', ')}; nearest-hospital: potential flow of the origin's population to its nearest ` +
      'general hospital (straight line), computed, not observed',
  },
  {
    name: 'origin_code',
    type: 'string',
    value: ({ flow }) => flow.originCode,
    description: 'Code of the origin commune',
  },
  {
    name: 'origin_name',
    type: 'string',
    value: ({ origin }) => origin.name,
    description: 'Name of the origin commune',
  },
  {
    name: 'origin_country',
    type: 'string',
    value: ({ origin }) => origin.country,
    description: 'Country of the origin commune',
  },
  {
    name: 'destination_code',
    type: 'string',
    value: ({ flow }) => flow.destinationCode,
    description: 'Code of the destination commune; null for a destination outside the atlas communes',
  },
  {
    name: 'destination_name',
    type: 'string',
    value: ({ service, commune }) => service?.name ?? commune?.name ?? null,
    description: 'Name of the destination commune or facility',
  },
  {
    name: 'destination_country',
    type: 'string',
    value: ({ flow }) => flow.destinationCountry,
    description: 'Country of the destination',
  },
  {
    name: 'destination_service',
    type: 'string',
    value: ({ flow }) => flow.destinationServiceId,
    description: 'Id of the destination facility (collection "services"), for flows to a facility',
  },
  {
    name: 'cross_border',
    type: 'boolean',
    value: ({ flow, origin }) => flow.destinationCountry !== origin.country,
    description: 'True when the destination is in another country than the origin',
  },
  { name: 'period', type: 'string', value: ({ flow }) => flow.period, description: 'Period of the value' },
  {
    name: 'value',
    type: 'number',
    value: ({ flow }) => flow.value,
    description: "People (nearest-hospital: the origin's population of that period)",
  },
  {
    name: 'source',
    type: 'string',
    value: ({ flow }) => flow.sourceId,
    description: 'Id of the source of the value (see /api/sources)',
  },
  {
    name: 'import_id',
    type: 'integer',
    value: ({ flow }) => flow.importId,
    description: "Number of the planner's import the flow comes from (GET /api/imports); null for computed flows",
  },
];

/**
 * Flows from a commune's reference point to a commune's reference point or a facility. A flow to a
 * country has no point to draw to: its geometry is null, and it still counts in the totals.
 */
export function readFlows(db: Database.Database, imported: FlowRecord[]): FeatureLayer {
  const reference = db
    .prepare(`SELECT id, origin_code AS originCode, destination_code AS destinationCode,
      destination_country AS destinationCountry, destination_service_id AS destinationServiceId, kind, period, value,
      source_id AS sourceId, NULL AS importId
      FROM flows ORDER BY id`)
    .all() as FlowRecord[];
  const communeRows = db.prepare('SELECT code, name, country, ref_lon, ref_lat FROM communes').all() as CommuneRow[];
  const communes = new Map(communeRows.map((c) => [c.code, c]));
  const serviceRows = db.prepare('SELECT id, name, lon, lat FROM services').all() as ServiceRow[];
  const services = new Map(serviceRows.map((s) => [s.id, s]));
  return {
    id: 'flows',
    geometryType: 'LineString',
    subject: null,
    properties: specsOf(PROPERTIES),
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
      return {
        id: flow.id,
        geometry: to === null ? null : JSON.stringify({ type: 'LineString', coordinates: [from, to] }),
        bbox:
          to === null
            ? null
            : [
                Math.min(from[0]!, to[0]!),
                Math.min(from[1]!, to[1]!),
                Math.max(from[0]!, to[0]!),
                Math.max(from[1]!, to[1]!),
              ],
        properties: readProperties(PROPERTIES, { flow, origin, service, commune }),
      };
    }),
  };
}
