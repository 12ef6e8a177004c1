import { Problems, SourceKeys, decodeFile, geojsonRecords, readCoordinate, readCsvTable } from './rows.ts';
import type { InputLocation } from '../vocabulary/input-error.ts';
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
    ? geojsonRecords(file, text, problems, PROPERTY_NAMES)
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
    const lon = point === 'invalid' ? null : readCoordinate('lon', point ? point[0] : fields.lon, where, problems);
    const lat = point === 'invalid' ? null : readCoordinate('lat', point ? point[1] : fields.lat, where, problems);
    const country = text('country');
    if (!country || !/^[A-Z]{2}$/.test(country))
      problems.add(at('country'), 'an ISO 3166-1 country code in capitals (FR, IT, CH…)', fields.country ?? null);
    const communeCode = lon !== null && lat !== null ? reference.locate(lon, lat) : null;
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
