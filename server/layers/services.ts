import type Database from 'better-sqlite3';
import { territoriesByCommune } from './commune-territories.ts';
import type { ImportedService } from '../../local-store/local-snapshot.ts';
import { IMPORTABLE_CATEGORIES } from '../../vocabulary/service-categories.ts';
import {
  pointGeometry,
  readProperties,
  specsOf,
  type BBox,
  type FeatureLayer,
  type PropertyDefinition,
  type PropertySpec,
  type PropertyValue,
} from './feature.ts';

interface ServiceRow {
  id: string;
  category: string;
  name: string;
  country: string;
  commune_code: string | null;
  city: string | null;
  address: string | null;
  postcode: string | null;
  contact: string | null;
  details: string | null;
  quality_note: string | null;
  lon: number;
  lat: number;
  source_id: string;
}

/** A reference row, its contact and details (JSON text) parsed, with the territories of its commune. */
type ReferenceService = Omit<ServiceRow, 'contact' | 'details'> & {
  contact: Record<string, string | null>;
  details: Record<string, unknown>;
  territories: string[];
};

/** A planner's service, with the territories of its commune. */
type PlannerService = ImportedService & { territories: string[] };

/** A property of both kinds of service; a kind that does not have it gives null. */
interface ServiceProperty extends PropertySpec {
  reference?: (service: ReferenceService) => PropertyValue;
  imported?: (service: PlannerService) => PropertyValue;
}

/** A field of the source's details, which each category carries under its own keys. */
const detail = (key: string) => (service: ReferenceService) =>
  (service.details[key] as PropertyValue | undefined) ?? null;

const CATEGORIES =
  'hospital (GISCO general acute hospital, see facility_class), ' +
  'health-facility (other GISCO hospitals and clinics), ' +
  `france-services; imported: ${IMPORTABLE_CATEGORIES.join(', ')}`;

const PROPERTIES: ServiceProperty[] = [
  {
    name: 'category',
    type: 'string',
    description: CATEGORIES,
    reference: (s) => s.category,
    imported: (s) => s.category,
  },
  { name: 'name', type: 'string', description: 'Name as published', reference: (s) => s.name, imported: (s) => s.name },
  {
    name: 'country',
    type: 'string',
    description: 'ISO 3166-1 alpha-2 country code',
    reference: (s) => s.country,
    imported: (s) => s.country,
  },
  {
    name: 'commune_code',
    type: 'string',
    description: 'Code of the atlas commune the service lies in; null outside the atlas communes',
    reference: (s) => s.commune_code,
    imported: (s) => s.communeCode,
  },
  {
    name: 'territories',
    type: 'array',
    description: 'Ids of the territories of that commune',
    reference: (s) => s.territories,
    imported: (s) => s.territories,
  },
  { name: 'city', type: 'string', description: 'City as published', reference: (s) => s.city },
  {
    name: 'address',
    type: 'string',
    description: 'Address as published',
    reference: (s) => s.address,
    imported: (s) => s.address,
  },
  { name: 'postcode', type: 'string', description: 'Postcode as published', reference: (s) => s.postcode },
  {
    name: 'phone',
    type: 'string',
    description: 'Phone number as dialled (GISCO lost the leading 0 of French numbers; it is put back)',
    reference: (s) => s.contact.phone ?? null,
  },
  {
    name: 'email',
    type: 'string',
    description: 'E-mail address as published',
    reference: (s) => s.contact.email ?? null,
  },
  { name: 'website', type: 'string', description: 'Web site as published', reference: (s) => s.contact.url ?? null },
  {
    name: 'facility_type',
    type: 'string',
    description: 'Hospitals: type of facility, as published by GISCO',
    reference: detail('facilityType'),
  },
  {
    name: 'facility_class',
    type: 'string',
    reference: detail('facilityClass'),
    description:
      "Hospitals: the atlas's class of the facility, from its type and the evidence of its name " +
      '(data/facility-classes.json): general-acute-hospital, local-hospital, emergency-antenna, ' +
      'psychiatric-or-day-unit, specialised-hospital, rehabilitation, long-term-care, clinic, other-health-service, ' +
      'unclassified',
  },
  {
    name: 'public_private',
    type: 'string',
    description: 'Hospitals: public or private',
    reference: detail('publicPrivate'),
  },
  {
    name: 'beds',
    type: 'integer',
    description: 'Hospitals: number of beds, where published',
    reference: detail('beds'),
  },
  { name: 'site', type: 'string', description: 'Hospitals: site or operator name', reference: detail('site') },
  {
    name: 'service_type',
    type: 'string',
    description: 'France services: Principal or Antenne',
    reference: detail('type'),
  },
  {
    name: 'format',
    type: 'string',
    description: 'France services: fixed, multi-site or mobile',
    reference: detail('format'),
  },
  {
    name: 'appointment',
    type: 'string',
    description: 'France services: by appointment (Oui/Non)',
    reference: detail('appointment'),
  },
  {
    name: 'opening_hours',
    type: 'string',
    description: 'France services: opening hours by weekday (JSON text, as published)',
    reference: (s) => (s.details.hours ? JSON.stringify(s.details.hours) : null),
  },
  {
    name: 'quality_note',
    type: 'string',
    description: 'A known problem of the record, kept as published',
    reference: (s) => s.quality_note,
  },
  {
    name: 'languages',
    type: 'string',
    imported: (s) => s.languages,
    description: 'Imported services: languages spoken (ISO 639-1 codes joined with ";")',
  },
  {
    name: 'contact',
    type: 'string',
    description: 'Imported services: contact as given by the planner',
    imported: (s) => s.contact,
  },
  {
    name: 'source',
    type: 'string',
    description: 'Id of the source (see /api/sources)',
    reference: (s) => s.source_id,
    imported: (s) => s.sourceId,
  },
  {
    name: 'import_id',
    type: 'integer',
    description: "Number of the planner's import the service comes from (GET /api/imports); null for reference data",
    imported: (s) => s.importId,
  },
];

