import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual, promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PropertyValue } from '../../server/layers/feature.ts';
import { PROJECT_ROOT } from '../helpers/paths.ts';

/** GDAL's warning that a JSON array property becomes a StringList field, which the GeoPackage driver cannot keep. */
const STRING_LIST_WARNING = new RegExp(
  '^Warning 1: The output driver does not natively support StringList type for field (\\S+)\\. ' +
    'Misconversion can happen\\.',
);

/**
 * A real OGC API – Features client against the real server process: GDAL's OAPIF driver
 * (Debian gdal-bin, 3.6.2 here and in CI). ogrinfo must list every collection, and ogr2ogr must
 * copy each one to a GeoPackage with the API's features, attribute values and geometries.
 *
 * The GeoPackage is read back with better-sqlite3 (it is a SQLite file), not through GDAL, so the
 * check does not depend on GDAL reading its own output. The only conversions accepted (those of
 * GDAL 3.6.2, checked by hand):
 * - a boolean becomes 0 or 1 in a BOOLEAN column;
 * - an array of strings becomes text, one form per column: a StringList field is written as
 *   "(count:a,b,c)" (ogr2ogr warns "Misconversion can happen"); a field GDAL typed as a JSON string
 *   is written as JSON text ("[ ]", "[ \"a\" ]") and marked application/json in gpkg_data_columns.
 *   An empty array is "(0:)" or "[ ]", never NULL;
 * - null stays NULL; strings and numbers stay the same strings and numbers (a number stored as
 *   text is a difference).
 * The OAPIF driver of GDAL 3.6 fixes each field's type from the first page only (10 features by
 * default), reads every later page as a GeoJSON document of its own, and converts its values to
 * the first page's types: a later page can write another form, or change a value.
 */

const COLLECTIONS = ['communes', 'territories', 'rail-stations', 'rail-lines', 'services', 'flows', 'initiatives'];
/** execFile options for GDAL: a generous timeout, and no HTTP proxy between GDAL and 127.0.0.1. */
const GDAL_OPTIONS = {
  timeout: 120_000,
  maxBuffer: 64 * 1024 * 1024,
  env: { ...process.env, NO_PROXY: '127.0.0.1', no_proxy: '127.0.0.1' },
};

type Geometry = { type: string; coordinates: unknown };

interface ApiFeature {
  id: string;
  geometry: Geometry | null;
  properties: Record<string, PropertyValue>;
}

interface Column {
  name: string;
  /** Declared SQLite type: TEXT, INTEGER, REAL, BOOLEAN, ... */
  type: string;
  /** Marked application/json in gpkg_data_columns. */
  json: boolean;
}

interface GeoPackageLayer {
  columns: Column[];
  geometryColumn: string;
  /** Every row, cells by column name (the geometry as its GeoPackage blob). */
  rows: Record<string, unknown>[];
  /** srs_id of the geometry column in gpkg_geometry_columns. */
  srsId: number;
}

interface Copy {
  layer: GeoPackageLayer;
  stderr: string;
}

const execFileAsync = promisify(execFile);

/** Runs a GDAL tool. Without gdal-bin each test fails with this message; none is skipped. */
async function gdal(tool: 'ogrinfo' | 'ogr2ogr', args: string[]) {
  try {
    return await execFileAsync(tool, args, GDAL_OPTIONS);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error(`${tool} is not installed: install the Debian package gdal-bin`);
    throw error;
  }
}
let server: ChildProcess;
let base: string;
let dir: string;

function startServer(): Promise<string> {
  server = spawn(process.execPath, ['--import', 'tsx', 'server/server.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ATLAS_DB: inject('atlasDb') },
  });
  let output = '';
  server.stderr!.on('data', (chunk: Buffer) => (output += chunk));
  return new Promise<string>((resolve, reject) => {
    server.stdout!.on('data', (chunk: Buffer) => {
      output += chunk;
      // The server prints localhost; GDAL gets the address it listens on.
      const match = /http:\/\/localhost:(\d+)/.exec(output);
      if (match) resolve(`http://127.0.0.1:${match[1]}`);
    });
    server.on('exit', () => reject(new Error(`server exited early: ${output}`)));
  });
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  expect(response.status, url).toBe(200);
  return (await response.json()) as T;
}

