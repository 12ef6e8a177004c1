import type { Geometry, Position } from 'geojson';

export type Bounds = [[number, number], [number, number]];

/** The [[west, south], [east, north]] box of a geometry. */
export function boundsOf(geometries: Geometry[]): Bounds | null {
  let west = Infinity,
    south = Infinity,
    east = -Infinity,
    north = -Infinity;
  const visit = (p: Position) => {
    west = Math.min(west, p[0]!);
    east = Math.max(east, p[0]!);
    south = Math.min(south, p[1]!);
    north = Math.max(north, p[1]!);
  };
  for (const g of geometries) positionsOf(g).forEach(visit);
  return Number.isFinite(west)
    ? [
        [west, south],
        [east, north],
      ]
    : null;
}

/** The box around bounding boxes ([west, south, east, north], as GeoJSON features carry them). */
export function boundsOfBoxes(boxes: (number[] | undefined)[]): Bounds | null {
  const corners: Geometry[] = boxes
    .filter((b): b is number[] => b !== undefined && b.length === 4)
    .map((b) => ({ type: 'MultiPoint', coordinates: [b.slice(0, 2), b.slice(2, 4)] }));
  return boundsOf(corners);
}

function positionsOf(g: Geometry): Position[] {
  switch (g.type) {
    case 'Point':
      return [g.coordinates];
    case 'MultiPoint':
    case 'LineString':
      return g.coordinates;
    case 'MultiLineString':
    case 'Polygon':
      return g.coordinates.flat();
    case 'MultiPolygon':
      return g.coordinates.flat(2);
    case 'GeometryCollection':
      return g.geometries.flatMap(positionsOf);
  }
}
