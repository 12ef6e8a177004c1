import Database from 'better-sqlite3';
import wkx from 'wkx';
import type { PropertyValue } from '../layers/feature.ts';
import type { FeatureTable, FileSource, GeoJsonGeometry, TableColumn } from './feature-table.ts';
import { addSpatialIndex, quote, type Envelope } from './geopackage-rtree.ts';

/** GeoPackage 1.3: the application id "GPKG" and the version in SQLite's user_version. */
const APPLICATION_ID = 0x47504b47;
const USER_VERSION = 10300;

const WGS84 =
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],' +
  'AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],' +
  'UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]]';

/** The core tables of the standard (§1.1, §2.1) and of its metadata and schema extensions (§F.8, §F.9). */
const SCHEMA = `
CREATE TABLE gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
CREATE TABLE gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE gpkg_geometry_columns (
  table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL,
  z TINYINT NOT NULL, m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
CREATE TABLE gpkg_extensions (
  table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL,
  CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
CREATE TABLE gpkg_metadata (
  id INTEGER CONSTRAINT m_pk PRIMARY KEY ASC NOT NULL, md_scope TEXT NOT NULL DEFAULT 'dataset',
  md_standard_uri TEXT NOT NULL, mime_type TEXT NOT NULL DEFAULT 'text/xml', metadata TEXT NOT NULL DEFAULT '');
CREATE TABLE gpkg_metadata_reference (
  reference_scope TEXT NOT NULL, table_name TEXT, column_name TEXT, row_id_value INTEGER,
  timestamp DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), md_file_id INTEGER NOT NULL,
  md_parent_id INTEGER,
  CONSTRAINT crmr_mfi_fk FOREIGN KEY (md_file_id) REFERENCES gpkg_metadata(id),
  CONSTRAINT crmr_mpi_fk FOREIGN KEY (md_parent_id) REFERENCES gpkg_metadata(id));
CREATE TABLE gpkg_data_columns (
  table_name TEXT NOT NULL, column_name TEXT NOT NULL, name TEXT, title TEXT, description TEXT, mime_type TEXT,
  constraint_name TEXT,
  CONSTRAINT pk_gdc PRIMARY KEY (table_name, column_name),
  CONSTRAINT gdc_tn UNIQUE (table_name, name));
`;

const EXTENSIONS = [
  ['gpkg_metadata', 'gpkg_metadata', 'http://www.geopackage.org/spec/#extension_metadata'],
  ['gpkg_metadata_reference', 'gpkg_metadata', 'http://www.geopackage.org/spec/#extension_metadata'],
  ['gpkg_data_columns', 'gpkg_schema', 'http://www.geopackage.org/spec/#extension_schema'],
] as const;

const SQL_TYPES: Record<TableColumn['type'], string> = {
  string: 'TEXT',
  integer: 'INTEGER',
  number: 'REAL',
  boolean: 'BOOLEAN',
  array: 'TEXT',
};

/** One source as a line of the file's text metadata. */
const sourceLine = ({ title, publisher, vintage, licence, url }: FileSource) =>
  `${title} (${publisher}, ${vintage}): licence ${licence.name}${url ? `, ${url}` : ''}`;

/** A value as SQLite stores it: booleans as 0/1, lists as JSON text. */
function sqlValue(value: PropertyValue): string | number | null {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (Array.isArray(value)) return JSON.stringify(value);
  return value;
}

function positions(value: unknown): number[][] {
  return Array.isArray(value) && typeof value[0] === 'number'
    ? [value as number[]]
    : (value as unknown[]).flatMap(positions);
}

function envelopeOf(geometry: GeoJsonGeometry): Envelope {
  const envelope: Envelope = [Infinity, -Infinity, Infinity, -Infinity];
  for (const [x, y] of positions(geometry.coordinates)) {
    envelope[0] = Math.min(envelope[0], x!);
    envelope[1] = Math.max(envelope[1], x!);
    envelope[2] = Math.min(envelope[2], y!);
    envelope[3] = Math.max(envelope[3], y!);
  }
  return envelope;
}

/**
 * A GeoPackage geometry (§2.1.3): the "GP" header, version 0, flags (little-endian, an [minx, maxx, miny, maxy]
 * envelope), the SRS id, the envelope, then the geometry as little-endian WKB.
 */
function geometryBlob(geometry: GeoJsonGeometry, envelope: Envelope): Buffer {
  const header = Buffer.alloc(8 + 32);
  header.write('GP', 0, 'ascii');
  header.writeUInt8(0, 2);
  header.writeUInt8(0b0000_0011, 3);
  header.writeInt32LE(4326, 4);
  envelope.forEach((v, i) => {
    header.writeDoubleLE(v, 8 + 8 * i);
  });
  return Buffer.concat([header, wkx.Geometry.parseGeoJSON(geometry).toWkb()]);
}