/** The properties as one kind of service gives them. */
function definitions<Source>(
  read: (property: ServiceProperty) => ((service: Source) => PropertyValue) | undefined,
): PropertyDefinition<Source>[] {
  return PROPERTIES.map((p) => ({
    name: p.name,
    type: p.type,
    description: p.description,
    value: read(p) ?? (() => null),
  }));
}
const REFERENCE = definitions<ReferenceService>((p) => p.reference);
const IMPORTED = definitions<PlannerService>((p) => p.imported);

/** Hospitals and clinics (GISCO), France services (ANCT), and the services planners imported. */
export function readServices(db: Database.Database, imported: ImportedService[]): FeatureLayer {
  const rows = db.prepare('SELECT * FROM services ORDER BY id').all() as ServiceRow[];
  const territoriesOf = territoriesByCommune(db);
  const point = (lon: number, lat: number) => ({
    geometry: pointGeometry(lon, lat),
    bbox: [lon, lat, lon, lat] as BBox,
  });
  return {
    id: 'services',
    geometryType: 'Point',
    subject: null,
    properties: specsOf(PROPERTIES),
    queryables: [
      { name: 'category', property: 'category', description: CATEGORIES },
      { name: 'country', property: 'country', description: 'Country code' },
      { name: 'territory', property: 'territories', description: 'Id of a territory the service lies in' },
      { name: 'commune', property: 'commune_code', description: 'Code of the commune the service lies in' },
    ],
    features: [
      ...rows.map((row) => ({
        id: row.id,
        ...point(row.lon, row.lat),
        properties: readProperties(REFERENCE, {
          ...row,
          contact: row.contact === null ? {} : (JSON.parse(row.contact) as Record<string, string | null>),
          details: row.details === null ? {} : (JSON.parse(row.details) as Record<string, unknown>),
          territories: territoriesOf(row.commune_code),
        }),
      })),
      ...imported.map((service) => ({
        id: service.id,
        ...point(service.lon, service.lat),
        properties: readProperties(IMPORTED, { ...service, territories: territoriesOf(service.communeCode) }),
      })),
    ],
  };
}
