import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import * as flatbuffers from 'flatbuffers';
import { fromByteBuffer } from 'flatgeobuf/lib/mjs/header-meta.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PropertyValue } from '../../server/layers/feature.ts';
import { useRealApp } from '../helpers/real-app.ts';

/**
 * GeoPackage and FlatGeobuf downloads (f=gpkg, f=fgb) over real HTTP, read by GDAL (Debian gdal-bin) as an
 * independent client: every collection whole, with the API's features, values, types and geometries, EPSG:4326,
 * and the sources and licences inside each file; the filters of the JSON apply to the files the same way.
 */

const COLLECTIONS = ['communes', 'territories', 'rail-stations', 'rail-lines', 'services', 'flows', 'initiatives'];
const FORMATS = ['gpkg', 'fgb'] as const;
type FileFormat = (typeof FORMATS)[number];
/**
 * What `ogrinfo -so` calls each schema type. Lists are JSON text: a String of subtype JSON in a GeoPackage (its
 * gpkg_data_columns says application/json); GDAL 3.6 reads FlatGeobuf's Json column type as a plain String.
 */
const GDAL_TYPES: Record<FileFormat, Record<string, string>> = {
  gpkg: { string: 'String', integer: 'Integer64', number: 'Real', boolean: 'Integer(Boolean)', array: 'String(JSON)' },
  fgb: { string: 'String', integer: 'Integer64', number: 'Real', boolean: 'Integer(Boolean)', array: 'String' },
};
const GDAL_GEOMETRIES: Record<string, string> = {
  Polygon: 'Multi Polygon',
  Point: 'Point',
  LineString: 'Line String',
};

interface ApiFeature {
  id: string;
  geometry: { type: string; coordinates: unknown } | null;
  properties: Record<string, PropertyValue>;
}
interface ApiPage {
  numberMatched: number;
  features: ApiFeature[];
}

const execFileAsync = promisify(execFile);
const real = useRealApp();
let base: string;
let dir: string;

