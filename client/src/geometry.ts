import type { Geometry, Position } from 'geojson';

export type Bounds = [[number, number], [number, number]];

/** The [[west, south], [east, north]] box of a geometry. */
export function boundsOf(geometries: Geometry[]): Bounds | null {
  let west = Infinity, south = Infinity, east = -Infinity, north = -Infinity;
  const visit = (p: Position) => {
    west = Math.min(west, p[0]!); east = Math.max(east, p[0]!);
    south = Math.min(south, p[1]!); north = Math.max(north, p[1]!);
  };
  for (const g of geometries) positionsOf(g).forEach(visit);
  return Number.isFinite(west) ? [[west, south], [east, north]] : null;
}

function positionsOf(g: Geometry): Position[] {
  switch (g.type) {
    case 'Point': return [g.coordinates];
    case 'MultiPoint': case 'LineString': return g.coordinates;
    case 'MultiLineString': case 'Polygon': return g.coordinates.flat();
    case 'MultiPolygon': return g.coordinates.flat(2);
    case 'GeometryCollection': return g.geometries.flatMap(positionsOf);
  }
}

/**
 * Where to write a commune's name: the area centroid of its largest outer ring (shoelace formula on
 * longitude/latitude, accurate enough for placing a label within a few hundred metres).
 */
export function labelPoint(g: Geometry): Position | null {
  const rings = g.type === 'Polygon' ? [g.coordinates[0]!] : g.type === 'MultiPolygon' ? g.coordinates.map((p) => p[0]!) : [];
  let best: { area: number; x: number; y: number } | null = null;
  for (const ring of rings) {
    let area = 0, x = 0, y = 0;
    for (let i = 0; i < ring.length - 1; i++) {
      const [x0, y0] = ring[i] as [number, number];
      const [x1, y1] = ring[i + 1] as [number, number];
      const cross = x0 * y1 - x1 * y0;
      area += cross; x += (x0 + x1) * cross; y += (y0 + y1) * cross;
    }
    if (area !== 0 && (!best || Math.abs(area) > Math.abs(best.area))) best = { area, x: x / (3 * area), y: y / (3 * area) };
  }
  return best ? [best.x, best.y] : null;
}