/**
 * One feature table as a GeoPackage file, made in memory with SQLite itself and returned as its bytes: EPSG:4326,
 * the collection's title and description in gpkg_contents, each column's description (schema extension), the
 * sources and licences as dataset metadata of the table (metadata extension), as text and as JSON, and an R-tree
 * spatial index of the geometries.
 */
export function geoPackage(table: FeatureTable): Buffer {
  const db = new Database(':memory:');
  try {
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${USER_VERSION}`);
    db.exec(SCHEMA);
    const srs = db.prepare(
      'INSERT INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization, organization_coordsys_id, definition, ' +
        'description) VALUES (?, ?, ?, ?, ?, ?)',
    );
    srs.run('WGS 84 geodetic', 4326, 'EPSG', 4326, WGS84, 'longitude/latitude coordinates in decimal degrees');
    srs.run('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system');
    srs.run('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system');

    const columns = table.columns.map((c) => `${quote(c.name)} ${SQL_TYPES[c.type]}`);
    db.exec(
      `CREATE TABLE ${quote(table.name)} (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom ` +
        `${table.geometryType.toUpperCase()}, id TEXT NOT NULL UNIQUE${columns.map((c) => `, ${c}`).join('')})`,
    );
    const insert = db.prepare(
      `INSERT INTO ${quote(table.name)} (geom, id${table.columns.map((c) => `, ${quote(c.name)}`).join('')}) ` +
        `VALUES (?, ?${', ?'.repeat(table.columns.length)})`,
    );
    const indexed: [number, Envelope][] = [];
    db.transaction(() => {
      for (const row of table.rows) {
        const envelope = row.geometry ? envelopeOf(row.geometry) : null;
        const blob = row.geometry ? geometryBlob(row.geometry, envelope!) : null;
        const { lastInsertRowid } = insert.run(blob, row.id, ...row.values.map(sqlValue));
        if (envelope) indexed.push([Number(lastInsertRowid), envelope]);
      }
    })();
    const extent =
      indexed.length === 0
        ? [null, null, null, null]
        : [
            Math.min(...indexed.map(([, e]) => e[0])),
            Math.min(...indexed.map(([, e]) => e[2])),
            Math.max(...indexed.map(([, e]) => e[1])),
            Math.max(...indexed.map(([, e]) => e[3])),
          ];
    db.prepare(
      'INSERT INTO gpkg_contents (table_name, data_type, identifier, description, ' +
        'min_x, min_y, max_x, max_y, srs_id) ' +
        "VALUES (?, 'features', ?, ?, ?, ?, ?, ?, 4326)",
    ).run(table.name, table.title, table.description, ...extent);
    db.prepare("INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, 4326, 0, 0)").run(
      table.name,
      table.geometryType.toUpperCase(),
    );
    const dataColumn = db.prepare(
      'INSERT INTO gpkg_data_columns (table_name, column_name, name, title, description, mime_type) ' +
        'VALUES (?, ?, ?, ?, ?, ?)',
    );
    dataColumn.run(table.name, 'id', 'id', 'id', 'Id of the feature in the atlas (its GeoJSON id)', null);
    for (const c of table.columns) {
      // Lists are JSON text; GIS software reads the media type and offers the JSON as such.
      dataColumn.run(table.name, c.name, c.name, c.name, c.description, c.type === 'array' ? 'application/json' : null);
    }

    const metadata = db.prepare(
      "INSERT INTO gpkg_metadata (md_scope, md_standard_uri, mime_type, metadata) VALUES ('dataset', ?, ?, ?)",
    );
    const reference = db.prepare(
      "INSERT INTO gpkg_metadata_reference (reference_scope, table_name, md_file_id) VALUES ('table', ?, ?)",
    );
    for (const [uri, mime, text] of [
      [
        'https://www.rfc-editor.org/rfc/rfc2046',
        'text/plain',
        `${table.title}: ${table.url}\nSources and licences:\n${table.sources.map(sourceLine).join('\n')}`,
      ],
      ['https://www.rfc-editor.org/rfc/rfc8259', 'application/json', JSON.stringify(table.sources)],
    ] as const) {
      reference.run(table.name, metadata.run(uri, mime, text).lastInsertRowid);
    }
    const extension = db.prepare('INSERT INTO gpkg_extensions VALUES (?, NULL, ?, ?, ?)');
    for (const [tableName, name, definition] of EXTENSIONS) extension.run(tableName, name, definition, 'read-write');
    addSpatialIndex(db, table.name, 'geom', indexed);
    return db.serialize();
  } finally {
    db.close();
  }
}
