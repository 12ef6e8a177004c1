import * as flatbuffers from 'flatbuffers';
import { magicbytes } from 'flatgeobuf/lib/mjs/constants.js';
import { ColumnType } from 'flatgeobuf/lib/mjs/flat-geobuf/column-type.js';
import { Column } from 'flatgeobuf/lib/mjs/flat-geobuf/column.js';
import { Crs } from 'flatgeobuf/lib/mjs/flat-geobuf/crs.js';
import { Feature } from 'flatgeobuf/lib/mjs/flat-geobuf/feature.js';
import { GeometryType } from 'flatgeobuf/lib/mjs/flat-geobuf/geometry-type.js';
import { Header } from 'flatgeobuf/lib/mjs/flat-geobuf/header.js';
import { buildFeature } from 'flatgeobuf/lib/mjs/generic/feature.js';
import { parseGeometry } from 'flatgeobuf/lib/mjs/geojson/geometry.js';
import type { HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js';
import type { ColumnMeta } from 'flatgeobuf/lib/mjs/column-meta.js';
import type { FeatureTable, TableColumn } from './feature-table.ts';

const COLUMN_TYPES: Record<TableColumn['type'], ColumnType> = {
  string: ColumnType.String,
  integer: ColumnType.Long,
  number: ColumnType.Double,
  boolean: ColumnType.Bool,
  array: ColumnType.Json,
};

const columnMeta = (name: string, type: ColumnType, description: string): ColumnMeta => ({
  name,
  type,
  title: null,
  description,
  width: -1,
  precision: -1,
  scale: -1,
  nullable: true,
  unique: false,
  primary_key: false,
});

/**
 * The header, written with the package's own FlatBuffers schema classes: its `buildHeader` leaves out the
 * title, description, metadata and column descriptions, which carry the sources and licences.
 */
function header(table: FeatureTable, meta: HeaderMeta): Uint8Array {
  const builder = new flatbuffers.Builder(1024);
  const columns = Header.createColumnsVector(
    builder,
    meta.columns!.map((c) =>
      Column.createColumn(
        builder,
        builder.createString(c.name),
        c.type,
        0,
        builder.createString(c.description ?? ''),
        -1,
        -1,
        -1,
        true,
        c.name === 'id',
        false,
        0,
      ),
    ),
  );
  const name = builder.createString(table.name);
  const title = builder.createString(table.title);
  const description = builder.createString(table.description);
  const metadata = builder.createString(JSON.stringify({ url: table.url, sources: table.sources }));
  const organization = builder.createString('EPSG');
  Crs.startCrs(builder);
  Crs.addOrg(builder, organization);
  Crs.addCode(builder, 4326);
  const crs = Crs.endCrs(builder);
  Header.startHeader(builder);
  Header.addName(builder, name);
  Header.addGeometryType(builder, meta.geometryType);
  Header.addColumns(builder, columns);
  Header.addFeaturesCount(builder, BigInt(meta.featuresCount));
  Header.addIndexNodeSize(builder, 0);
  Header.addCrs(builder, crs);
  Header.addTitle(builder, title);
  Header.addDescription(builder, description);
  Header.addMetadata(builder, metadata);
  builder.finishSizePrefixed(Header.endHeader(builder));
  return builder.asUint8Array();
}

const POINT = { type: 'Point', coordinates: [0, 0] };

/**
 * A feature with no geometry (a territory whose outline is not in the data): the package always writes one, so
 * its encoded properties are copied into a feature without the geometry field, which readers take as null.
 */
function withoutGeometry(encoded: Uint8Array): Uint8Array {
  const feature = Feature.getSizePrefixedRootAsFeature(new flatbuffers.ByteBuffer(encoded));
  const builder = new flatbuffers.Builder(encoded.length);
  const properties = feature.propertiesArray();
  const offset = properties ? Feature.createPropertiesVector(builder, properties) : 0;
  Feature.startFeature(builder);
  if (offset) Feature.addProperties(builder, offset);
  builder.finishSizePrefixed(Feature.endFeature(builder));
  return builder.asUint8Array();
}

/**
 * One feature table as a FlatGeobuf file (no spatial index: a query's answer is read whole): EPSG:4326, typed
 * columns with their descriptions, the title and description of the collection, and its sources and licences as
 * the header's JSON metadata. Features are encoded by the flatgeobuf package.
 */
export function flatGeobuf(table: FeatureTable): Buffer {
  const meta: HeaderMeta = {
    geometryType: GeometryType[table.geometryType],
    columns: [
      columnMeta('id', ColumnType.String, 'Id of the feature in the atlas (its GeoJSON id)'),
      ...table.columns.map((c) => columnMeta(c.name, COLUMN_TYPES[c.type], c.description)),
    ],
    envelope: null,
    featuresCount: table.rows.length,
    indexNodeSize: 0,
    crs: null,
    title: table.title,
    description: table.description,
    metadata: null,
  };
  const features = table.rows.map((row) => {
    const properties = Object.fromEntries([
      ['id', row.id],
      ...table.columns.map((c, i) => [c.name, row.values[i] ?? null]),
    ]);
    return row.geometry
      ? buildFeature(parseGeometry(row.geometry as never), properties, meta)
      : withoutGeometry(buildFeature(parseGeometry(POINT as never), properties, meta));
  });
  return Buffer.concat([magicbytes, header(table, meta), ...features]);
}
