import { FieldReader } from './fields.ts';
import { readPoint } from './geometry.ts';
import { curatedJson, sourceFeatures, type BuildContext } from './context.ts';
import { classifyFacilities, type FacilityClassesFile } from './facility-classes.ts';
import { communeLocator } from '../../vocabulary/locate.ts';
import { serviceNotes } from './service-notes.ts';

const SOURCE = 'gisco-healthcare-2020';

/**
 * The services layer shows the GISCO records within this distance of the atlas communes' bounding box: more than
 * the 30 km of the widest count, and more than the longest distance to a nearest facility of any indicator
 * (healthcare-access.ts fails the build if a value refers to a facility outside the layer).
 */
export const CATALOGUE_MARGIN_KM = 50;
const KM_PER_DEGREE_LATITUDE = 111.2;

/**
 * Imports every Eurostat GISCO healthcare record of the mirror's Alpine extract into health_facilities, with the
 * class data/facility-classes.json gives it, and those near the atlas's communes into the services layer.
 */
export async function importHealthFacilities(ctx: BuildContext): Promise<string> {
  const { file: classesFile, json: classes } = curatedJson<FacilityClassesFile>(ctx, 'facility-classes.json');
  const notes = serviceNotes(ctx);
  const gisco = await sourceFeatures(ctx, SOURCE);
  const records = new Map<string, { read: FieldReader; feature: number; lon: number; lat: number }>();
  const repeated: string[] = [];
  for (const f of gisco.features) {
    const read = new FieldReader(f.properties, { file: gisco.file, feature: f.index });
    const code = read.code('id', /^[A-Z]{2}_[\w+-]+$/, 'a GISCO id such as FR_50000231');
    const [lon, lat] = readPoint(f.geometry, { file: gisco.file, feature: `${f.index} (${code})` });
    // The source repeats four ids (three identical rows, one 2 m apart): one facility each, the first row kept.
    if (records.has(code)) repeated.push(code);
    else records.set(code, { read, feature: f.index, lon: lon!, lat: lat! });
  }
  const { classOf, movedBy, definitions } = classifyFacilities(
    classes,
    classesFile,
    [...records].map(([code, { read, feature }]) => ({
      id: `gisco-${code}`,
      country: read.code('cc', /^[A-Z]{2}$/, 'a country code'),
      name: read.text('hospital_name'),
      site: read.optionalText('site_name'),
      specs: read.optionalText('list_specs'),
      facilityType: read.optionalText('facility_type'),
      feature,
    })),
    gisco.file,
  );
  const definition = ctx.db.prepare('INSERT INTO facility_class_definitions VALUES (?, ?, ?)');
  for (const d of definitions) definition.run(d.country, JSON.stringify(d.definitions), JSON.stringify(d.limits));

  const box = catalogueBox(ctx);
  const locate = communeLocator(ctx.db);
  const facility = ctx.db.prepare('INSERT INTO health_facilities VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const service = ctx.db.prepare(`INSERT INTO services VALUES (@id, @category, @name, @country, @communeCode, @city,
    @address, @postcode, @contact, @details, @qualityNote, @lon, @lat, @sourceId)`);
  let shown = 0;
  for (const [code, { read, lon, lat }] of records) {
    const id = `gisco-${code}`;
    const facilityClass = classOf.get(id)!;
    const facilityType = read.optionalText('facility_type');
    const country = read.code('cc', /^[A-Z]{2}$/, 'a country code');
    const name = read.text('hospital_name');
    facility.run(
      id,
      name,
      country,
      facilityType,
      facilityClass,
      movedBy.get(id) ?? null,
      notes.has(id) ? 0 : 1,
      lon,
      lat,
      SOURCE,
    );
    if (lon < box[0] || lon > box[2] || lat < box[1] || lat > box[3]) continue;
    shown++;
    service.run({
      id,
      category: facilityClass === 'general-acute-hospital' ? 'hospital' : 'health-facility',
      name,
      country,
      communeCode: locate([lon, lat]),
      city: read.optionalText('city'),
      address: [read.optionalText('house_number'), read.optionalText('street')].filter(Boolean).join(' ') || null,
      postcode: read.optionalText('postcode'),
      contact: JSON.stringify({
        phone: dialable(read.optionalText('tel'), country),
        email: read.optionalText('email'),
        url: read.optionalText('url'),
      }),
      details: JSON.stringify({
        site: read.optionalText('site_name'),
        facilityType,
        facilityClass,
        publicPrivate: read.optionalText('public_private'),
        beds: read.optionalNumber('cap_beds'),
        emergency: read.optionalText('emergency'),
        specialities: read.optionalText('list_specs'),
        referenceDate: read.optionalText('ref_date'),
      }),
      qualityNote: notes.get(id) ?? null,
      lon,
      lat,
      sourceId: SOURCE,
    });
  }
  const byClass = ctx.db
    .prepare(`SELECT facility_class, count(*) AS n FROM health_facilities GROUP BY facility_class ORDER BY n DESC`)
    .all() as { facility_class: string; n: number }[];
  return (
    `${records.size} GISCO facilities (${byClass.map((c) => `${c.facility_class} ${c.n}`).join(', ')}; ` +
    `${movedBy.size} moved by a rule of ` +
    `${classesFile}; ids repeated upstream, first row kept: ${repeated.join(', ')}), ${shown} of them within ` +
    `${CATALOGUE_MARGIN_KM} km of the ` +
    `communes' box in the services layer`
  );
}

/**
 * The atlas communes' bounding box widened by CATALOGUE_MARGIN_KM (at the box's northern edge, where a degree of
 * longitude is shortest).
 */
function catalogueBox(ctx: BuildContext): [number, number, number, number] {
  const b = ctx.db
    .prepare('SELECT min(min_lon) AS w, min(min_lat) AS s, max(max_lon) AS e, max(max_lat) AS n FROM communes')
    .get() as { w: number; s: number; e: number; n: number };
  const dLat = CATALOGUE_MARGIN_KM / KM_PER_DEGREE_LATITUDE;
  const dLon = CATALOGUE_MARGIN_KM / (KM_PER_DEGREE_LATITUDE * Math.cos(((b.n + dLat) * Math.PI) / 180));
  return [b.w - dLon, b.s - dLat, b.e + dLon, b.n + dLat];
}

/**
 * A phone number as a person dials it. GISCO publishes French numbers as 9 digits, having lost the leading 0
 * (492252100 is 04 92 25 21 00); other countries' numbers are kept as published.
 */
export function dialable(phone: string | null, country: string): string | null {
  if (phone === null || country !== 'FR' || !/^[1-9]\d{8}$/.test(phone)) return phone;
  return `0${phone}`.replace(/(\d{2})(?=\d)/g, '$1 ');
}
