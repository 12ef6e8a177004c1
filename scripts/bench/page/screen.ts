import type { MultiPolygon, Polygon, Position } from 'geojson';

/** A map camera, as the dashboard writes it into `at=zoom/lat/lon`. */
export interface Camera {
  zoom: number;
  lat: number;
  lon: number;
}

export interface Size {
  width: number;
  height: number;
}

export type Pixel = [number, number];

/** Longitude/latitude to pixels from the map's top left: MapLibre's Web Mercator with 512-pixel tiles. */
export function projector(camera: Camera, size: Size): (position: Position) => Pixel {
  const worldSize = 512 * 2 ** camera.zoom;
  const mercator = (lon: number, lat: number): Pixel => {
    const phi = (lat * Math.PI) / 180;
    return [
      ((lon + 180) / 360) * worldSize,
      ((1 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / Math.PI) / 2) * worldSize,
    ];
  };
  const [cx, cy] = mercator(camera.lon, camera.lat);
  return ([lon, lat]) => {
    const [x, y] = mercator(lon!, lat!);
    return [size.width / 2 + x - cx, size.height / 2 + y - cy];
  };
}

function inside([x, y]: Pixel, rings: Pixel[][]): boolean {
  let within = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) within = !within;
    }
  }
  return within;
}

function segmentDistance([px, py]: Pixel, [ax, ay]: Pixel, [bx, by]: Pixel): number {
  const dx = bx - ax;
  const dy = by - ay;
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length2));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/**
 * The pixel of an area, inside `within`, farthest from the area's boundary and from every marker (a point
 * drawn over the area that would answer the pointer instead of it), and its clearance in pixels.
 */
export function clearestPixel(
  area: Polygon | MultiPolygon,
  project: (position: Position) => Pixel,
  markers: Pixel[],
  within: { left: number; top: number; right: number; bottom: number },
): { pixel: Pixel; clearance: number } {
  const rings = (area.type === 'Polygon' ? [area.coordinates] : area.coordinates).flat().map((r) => r.map(project));
  const xs = rings.flat().map((p) => p[0]);
  const ys = rings.flat().map((p) => p[1]);
  const left = Math.max(Math.min(...xs), within.left);
  const right = Math.min(Math.max(...xs), within.right);
  const top = Math.max(Math.min(...ys), within.top);
  const bottom = Math.min(Math.max(...ys), within.bottom);
  let best = { pixel: [Number.NaN, Number.NaN] as Pixel, clearance: -Infinity };
  // Every 4 px: the pointer needs a spot, not the exact pole of the polygon.
  for (let y = top; y <= bottom; y += 4) {
    for (let x = left; x <= right; x += 4) {
      const p: Pixel = [x, y];
      if (!inside(p, rings)) continue;
      let clearance = Math.min(x - within.left, within.right - x, y - within.top, within.bottom - y);
      for (const ring of rings)
        for (let i = 1; i < ring.length; i++)
          clearance = Math.min(clearance, segmentDistance(p, ring[i - 1]!, ring[i]!));
      for (const m of markers) clearance = Math.min(clearance, Math.hypot(x - m[0], y - m[1]));
      if (clearance > best.clearance) best = { pixel: p, clearance };
    }
  }
  return best;
}
