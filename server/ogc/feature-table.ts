import type { Feature, PropertySpec, PropertyValue } from '../layers/feature.ts';
import type { SourceRecord } from '../../vocabulary/api-records.ts';
import type { Collection } from './collections.ts';

/** The geometry type every feature of a downloaded file has: polygon layers as multipolygons, as GIS expects. */
export type FileGeometryType = 'Point' | 'LineString' | 'MultiLineString' | 'MultiPolygon';

export interface GeoJsonGeometry {
  type: string;
  coordinates: unknown;
}

export type FileSource = Pick<SourceRecord, 'id' | 'title' | 'publisher' | 'licence' | 'url' | 'vintage'>;

export interface TableColumn {
  name: string;
  type: PropertySpec['type'];
  description: string;
}

export interface TableRow {
  id: string;
  geometry: GeoJsonGeometry | null;
  values: PropertyValue[];
}

/**
 * What a GeoPackage or FlatGeobuf file of one query holds: a typed column per chosen property, the features
 * with one geometry type, and the collection's title, description, sources and licences.
 */
export interface FeatureTable {
  name: string;
  title: string;
  description: string;
  geometryType: FileGeometryType;
  columns: TableColumn[];
  rows: TableRow[];
  /** The request the file answers, whose URL gives the same features again. */
  url: string;
  /** The sources and licences of the values: the /api/sources records, cut to what a file needs. */
  sources: FileSource[];
}

const MULTI: Record<string, string> = { Polygon: 'MultiPolygon', LineString: 'MultiLineString' };

/** A geometry as its multi type (a polygon as a one-part multipolygon), or as it is. */
function promoted(geometry: GeoJsonGeometry, to: FileGeometryType): GeoJsonGeometry {
  return MULTI[geometry.type] === to ? { type: to, coordinates: [geometry.coordinates] } : geometry;
}

/** Points stay points, lines stay lines unless one of them is multipart, polygons become multipolygons. */
function fileGeometryType(layerType: Collection['layer']['geometryType'], geometries: GeoJsonGeometry[]) {
  if (layerType === 'Point') return 'Point';
  if (layerType === 'Polygon') return 'MultiPolygon';
  return geometries.some((g) => g.type === 'MultiLineString') ? 'MultiLineString' : 'LineString';
}

export function featureTable(
  collection: Collection,
  lang: string,
  names: string[],
  rows: { feature: Feature; properties: Record<string, PropertyValue> }[],
  url: string,
): FeatureTable {
  const specs = new Map(collection.properties.map((p) => [p.name, p]));
  const parsed = rows.map(({ feature }) =>
    feature.geometry === null ? null : (JSON.parse(feature.geometry) as GeoJsonGeometry),
  );
  const geometryType = fileGeometryType(
    collection.layer.geometryType,
    parsed.filter((g) => g !== null),
  );
  const sources = collection.sources.map(({ id, title, publisher, licence, url, vintage }) => ({
    id,
    title,
    publisher,
    licence,
    url,
    vintage,
  }));
  return {
    name: collection.layer.id,
    title: collection.record.titles[lang] ?? collection.record.titles.en!,
    description: collection.record.descriptions[lang] ?? collection.record.descriptions.en!,
    geometryType,
    url,
    columns: names.map((name) => ({
      name,
      type: specs.get(name)?.type ?? 'string',
      description: specs.get(name)?.description ?? '',
    })),
    rows: rows.map(({ feature, properties }, i) => ({
      id: feature.id,
      geometry: parsed[i] === null ? null : promoted(parsed[i]!, geometryType),
      values: names.map((name) => properties[name] ?? null),
    })),
    sources,
  };
}
