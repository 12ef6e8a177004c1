import {
  Problems,
  SourceKeys,
  decodeFile,
  geojsonRecords,
  readCoordinate,
  readCsvTable,
  type FileRecord,
} from './rows.ts';
import { coverageAnchor } from '../vocabulary/initiative-anchor.ts';
import { INITIATIVE_KINDS, isInitiativeKind } from '../vocabulary/initiative-kinds.ts';
import type { InputLocation } from '../vocabulary/input-error.ts';
import { LANGUAGES, type Language } from '../vocabulary/languages.ts';
import type { ImportReference } from './reference.ts';

const DESCRIPTION_COLUMNS = LANGUAGES.map((l) => `description_${l}` as const);
export const INITIATIVE_COLUMNS = [
  'name',
  'kind',
  'programme',
  'project',
  'lead',
  'commune',
  'lon',
  'lat',
  'communes',
  ...DESCRIPTION_COLUMNS,
  'source',
  'licence',
] as const;
const PROPERTY_NAMES: readonly string[] = INITIATIVE_COLUMNS.filter((c) => c !== 'lon' && c !== 'lat');
/** Lengths a reader takes in a tooltip or a profile line; a longer text belongs on a page the source links to. */
const MAX_NAME = 200;
const MAX_DESCRIPTION = 600;

/** A checked row of an initiatives file; sourceKey names its source-and-licence pair until the import has ids. */
export interface InitiativeRow {
  name: string;
  kind: string;
  programme: string | null;
  project: string | null;
  lead: string | null;
  /** The commune the initiative is in: the one named, or the one its point lies in; null outside the communes. */
  siteCode: string | null;
  lon: number;
  lat: number;
  /** Atlas commune codes covered, sorted: those listed, and the site commune. */
  communes: string[];
  /** In each language the file gives; null in the others. */
  descriptions: Record<Language, string | null>;
  sourceKey: string;
}

/**
 * Checks an initiatives file whole, CSV or GeoJSON (Point features, or null geometry where the commune or the
 * communes covered give the place), chosen by the file name. The point is lon, lat (or the feature's); else the
 * site commune's reference point; else the covered commune the atlas's coverage rule picks.
 */
export function readInitiativesFile(file: string, bytes: Uint8Array, reference: ImportReference) {
  const text = decodeFile(file, bytes);
  const problems = new Problems();
  const sources = new SourceKeys();
  const records: FileRecord[] = /\.(geo)?json$/i.test(file)
    ? geojsonRecords(file, text, problems, PROPERTY_NAMES, { nullGeometry: true })
    : readCsvTable(file, text, INITIATIVE_COLUMNS).map(({ line, values }) => ({
        where: { file, line },
        fields: values,
        point: null,
      }));
  const rows = records.map((record) => readRow(record, reference, problems, sources));
  problems.throwIfAny();
  return { rows, sources: sources.pairs };
}