beforeAll(async () => {
  base = await real.app.listen({ port: 0, host: '127.0.0.1' });
  dir = mkdtempSync(path.join(tmpdir(), 'atlas-gis-files-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function download(collection: string, format: FileFormat, query = ''): Promise<{ file: string; bytes: Buffer }> {
  const response = await fetch(`${base}/ogc/collections/${collection}/items?f=${format}${query}`);
  expect(response.status).toBe(200);
  const bytes = Buffer.from(await response.arrayBuffer());
  const file = path.join(dir, `${collection}-${Math.random().toString(36).slice(2)}.${format}`);
  writeFileSync(file, bytes);
  return { file, bytes };
}

async function apiPage(collection: string, query = ''): Promise<ApiPage> {
  const response = await fetch(`${base}/ogc/collections/${collection}/items?f=json${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as ApiPage;
}

/**
 * The file as GDAL reads it, written out by GDAL as GeoJSON. A FlatGeobuf list (a plain String to GDAL 3.6) is read
 * back from its JSON text.
 */
async function readWithGdal(file: string, lists: string[] = []): Promise<ApiFeature[]> {
  const { stdout } = await execFileAsync('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', file], {
    maxBuffer: 64 * 1024 * 1024,
  });
  const features = (JSON.parse(stdout) as { features: { geometry: ApiFeature['geometry']; properties: object }[] })
    .features;
  return features.map(({ geometry, properties }) => {
    const { id, ...rest } = properties as Record<string, PropertyValue>;
    for (const name of lists) {
      if (typeof rest[name] === 'string') rest[name] = JSON.parse(rest[name]) as string[];
    }
    return { id: id as string, geometry, properties: rest };
  });
}

/** A polygon as the one-part multipolygon the files hold. */
const asFileGeometry = (geometry: ApiFeature['geometry']) =>
  geometry?.type === 'Polygon' ? { type: 'MultiPolygon', coordinates: [geometry.coordinates] } : geometry;

/**
 * GDAL gives back the API's values: booleans as booleans, lists as the same arrays. FlatGeobuf does not store a
 * null (the property is left out of the feature), so GDAL leaves it out of its GeoJSON: read as null. GDAL 3.6's
 * GeoJSON writer turns a text that holds a JSON object or array (a service's opening hours, an initiative's
 * evidence) into that JSON: such a text is compared as the JSON it holds.
 */
function expectSameFeatures(read: ApiFeature[], api: ApiFeature[]) {
  expect(read.map((f) => f.id)).toEqual(api.map((f) => f.id));
  read.forEach((feature, i) => {
    const expected = Object.fromEntries(
      Object.entries(api[i]!.properties).map(([k, v]) => [
        k,
        typeof v === 'string' && /^[[{]/.test(v) && typeof feature.properties[k] === 'object' ? JSON.parse(v) : v,
      ]),
    );
    const properties = Object.fromEntries(Object.keys(expected).map((k) => [k, feature.properties[k] ?? null]));
    expect(Object.keys(feature.properties).filter((k) => !(k in expected))).toEqual([]);
    expect(properties, feature.id).toEqual(expected);
    expect(feature.geometry, feature.id).toEqual(asFileGeometry(api[i]!.geometry));
  });
}

async function schemaOf(collection: string) {
  const response = await fetch(`${base}/ogc/collections/${collection}/schema?f=json`);
  const schema = (await response.json()) as { properties: { properties: { properties: object } } };
  return schema.properties.properties.properties as Record<string, { type: string }>;
}

/** The sources a file carries: GeoPackage metadata of the table (JSON), or the FlatGeobuf header's metadata. */
async function sourcesIn(format: FileFormat, file: string, bytes: Buffer, table: string): Promise<string[]> {
  if (format === 'gpkg') {
    const db = new Database(file, { readonly: true });
    const row = db
      .prepare(
        'SELECT m.metadata FROM gpkg_metadata m JOIN gpkg_metadata_reference r ON r.md_file_id = m.id ' +
          "WHERE r.table_name = ? AND r.reference_scope = 'table' AND m.mime_type = 'application/json'",
      )
      .get(table) as { metadata: string };
    db.close();
    return (JSON.parse(row.metadata) as { id: string }[]).map((s) => s.id);
  }
  // The header follows the 8 magic bytes; the package's reader of it (GDAL 3.6 does not show these fields).
  const buffer = new flatbuffers.ByteBuffer(new Uint8Array(bytes));
  buffer.setPosition(8);
  const header = fromByteBuffer(buffer);
  expect(header.title).toBeTruthy();
  expect(header.crs?.code).toBe(4326);
  return (JSON.parse(header.metadata!) as { sources: { id: string }[] }).sources.map((s) => s.id);
}

describe.each(FORMATS)('f=%s', (format) => {
  it.each(COLLECTIONS)(
    'GDAL reads the whole %s collection with the API values, types, EPSG:4326 and sources',
    async (collection) => {
      const api = await apiPage(collection, '&limit=10000');
      const { file, bytes } = await download(collection, format);
      const { stdout: info } = await execFileAsync('ogrinfo', ['-so', file, collection]);
      expect(info).toContain(`Feature Count: ${api.numberMatched}\n`);
      const { layers } = (await (await fetch(`${base}/api/layers`)).json()) as {
        layers: { id: string; geometryType: string }[];
      };
      const geometryType = layers.find((l) => l.id === collection)!.geometryType;
      expect(info).toMatch(new RegExp(`Geometry: ${GDAL_GEOMETRIES[geometryType]}\\n`));
      expect(info).toContain('ID["EPSG",4326]');
      const schema = Object.entries(await schemaOf(collection));
      for (const [name, { type }] of schema) expect(info, name).toContain(`\n${name}: ${GDAL_TYPES[format][type]} `);
      const lists = format === 'fgb' ? schema.filter(([, { type }]) => type === 'array').map(([name]) => name) : [];
      expectSameFeatures(await readWithGdal(file, lists), api.features);

      const response = await fetch(`${base}/api/sources`);
      const known = new Set(((await response.json()) as { sources: { id: string }[] }).sources.map((s) => s.id));
      const sources = await sourcesIn(format, file, bytes, collection);
      expect(sources.length).toBeGreaterThan(0);
      for (const id of sources) expect(known.has(id), id).toBe(true);
    },
  );

  it('keeps the filters of the JSON: bbox, properties, period, limit and offset', async () => {
    const query = '&bbox=6.4,44.8,6.8,45.0&properties=name,population,population_period&period=istat-2011';
    const api = await apiPage('communes', `${query}&limit=10000`);
    expect(api.numberMatched).toBeGreaterThan(3);
    const whole = await download('communes', format, query);
    expectSameFeatures(await readWithGdal(whole.file), api.features);
    const { stdout: info } = await execFileAsync('ogrinfo', ['-so', whole.file, 'communes']);
    expect(info.match(/^\w+: (String|Integer64|Real)/gm)).toEqual([
      'id: String',
      'name: String',
      'population: Integer64',
      'population_period: String',
    ]);
    const page = await apiPage('communes', `${query}&limit=2&offset=1`);
    const paged = await download('communes', format, `${query}&limit=2&offset=1`);
    expect((await readWithGdal(paged.file)).map((f) => f.id)).toEqual(page.features.map((f) => f.id));
    expect(page.features).toHaveLength(2);
  });

  it('answers an empty selection with an empty layer of the same columns', async () => {
    const { file } = await download('rail-stations', format, '&bbox=1,1,1.1,1.1');
    const { stdout: info } = await execFileAsync('ogrinfo', ['-so', file, 'rail-stations']);
    expect(info).toContain('Feature Count: 0\n');
    expect(info).toContain('\nname: String');
  });

  it('is named after its collection, typed, and revalidated with its ETag', async () => {
    const items = `${base}/ogc/collections/services/items?f=${format}&limit=1`;
    const first = await fetch(items);
    expect(first.headers.get('content-type')).toBe(
      format === 'gpkg' ? 'application/geopackage+sqlite3' : 'application/flatgeobuf',
    );
    expect(first.headers.get('content-disposition')).toBe(`attachment; filename="services.${format}"`);
    const again = await fetch(items, { headers: { 'If-None-Match': first.headers.get('etag')! } });
    expect(again.status).toBe(304);
    const { id } = (await apiPage('services', '&limit=1')).features[0]!;
    const one = await fetch(`${base}/ogc/collections/services/items/${encodeURIComponent(id)}?f=${format}`);
    expect(one.status).toBe(200);
    expect(one.headers.get('content-disposition')).toMatch(/^attachment; filename="services-[\w.-]+\.(gpkg|fgb)"$/);
  });
});

it('a GeoPackage carries an R-tree spatial index that GDAL uses and keeps when it edits', async () => {
  for (const collection of COLLECTIONS) {
    const { file } = await download(collection, 'gpkg');
    const sql = `SELECT HasSpatialIndex('${collection}', 'geom')`;
    const { stdout } = await execFileAsync('ogrinfo', ['-q', '-sql', sql, file]);
    expect(stdout, collection).toContain('HasSpatialIndex (Integer) = 1');
    const api = await apiPage(collection, '&limit=10000');
    const count = (db: Database.Database) =>
      db.prepare(`SELECT count(*) FROM "rtree_${collection}_geom"`).pluck().get() as number;
    const db = new Database(file, { readonly: true });
    expect(count(db), collection).toBe(api.features.filter((f) => f.geometry !== null).length);
    db.close();
  }
  const { file } = await download('communes', 'gpkg');
  await execFileAsync('ogrinfo', ['-q', file, '-sql', "DELETE FROM communes WHERE id = '05023'"]);
  const db = new Database(file, { readonly: true });
  expect(db.prepare("SELECT count(*) FROM communes WHERE id = '05023'").pluck().get()).toBe(0);
  const inIndex = db.prepare('SELECT count(*) FROM rtree_communes_geom').pluck().get();
  expect(inIndex).toBe(db.prepare('SELECT count(*) FROM communes').pluck().get());
  db.close();
});
