import type { Feature, FeatureLayer, PropertyValue } from '../layers/feature.ts';

type Position = number[];
type GeometryJson =
  | { type: 'Point'; coordinates: Position }
  | { type: 'LineString'; coordinates: Position[] }
  | { type: 'MultiLineString'; coordinates: Position[][] }
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] };

const points = (ring: Position[]) => ring.map(([lon, lat]) => `${lon} ${lat}`).join(', ');
const rings = (polygon: Position[][]) => polygon.map((ring) => `(${points(ring)})`).join(', ');

/** Well-Known Text of a GeoJSON geometry, same coordinates, same decimals. */
export function toWkt(geometryText: string): string {
  const geometry = JSON.parse(geometryText) as GeometryJson;
  switch (geometry.type) {
    case 'Point':
      return `POINT (${points([geometry.coordinates])})`;
    case 'LineString':
      return `LINESTRING (${points(geometry.coordinates)})`;
    case 'MultiLineString':
      return `MULTILINESTRING (${rings(geometry.coordinates)})`;
    case 'Polygon':
      return `POLYGON (${rings(geometry.coordinates)})`;
    case 'MultiPolygon':
      return `MULTIPOLYGON (${geometry.coordinates.map((p) => `(${rings(p)})`).join(', ')})`;
  }
}

/** A text as a quoted RFC 4180 cell: in quotes, its own quotes doubled. */
export const quoted = (text: string) => `"${text.replaceAll('"', '""')}"`;

/** One RFC 4180 cell: quoted when it holds a quote, comma, line break or edge space. */
export function cell(value: PropertyValue): string {
  if (value === null) return '';
  const text = Array.isArray(value) ? value.join(';') : String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? quoted(text) : text;
}

/**
 * RFC 4180 CSV with a header row: the feature id, the chosen properties, then lon and lat for point layers
 * or wkt for the others (neither with skipGeometry). Lists are joined with ";"; a missing value is an empty cell.
 */
export function featuresToCsv(
  layer: FeatureLayer,
  rows: { feature: Feature; properties: Record<string, PropertyValue> }[],
  names: string[],
  skipGeometry = false,
): string {
  const point = layer.geometryType === 'Point';
  const header = ['id', ...names, ...(skipGeometry ? [] : point ? ['lon', 'lat'] : ['wkt'])];
  const lines = [header.map(cell).join(',')];
  for (const { feature, properties } of rows) {
    const values = [cell(feature.id), ...names.map((name) => cell(properties[name] ?? null))];
    if (!skipGeometry) values.push(...geometryCells(feature, point));
    lines.push(values.join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** lon and lat of a point, or the WKT of another geometry; empty cells without geometry. */
function geometryCells(feature: Feature, point: boolean): string[] {
  if (!point) return [feature.geometry === null ? '' : cell(toWkt(feature.geometry))];
  const [lon, lat] =
    feature.geometry === null ? [null, null] : (JSON.parse(feature.geometry) as { coordinates: number[] }).coordinates;
  return [cell(lon ?? null), cell(lat ?? null)];
}