function readRow(
  { where, fields, point }: FileRecord,
  reference: ImportReference,
  problems: Problems,
  sources: SourceKeys,
): InitiativeRow {
  const at = (field: string): InputLocation => ({ ...where, field });
  /** Trimmed text, '' for an empty field; with a problem when it is not text, too long, or required and empty. */
  const text = (name: string, max: number, expected: string, required = false): string => {
    const raw = fields[name];
    const value = raw === null || raw === undefined ? '' : typeof raw === 'string' ? raw.trim() : null;
    if (value === null || value.length > max || (required && value === ''))
      problems.add(at(name), `${expected} (at most ${max} characters)`, raw ?? null);
    return value ?? '';
  };
  const name = text('name', MAX_NAME, 'the name of the initiative', true);
  const kind = typeof fields.kind === 'string' ? fields.kind.trim() : '';
  if (!isInitiativeKind(kind)) problems.add(at('kind'), `one of ${INITIATIVE_KINDS.join(', ')}`, fields.kind ?? null);
  const optional = (field: string) => text(field, MAX_NAME, 'text, or nothing') || null;
  const [programme, project, lead] = [optional('programme'), optional('project'), optional('lead')];

  const commune = typeof fields.commune === 'string' ? fields.commune.trim() : fields.commune;
  const named = typeof commune === 'string' && commune !== '' ? commune : null;
  if (
    (commune !== undefined && commune !== null && typeof commune !== 'string') ||
    (named && !reference.communes.has(named))
  )
    problems.add(at('commune'), 'the code of an atlas commune (INSEE 05023, ISTAT 001022), or nothing', commune);
  const position = readPosition(where, fields, point, problems);
  const located = position ? reference.locate(position[0], position[1]) : null;
  if (position && named !== null && reference.communes.has(named) && located !== named) {
    const lies = located === null ? 'in no atlas commune' : `in ${reference.communes.get(located)!.name} (${located})`;
    problems.add(at('commune'), `the commune the point lies in, or nothing: the point lies ${lies}`, commune);
  }
  const covered = readCommunes(fields.communes, at('communes'), reference, problems);
  const siteCode = named ?? located;
  const communes = [...new Set([...covered, ...(siteCode === null ? [] : [siteCode])])].sort();
  if (!position && named === null && covered.length === 0) {
    problems.add(at('commune'), 'where the initiative is: a commune code, lon and lat, or the communes it covers');
  }
  const pointOf = (code: string) => reference.communes.get(code)?.point ?? [NaN, NaN];
  const anchor = siteCode ?? coverageAnchor(communes, pointOf);
  const [lon, lat] = position ?? (anchor === null ? [NaN, NaN] : pointOf(anchor));

  const descriptions = Object.fromEntries(
    LANGUAGES.map((l) => [l, text(`description_${l}`, MAX_DESCRIPTION, 'a description, or nothing') || null]),
  ) as Record<Language, string | null>;
  if (Object.values(descriptions).every((d) => d === null)) {
    problems.add(
      at(DESCRIPTION_COLUMNS.join(', ')),
      `a description in at least one language (at most ${MAX_DESCRIPTION} characters)`,
    );
  }
  const sourceKey = sources.read(fields, where, problems);
  return { name, kind, programme, project, lead, siteCode, lon, lat, communes, descriptions, sourceKey };
}

/** lon and lat (CSV) or the feature's point; null when the row gives none, or gives one that is not valid. */
function readPosition(
  where: InputLocation,
  fields: Record<string, unknown>,
  point: FileRecord['point'],
  problems: Problems,
): [number, number] | null {
  if (point === 'invalid') return null;
  const [rawLon, rawLat] = point ?? [fields.lon, fields.lat];
  const empty = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
  if (empty(rawLon) && empty(rawLat)) return null;
  const read = (field: 'lon' | 'lat', raw: unknown) => {
    if (!empty(raw)) return readCoordinate(field, raw, where, problems);
    problems.add({ ...where, field }, 'a number of degrees: lon and lat go together, or both stay empty', raw ?? null);
    return null;
  };
  const [lon, lat] = [read('lon', rawLon), read('lat', rawLat)];
  return lon === null || lat === null ? null : [lon, lat];
}

/** The communes covered: atlas commune codes separated by ";" (a list of codes in GeoJSON), or nothing. */
function readCommunes(raw: unknown, at: InputLocation, reference: ImportReference, problems: Problems): string[] {
  const codes =
    raw === undefined || raw === null
      ? []
      : typeof raw === 'string'
        ? raw.split(';').map((c) => c.trim())
        : Array.isArray(raw)
          ? raw
          : null;
  const expected = 'atlas commune codes separated by ";" (05093;05174), or nothing';
  if (codes === null) {
    problems.add(at, expected, raw);
    return [];
  }
  const listed = codes.filter((c) => c !== '');
  const unknown = listed.filter((c) => typeof c !== 'string' || !reference.communes.has(c));
  if (unknown.length > 0) problems.add(at, `${expected}; not atlas communes: ${unknown.join(', ')}`, raw);
  return listed.filter((c): c is string => typeof c === 'string' && reference.communes.has(c));
}
