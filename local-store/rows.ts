import { InputError, type InputLocation } from '../vocabulary/input-error.ts';
import { readCsv, type CsvRow, type CsvTable } from '../vocabulary/csv.ts';

/** The largest file an import accepts. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** Problems reported at most per file: enough to fix a file in one pass, not a flood. */
const MAX_PROBLEMS = 50;

/** A file refused: every problem found, each naming the file, line or feature, field and what was expected. */
export class ImportRejected extends Error {
  constructor(readonly errors: InputError[]) {
    super(`the file was not imported (nothing was stored):\n  ${errors.map((e) => e.message).join('\n  ')}`);
    this.name = 'ImportRejected';
  }
}

/** Collects the problems of a file, so a planner sees them all at once rather than one per attempt. */
export class Problems {
  readonly list: InputError[] = [];

  add(location: InputLocation, expected: string, got?: unknown): void {
    if (this.list.length < MAX_PROBLEMS) this.list.push(new InputError(location, expected, got));
  }

  throwIfAny(): void {
    if (this.list.length) throw new ImportRejected(this.list);
  }
}

/** Bytes to text: at most 5 MB, UTF-8 (the decoder drops a BOM), not empty. */
export function decodeFile(file: string, bytes: Uint8Array): string {
  if (bytes.length > MAX_FILE_BYTES)
    throw new ImportRejected([
      new InputError({ file }, `a file of at most ${MAX_FILE_BYTES / 1024 / 1024} MB`, `${bytes.length} bytes`),
    ]);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ImportRejected([new InputError({ file }, 'a UTF-8 file (save it as "CSV UTF-8" or UTF-8 text)')]);
  }
  if (text.trim() === '') throw new ImportRejected([new InputError({ file }, 'a file with a header row and data')]);
  return text;
}

/** A CSV file whose header has exactly the documented columns, in any order. */
export function readCsvTable(file: string, text: string, columns: readonly string[]): CsvRow[] {
  let table: CsvTable;
  try {
    table = readCsv(text, file);
  } catch (error) {
    if (error instanceof InputError) throw new ImportRejected([error]);
    throw error;
  }
  const { columns: header, rows } = table;
  const problems = new Problems();
  for (const name of header)
    if (!columns.includes(name)) problems.add({ file, line: 1, field: name }, `only the columns ${columns.join(', ')}`);
  for (const name of columns)
    if (!header.includes(name))
      problems.add({ file, line: 1, field: name }, `a column "${name}" (columns: ${columns.join(', ')})`);
  problems.throwIfAny();
  if (rows.length === 0) throw new ImportRejected([new InputError({ file, line: 2 }, 'at least one data row')]);
  return rows;
}

/** Period ids: a letter or digit, then letters, digits, dots, underscores or hyphens; 40 characters at most. */
export const PERIOD_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

/** The map's area: a point outside it could not be seen. */
export const MAP_AREA = { west: 4.5, south: 43, east: 16.5, north: 48.5 };

/**
 * A longitude or latitude of a row (a number, or text with a decimal point) inside the map's area; null, with
 * the problem added, when it is not one.
 */
export function readCoordinate(
  field: 'lon' | 'lat',
  raw: unknown,
  where: InputLocation,
  problems: Problems,
): number | null {
  const n =
    typeof raw === 'number' ? (Number.isFinite(raw) ? raw : null) : typeof raw === 'string' ? parseNumber(raw) : null;
  const [min, max] = field === 'lon' ? [MAP_AREA.west, MAP_AREA.east] : [MAP_AREA.south, MAP_AREA.north];
  if (n === null) {
    problems.add(
      { ...where, field },
      typeof raw === 'string' ? numberExpectation(raw) : 'a number of degrees',
      raw ?? null,
    );
  } else if (n < min || n > max) {
    problems.add(
      { ...where, field },
      `a ${field === 'lon' ? 'longitude' : 'latitude'} from ${min} to ${max} (the atlas map area, WGS84 degrees)`,
      raw,
    );
    return null;
  }
  return n;
}

/** A number written with a decimal point; null when the text is not one (no NaN, no Infinity, no "1,5"). */
export function parseNumber(text: string): number | null {
  if (!/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text.trim())) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

export function numberExpectation(text: string): string {
  return /^-?\d+,\d+$/.test(text.trim())
    ? 'a number with a decimal point, not a comma (1.5, not 1,5)'
    : 'a finite number such as 12 or 3.75';
}

/** The source and licence every row must name; their distinct pairs become the sources of the import. */
export class SourceKeys {
  readonly pairs = new Map<string, { title: string; licence: string }>();

  read(fields: Record<string, unknown>, where: InputLocation, problems: Problems): string {
    const text = (name: string, max: number) => {
      const value = fields[name];
      const trimmed = typeof value === 'string' ? value.trim() : '';
      if (trimmed === '' || trimmed.length > max)
        problems.add(
          { ...where, field: name },
          `a non-empty ${name} of at most ${max} characters (who published the figures, under which licence)`,
          value ?? null,
        );
      return trimmed;
    };
    const title = text('source', 300);
    const licence = text('licence', 200);
    const key = JSON.stringify([title, licence]);
    if (!this.pairs.has(key)) this.pairs.set(key, { title, licence });
    return key;
  }
}

/** One row of an imported file: where it is, its fields, and its point (GeoJSON) or null (CSV, or no geometry). */
export interface FileRecord {
  where: InputLocation;
  fields: Record<string, unknown>;
  point: [unknown, unknown] | 'invalid' | null;
}

/**
 * The features of a GeoJSON FeatureCollection of points, their properties read into a prototype-free record.
 * With `nullGeometry`, a feature may have a null geometry (its place then comes from its properties).
 */
export function geojsonRecords(
  file: string,
  text: string,
  problems: Problems,
  propertyNames: readonly string[],
  { nullGeometry = false }: { nullGeometry?: boolean } = {},
): FileRecord[] {
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
      if (propertyNames.includes(key)) fields[key] = properties![key];
      else problems.add({ ...where, field: key }, `only the properties ${propertyNames.join(', ')}`);
    }
    if (nullGeometry && f.geometry === null) return { where, fields, point: null };
    const coordinates = f.geometry?.coordinates;
    if (f.geometry?.type !== 'Point' || !Array.isArray(coordinates) || coordinates.length < 2) {
      problems.add(
        { ...where, field: 'geometry' },
        `a Point geometry with longitude and latitude${nullGeometry ? ', or null' : ''}`,
        f.geometry?.type ?? null,
      );
      return { where, fields, point: 'invalid' as const };
    }
    return { where, fields, point: [coordinates[0], coordinates[1]] as [unknown, unknown] };
  });
}
