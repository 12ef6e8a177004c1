import type Database from 'better-sqlite3';
import { territoriesByCommune } from './commune-territories.ts';
import type { ImportedService } from '../../local-data/local-snapshot.ts';
import { pointGeometry, type BBox, type FeatureLayer, type PropertyValue } from './feature.ts';

interface ServiceRow {
  id: string; category: string; name: string; country: string; commune_code: string | null;
  city: string | null; address: string | null; postcode: string | null; contact: string | null; details: string | null;
  quality_note: string | null; lon: number; lat: number; source_id: string;
}

/** The source's fields each category carries, under the property names of the API. */
const DETAILS: { property: string; key: string; description: string; type: 'string' | 'integer' }[] = [
  { property: 'facility_type', key: 'facilityType', description: 'Hospitals: type of facility, as published by GISCO', type: 'string' },
  {
    property: 'facility_class', key: 'facilityClass', type: 'string',
    description: 'Hospitals: the atlas\'s class of the facility, from its type and the evidence of its name (data/facility-classes.json): '
      + 'general-acute-hospital, local-hospital, emergency-antenna, psychiatric-or-day-unit, specialised-hospital, rehabilitation, '
      + 'long-term-care, clinic, other-health-service, unclassified',
  },
  { property: 'public_private', key: 'publicPrivate', description: 'Hospitals: public or private', type: 'string' },
  { property: 'beds', key: 'beds', description: 'Hospitals: number of beds, where published', type: 'integer' },
  { property: 'site', key: 'site', description: 'Hospitals: site or operator name', type: 'string' },
  { property: 'service_type', key: 'type', description: 'France services: Principal or Antenne', type: 'string' },
  { property: 'format', key: 'format', description: 'France services: fixed, multi-site or mobile', type: 'string' },
  { property: 'appointment', key: 'appointment', description: 'France services: by appointment (Oui/Non)', type: 'string' },
];


const CATEGORIES = 'hospital (GISCO general acute hospital, see facility_class), health-facility (other GISCO hospitals and clinics), '
  + 'france-services; imported: hospital, health-centre, welcome, language-course, employment, social-services, other';

/** Hospitals and clinics (GISCO), France services (ANCT), and the services planners imported. */
export function readServices(db: Database.Database, imported: ImportedService[]): FeatureLayer {
  const rows = db.prepare('SELECT * FROM services ORDER BY id').all() as ServiceRow[];
  const territoriesOf = territoriesByCommune(db);
  return {
    id: 'services',
    geometryType: 'Point',
    subject: null,
    properties: [
      { name: 'category', type: 'string', description: CATEGORIES },
      { name: 'name', type: 'string', description: 'Name as published' },
      { name: 'country', type: 'string', description: 'ISO 3166-1 alpha-2 country code' },
      { name: 'commune_code', type: 'string', description: 'Code of the atlas commune the service lies in; null outside the atlas communes' },
      { name: 'territories', type: 'array', description: 'Ids of the territories of that commune' },
      { name: 'city', type: 'string', description: 'City as published' },
      { name: 'address', type: 'string', description: 'Address as published' },
      { name: 'postcode', type: 'string', description: 'Postcode as published' },
      { name: 'phone', type: 'string', description: 'Phone number as dialled (GISCO lost the leading 0 of French numbers; it is put back)' },
      { name: 'email', type: 'string', description: 'E-mail address as published' },
      { name: 'website', type: 'string', description: 'Web site as published' },
      ...DETAILS.map(({ property, type, description }) => ({ name: property, type, description })),
      { name: 'opening_hours', type: 'string', description: 'France services: opening hours by weekday (JSON text, as published)' },
      { name: 'quality_note', type: 'string', description: 'A known problem of the record, kept as published' },
      { name: 'languages', type: 'string', description: 'Imported services: languages spoken (ISO 639-1 codes joined with ";")' },
      { name: 'contact', type: 'string', description: 'Imported services: contact as given by the planner' },
      { name: 'source', type: 'string', description: 'Id of the source (see /api/sources)' },
      { name: 'import_id', type: 'integer', description: 'Number of the planner\'s import the service comes from (GET /api/imports); null for reference data' },
    ],
    queryables: [
      { name: 'category', property: 'category', description: CATEGORIES },
      { name: 'country', property: 'country', description: 'Country code' },
      { name: 'territory', property: 'territories', description: 'Id of a territory the service lies in' },
      { name: 'commune', property: 'commune_code', description: 'Code of the commune the service lies in' },
    ],
    features: [...rows.map((row) => {
      const contact = row.contact === null ? {} : (JSON.parse(row.contact) as Record<string, string | null>);
      const details = row.details === null ? {} : (JSON.parse(row.details) as Record<string, unknown>);
      const properties: Record<string, PropertyValue> = {
        category: row.category,
        name: row.name,
        country: row.country,
        commune_code: row.commune_code,
        territories: territoriesOf(row.commune_code),
        city: row.city,
        address: row.address,
        postcode: row.postcode,
        phone: contact.phone ?? null,
        email: contact.email ?? null,
        website: contact.url ?? null,
      };
      for (const { property, key } of DETAILS) properties[property] = (details[key] as PropertyValue | undefined) ?? null;
      properties.opening_hours = details.hours ? JSON.stringify(details.hours) : null;
      properties.quality_note = row.quality_note;
      properties.languages = null;
      properties.contact = null;
      properties.source = row.source_id;
      properties.import_id = null;
      return { id: row.id, geometry: pointGeometry(row.lon, row.lat), bbox: [row.lon, row.lat, row.lon, row.lat] as BBox, properties };
    }), ...imported.map((service) => {
      const properties: Record<string, PropertyValue> = {
        category: service.category, name: service.name, country: service.country, commune_code: service.communeCode,
        territories: territoriesOf(service.communeCode), city: null, address: service.address, postcode: null, phone: null, email: null, website: null,
      };
      for (const { property } of DETAILS) properties[property] = null;
      Object.assign(properties, {
        opening_hours: null, quality_note: null, languages: service.languages, contact: service.contact, source: service.sourceId, import_id: service.importId,
      });
      return { id: service.id, geometry: pointGeometry(service.lon, service.lat), bbox: [service.lon, service.lat, service.lon, service.lat] as BBox, properties };
    })],
  };
}