/** Every feature of a collection in one page, as the API serves it. */
const apiFeatures = memoize(async (collection: string) => {
  const page = await getJson<{
    numberMatched: number;
    numberReturned: number;
    links: { rel: string }[];
    features: ApiFeature[];
  }>(`${base}/ogc/collections/${collection}/items?limit=10000`);
  expect(page.numberReturned).toBe(page.numberMatched);
  expect(page.features).toHaveLength(page.numberMatched);
  expect(page.links.map((l) => l.rel)).not.toContain('next');
  return page.features;
});

/** `ogr2ogr -f GPKG` of one collection through the OAPIF driver, with extra arguments, read back. */
async function copyToGeoPackage(collection: string, file: string, extra: string[] = []): Promise<Copy> {
  const gpkg = path.join(dir, file);
  const { stderr } = await gdal('ogr2ogr', [...extra, '-f', 'GPKG', gpkg, `OAPIF:${base}/ogc`, collection]);
  return { layer: readGeoPackage(gpkg, collection), stderr };
}

/** The copy each collection gets with GDAL's default settings: the command of the issue. */
const defaultCopy = memoize((collection: string) => copyToGeoPackage(collection, `${collection}.gpkg`));

function readGeoPackage(file: string, table: string): GeoPackageLayer {
  const db = new Database(file, { readonly: true });
  try {
    const geometry = db
      .prepare('SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?')
      .get(table) as { column_name: string; srs_id: number } | undefined;
    if (!geometry) throw new Error(`${file} has no geometry table "${table}"`);
    const hasDataColumns =
      db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'gpkg_data_columns'").get() !== undefined;
    const jsonColumns = new Set(
      hasDataColumns
        ? (db
            .prepare(
              "SELECT column_name FROM gpkg_data_columns WHERE table_name = ? AND mime_type = 'application/json'",
            )
            .pluck()
            .all(table) as string[])
        : [],
    );
    const columns = (db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string; type: string }[]).map(
      ({ name, type }) => ({ name, type, json: jsonColumns.has(name) }),
    );
    const rows = db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[];
    return { columns, geometryColumn: geometry.column_name, rows, srsId: geometry.srs_id };
  } finally {
    db.close();
  }
}

/** The attribute columns: all but GDAL's fid and the geometry. */
function attributeColumns(layer: GeoPackageLayer): Column[] {
  return layer.columns.filter((c) => c.name !== 'fid' && c.name !== layer.geometryColumn);
}

