import {
  Problems,
  SourceKeys,
  decodeFile,
  numberExpectation,
  parseNumber,
  readCsvTable,
  ImportRejected,
} from './rows.ts';
import { InputError, type InputLocation } from '../vocabulary/input-error.ts';
import { IMPORTABLE_CATEGORIES, REFERENCE_ONLY } from '../vocabulary/service-categories.ts';
import type { ImportReference } from './reference.ts';

export const SERVICE_COLUMNS = [
  'category',
  'name',
  'address',
  'lon',
  'lat',
  'country',
  'languages',
  'contact',
  'source',
  'licence',
] as const;
const PROPERTY_NAMES: readonly string[] = SERVICE_COLUMNS.filter((c) => c !== 'lon' && c !== 'lat');
/** The map's area: a service outside it could not be seen. */
const AREA = { west: 4.5, south: 43, east: 16.5, north: 48.5 };

/** A checked row of a services file; sourceKey names its source-and-licence pair until the import has source ids. */
export interface ServiceRow {
  category: string;
  name: string;
  address: string | null;
  communeCode: string | null;
  country: string;
  lon: number;
  lat: number;
  languages: string | null;
  contact: string | null;
  sourceKey: string;
}

/** Checks a services file whole, CSV (lon, lat columns) or GeoJSON (Point features), chosen by the file name. */
export function readServicesFile(file: string, bytes: Uint8Array, reference: ImportReference) {
  const text = decodeFile(file, bytes);
  const problems = new Problems();
  const sources = new SourceKeys();
  const records = /\.(geo)?json$/i.test(file)
    ? geojsonRecords(file, text, problems)
    : readCsvTable(file, text, SERVICE_COLUMNS).map(({ line, values }) => ({
        where: { file, line } as InputLocation,
        fields: values as Record<string, unknown>,
        point: null as [unknown, unknown] | 'invalid' | null,
      }));
  const out: ServiceRow[] = [];
  for (const { where, fields, point } of records) {
    const at = (field: string) => ({ ...where, field });
    const text = (name: string) =>
      typeof fields[name] === 'string'
        ? (fields[name] as string).trim()
        : fields[name] === null || fields[name] === undefined
          ? ''
          : null;
    const category = text('category');
    if (!(IMPORTABLE_CATEGORIES as readonly (string | null)[]).includes(category)) {
      problems.add(
        at('category'),
        `one of ${IMPORTABLE_CATEGORIES.join(', ')}` +
          (REFERENCE_ONLY.includes(category as never) ? ` (${category} comes from the reference sources only)` : ''),
        fields.category ?? null,
      );
    }
    const name = text('name');
    if (!name || name.length > 200)
      problems.add(at('name'), 'the name of the service (at most 200 characters)', fields.name ?? null);
    const coordinate = (field: 'lon' | 'lat', raw: unknown, min: number, max: number) => {
      const n =
        typeof raw === 'number'
          ? Number.isFinite(raw)
            ? raw
            : null
          : typeof raw === 'string'
            ? parseNumber(raw)
            : null;
      if (n === null)
        problems.add(at(field), typeof raw === 'string' ? numberExpectation(raw) : 'a number of degrees', raw ?? null);
      else if (n < min || n > max)
        problems.add(
          at(field),
          `a ${field === 'lon' ? 'longitude' : 'latitude'} from ${min} to ${max} (the atlas map area, WGS84 degrees)`,
          raw,
        );
      return n;
    };
    const lon = point === 'invalid' ? null : coordinate('lon', point ? point[0] : fields.lon, AREA.west, AREA.east);
    const lat = point === 'invalid' ? null : coordinate('lat', point ? point[1] : fields.lat, AREA.south, AREA.north);
    const country = text('country');
    if (!country || !/^[A-Z]{2}$/.test(country))
      problems.add(at('country'), 'an ISO 3166-1 country code in capitals (FR, IT, CH…)', fields.country ?? null);
    const communeCode =
      lon !== null && lat !== null && lon >= AREA.west && lon <= AREA.east && lat >= AREA.south && lat <= AREA.north
        ? reference.locate(lon, lat)
        : null;
    const commune = communeCode === null ? undefined : reference.communes.get(communeCode);
    if (commune && country && commune.country !== country)
      problems.add(at('country'), `${commune.country}: the point lies in ${commune.name} (${communeCode})`, country);
    const languages = text('languages');
    if (languages === null || (languages !== '' && !languages.split(';').every((l) => /^[a-z]{2}$/.test(l.trim())))) {
      problems.add(
        at('languages'),
        'ISO 639-1 language codes separated by ";" (fr;it;en), or nothing',
        fields.languages ?? null,
      );
    }
    const address = text('address');
    const contact = text('contact');
    if (address === null || (address ?? '').length > 300)
      problems.add(at('address'), 'text of at most 300 characters, or nothing', fields.address);
    if (contact === null || (contact ?? '').length > 300)
      problems.add(at('contact'), 'text of at most 300 characters, or nothing', fields.contact);
    const sourceKey = sources.read(fields, where, problems);
    out.push({
      category: category ?? '',
      name: name ?? '',
      address: address || null,
      communeCode,
      country: country ?? '',
      lon: lon ?? NaN,
      lat: lat ?? NaN,
      languages: languages
        ? languages
            .split(';')
            .map((l) => l.trim())
            .join(';')
        : null,
      contact: contact || null,
      sourceKey,
    });
  }
  problems.throwIfAny();
  return { rows: out, sources: sources.pairs };
}

/** The features of a GeoJSON FeatureCollection of points, their properties read into a prototype-free record. */
function geojsonRecords(file: string, text: string, problems: Problems) {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ImportRejected([new InputError({ file }, 'valid JSON', (error as Error).message)]);
  }
  const collection = json as { type?: unknown; features?: unknown };
  if (
    collection === null ||
    typeof collection !== 'object' ||
    collection.type !== 'FeatureCollection' ||
    !Array.isArray(collection.features)
  ) {
    throw new ImportRejected([new InputError({ file }, 'a GeoJSON FeatureCollection')]);
  }
  if (collection.features.length === 0) throw new ImportRejected([new InputError({ file }, 'at least one feature')]);
  return collection.features.map((feature: unknown, i: number) => {
    const where: InputLocation = { file, feature: i + 1 };
    const f = (feature ?? {}) as { geometry?: { type?: unknown; coordinates?: unknown }; properties?: unknown };
    const fields: Record<string, unknown> = Object.create(null);
    const properties =
      f.properties !== null && typeof f.properties === 'object' && !Array.isArray(f.properties)
        ? (f.properties as Record<string, unknown>)
        : null;
    if (!properties) problems.add({ ...where, field: 'properties' }, 'an object of properties');
    for (const key of Object.keys(properties ?? {})) {
      if (PROPERTY_NAMES.includes(key)) fields[key] = properties![key];
      else problems.add({ ...where, field: key }, `only the properties ${PROPERTY_NAMES.join(', ')}`);
    }
    const coordinates = f.geometry?.coordinates;
    if (f.geometry?.type !== 'Point' || !Array.isArray(coordinates) || coordinates.length < 2) {
      problems.add(
        { ...where, field: 'geometry' },
        'a Point geometry with longitude and latitude',
        f.geometry?.type ?? null,
      );
      return { where, fields, point: 'invalid' as const };
    }
    return { where, fields, point: [coordinates[0], coordinates[1]] as [unknown, unknown] };
  });
}
