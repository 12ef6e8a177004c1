/** [west, south, east, north] in degrees, WGS84 longitude/latitude. */
export type BBox = [number, number, number, number];

export type PropertyValue = string | number | boolean | null | string[];

export interface PropertySpec {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'array';
  description: string;
}

/** A property of a layer's features: its schema, and how its value is read from a source record. */
export interface PropertyDefinition<Source> extends PropertySpec {
  value: (source: Source) => PropertyValue;
}

/** The schema of defined properties, as the API describes them. */
export function specsOf(definitions: readonly PropertySpec[]): PropertySpec[] {
  return definitions.map(({ name, type, description }) => ({ name, type, description }));
}

/** A feature's properties, read from its source record by each definition in turn. */
export function readProperties<Source>(
  definitions: PropertyDefinition<Source>[],
  source: Source,
): Record<string, PropertyValue> {
  return Object.fromEntries(definitions.map((d) => [d.name, d.value(source)]));
}

/**
 * A feature as read from the atlas once at start; the geometry stays the GeoJSON text the build wrote.
 * The id is the feature's GeoJSON id (a commune code, a station id…), not repeated among the properties.
 */
export interface Feature {
  id: string;
  geometry: string | null;
  bbox: BBox | null;
  properties: Record<string, PropertyValue>;
}

/** An equality filter of the items endpoint: matches a property's value, or one element of a list. */
export interface Queryable {
  name: string;
  property: string;
  description: string;
}

/** One collection of the API, one layer of the map. */
export interface FeatureLayer {
  id: string;
  /** Point layers are written to CSV as lon/lat columns, the others as WKT. */
  geometryType: 'Polygon' | 'Point' | 'LineString';
  /** Indicator values whose subject is this layer are joined to its features by id. */
  subject: 'commune' | 'rail-station' | null;
  properties: PropertySpec[];
  queryables: Queryable[];
  features: Feature[];
}

export function bboxOfRow(row: {
  min_lon: number | null;
  min_lat: number | null;
  max_lon: number | null;
  max_lat: number | null;
}): BBox | null {
  if (row.min_lon === null || row.min_lat === null || row.max_lon === null || row.max_lat === null) return null;
  return [row.min_lon, row.min_lat, row.max_lon, row.max_lat];
}

export function pointGeometry(lon: number, lat: number): string {
  return `{"type":"Point","coordinates":[${lon},${lat}]}`;
}