/** GDAL's text of a StringList, "(2:a,b)", back to the list; other text stays as it is. */
function parseStringList(text: string): string[] | string {
  const match = /^\((\d+):(.*)\)$/s.exec(text);
  if (!match) return text;
  const items = match[2] === '' ? [] : match[2]!.split(',');
  return items.length === Number(match[1]) ? items : text;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * A GeoPackage cell back to the API's value, by the conversions documented at the top; anything else is kept as it is,
 * to differ.
 */
function decodeCell(cell: unknown, column: Column, apiValue: PropertyValue): unknown {
  if (cell === null) return null;
  if (column.type === 'BOOLEAN') return cell === 1 ? true : cell === 0 ? false : cell;
  if (Array.isArray(apiValue) && typeof cell === 'string') return column.json ? parseJson(cell) : parseStringList(cell);
  return cell;
}

/** One line per property whose GeoPackage values differ from the API's, with a count and an example. */
function attributeDifferences(features: ApiFeature[], layer: GeoPackageLayer): string[] {
  const rowsById = new Map(layer.rows.map((row) => [row.id, row]));
  const columns = new Map(attributeColumns(layer).map((c) => [c.name, c]));
  const differing = new Map<string, { count: number; example: string }>();
  for (const feature of features) {
    const row = rowsById.get(feature.id);
    if (!row) continue; // counted by the feature-count test
    for (const [name, value] of Object.entries(feature.properties)) {
      const column = columns.get(name);
      if (!column) continue; // reported by the column test
      if (isDeepStrictEqual(decodeCell(row[name], column, value), value)) continue;
      const entry = differing.get(name) ?? {
        count: 0,
        example:
          `${feature.id}: API ${JSON.stringify(value)}, GeoPackage ${JSON.stringify(row[name])} (column ` +
          `${column.type}${column.json ? ', JSON' : ''})`,
      };
      entry.count += 1;
      differing.set(name, entry);
    }
  }
  return [...differing].map(
    ([name, { count, example }]) => `${name}: ${count} of ${features.length} features differ, e.g. ${example}`,
  );
}

const WKB_TYPES = ['', 'Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon'];

/** Well-known binary (2D, the types GeoJSON has) to a GeoJSON geometry. */
function readWkb(wkb: Buffer, at = { offset: 0 }): Geometry {
  const littleEndian = wkb.readUInt8(at.offset) === 1;
  at.offset += 1;
  const uint32 = () => {
    at.offset += 4;
    return littleEndian ? wkb.readUInt32LE(at.offset - 4) : wkb.readUInt32BE(at.offset - 4);
  };
  const double = () => {
    at.offset += 8;
    return littleEndian ? wkb.readDoubleLE(at.offset - 8) : wkb.readDoubleBE(at.offset - 8);
  };
  const position = () => [double(), double()];
  const positions = () => Array.from({ length: uint32() }, position);
  const code = uint32();
  const type = WKB_TYPES[code];
  if (!type) throw new Error(`WKB geometry type ${code} is not a 2D GeoJSON type`);
  const coordinates =
    code === 1
      ? position()
      : code === 2
        ? positions()
        : code === 3
          ? Array.from({ length: uint32() }, positions)
          : Array.from({ length: uint32() }, () => readWkb(wkb, at).coordinates);
  return { type, coordinates };
}

/**
 * A GeoPackage geometry blob (GeoPackage 1.3, 2.1.3): "GP", version, flags, srs_id, an optional
 * envelope, then WKB. Decoding the WKB compares every coordinate, which is stronger than the envelope.
 */
function readGeoPackageGeometry(blob: unknown): { srsId: number; geometry: Geometry } | null {
  if (blob === null) return null;
  if (!Buffer.isBuffer(blob) || blob.toString('latin1', 0, 2) !== 'GP')
    throw new Error('not a GeoPackage geometry blob');
  const flags = blob.readUInt8(3);
  const littleEndian = (flags & 1) === 1;
  const envelopeBytes = [0, 32, 48, 48, 64][(flags >> 1) & 7]!;
  return {
    srsId: littleEndian ? blob.readInt32LE(4) : blob.readInt32BE(4),
    geometry: readWkb(blob.subarray(8 + envelopeBytes)),
  };
}

/** One line per feature whose GeoPackage geometry is not the API's, coordinate for coordinate, in EPSG:4326 lon/lat. */
function geometryDifferences(features: ApiFeature[], layer: GeoPackageLayer): string[] {
  const rowsById = new Map(layer.rows.map((row) => [row.id, row]));
  return features.flatMap((feature) => {
    const row = rowsById.get(feature.id);
    if (!row) return [];
    const copied = readGeoPackageGeometry(row[layer.geometryColumn]);
    if (isDeepStrictEqual(copied?.geometry ?? null, feature.geometry) && (copied === null || copied.srsId === 4326))
      return [];
    const summary = (g: Geometry | null | undefined) =>
      g ? `${g.type} ${JSON.stringify(g.coordinates).slice(0, 80)}` : 'null';
    return [
      `${feature.id}: API ${summary(feature.geometry)}, GeoPackage ${summary(copied?.geometry)} (srs ${copied?.srsId})`,
    ];
  });
}

function memoize<T>(compute: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const results = new Map<string, Promise<T>>();
  return (key) => {
    if (!results.has(key)) results.set(key, compute(key));
    return results.get(key)!;
  };
}

describe('GDAL OAPIF driver against the real server', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'atlas-gdal-'));
    base = await startServer();
  });

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((done) => server.on('exit', done));
      server.kill('SIGTERM');
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("has GDAL's ogrinfo and ogr2ogr", async () => {
    for (const tool of ['ogrinfo', 'ogr2ogr'] as const) {
      expect((await gdal(tool, ['--version'])).stdout).toMatch(/^GDAL \d+\.\d+\.\d+/);
    }
  });

  it('ogrinfo lists exactly the collections of /ogc/collections', async () => {
    const { collections } = await getJson<{ collections: { id: string }[] }>(`${base}/ogc/collections`);
    const { stdout } = await gdal('ogrinfo', ['-ro', `OAPIF:${base}/ogc`]);
    // Lines like "3: rail-stations (title: Rail stations) (Point)".
    const listed = [...stdout.matchAll(/^\d+: (\S+)/gm)].map((m) => m[1]);
    expect(collections.map((c) => c.id).sort()).toEqual([...COLLECTIONS].sort());
    expect(listed.sort()).toEqual([...COLLECTIONS].sort());
  });

  it.each(COLLECTIONS)('ogr2ogr copies every feature of %s (numberMatched), each id once', async (collection) => {
    const features = await apiFeatures(collection);
    const { layer } = await defaultCopy(collection);
    expect(layer.rows).toHaveLength(features.length);
    expect(layer.rows.map((r) => r.id).sort()).toEqual(features.map((f) => f.id).sort());
  });

  it.each(COLLECTIONS)(
    'the GeoPackage of %s has one column per API property, plus the feature id',
    async (collection) => {
      const features = await apiFeatures(collection);
      const { layer } = await defaultCopy(collection);
      const propertyNames = new Set(features.flatMap((f) => Object.keys(f.properties)));
      expect(
        attributeColumns(layer)
          .map((c) => c.name)
          .sort(),
      ).toEqual([...new Set([...propertyNames, 'id'])].sort());
    },
  );

  it.each(COLLECTIONS)('every attribute value of %s in the GeoPackage is the API value', async (collection) => {
    const features = await apiFeatures(collection);
    const { layer } = await defaultCopy(collection);
    expect(attributeDifferences(features, layer)).toEqual([]);
  });

  it.each(COLLECTIONS)(
    'every geometry of %s in the GeoPackage is the API geometry, coordinate for coordinate',
    async (collection) => {
      const features = await apiFeatures(collection);
      const { layer } = await defaultCopy(collection);
      expect(layer.srsId).toBe(4326);
      expect(geometryDifferences(features, layer)).toEqual([]);
    },
  );

  it.each(COLLECTIONS)(
    'ogr2ogr warns of nothing for %s but the StringList conversion of array properties (and mixed polygons)',
    async (collection) => {
      const features = await apiFeatures(collection);
      const { stderr } = await defaultCopy(collection);
      // GDAL types the layer from its first page; the communes mix polygons and multipolygons (each kept, above).
      const warning = /^Warning 1: A geometry of type MULTIPOLYGON is inserted into layer \S+ of geometry type POLYGON/;
      const mixed = (line: string) => features.some((f) => f.geometry?.type === 'MultiPolygon') && warning.test(line);
      const arrays = new Set(
        features.flatMap((f) =>
          Object.entries(f.properties)
            .filter(([, v]) => Array.isArray(v))
            .map(([name]) => name),
        ),
      );
      const unexpected = stderr.split('\n').filter((line) => {
        if (line.trim() === '' || mixed(line)) return false;
        const field = STRING_LIST_WARNING.exec(line)?.[1];
        return field === undefined || !arrays.has(field);
      });
      expect(unexpected).toEqual([]);
    },
  );

  it(
    'ogr2ogr with PAGE_SIZE=25 follows every next link ' + 'of communes and copies the same features and values',
    async () => {
      const features = await apiFeatures('communes');
      const { layer, stderr } = await copyToGeoPackage('communes', 'communes-paged.gpkg', [
        '--debug',
        'on',
        '-oo',
        'PAGE_SIZE=25',
      ]);
      // GDAL's debug log names each page it fetches: the first from the collection's items link,
      // the others from the server's next links, whose offset the server sets.
      const pages = [...stderr.matchAll(/^HTTP: Fetch\((\S+\/collections\/communes\/items\S*)\)$/gm)].map(
        (m) => new URL(m[1]!),
      );
      expect(pages.length).toBeGreaterThan(1);
      expect(new Set(pages.map((url) => url.searchParams.get('limit')))).toEqual(new Set(['25']));
      const offsets = [...new Set(pages.map((url) => Number(url.searchParams.get('offset') ?? 0)))].sort(
        (a, b) => a - b,
      );
      expect(offsets).toEqual(Array.from({ length: Math.ceil(features.length / 25) }, (_, i) => i * 25));

      expect(layer.rows.map((r) => r.id).sort()).toEqual(features.map((f) => f.id).sort());
      expect(attributeDifferences(features, layer)).toEqual([]);
      expect(geometryDifferences(features, layer)).toEqual([]);
    },
  );
});
