import type { Position } from 'geojson';

const toRadians = (degrees: number) => ((degrees % 360) * Math.PI) / 180;

/**
 * Great-circle distance in km: haversine on a sphere of radius 6,371.0088 km, written as turf.distance writes it
 * (same operations, so the same doubles) without the objects it creates: the Alpine build measures 5,000
 * communes against 3,000 facilities several times.
 */
export function distanceKm(a: Position, b: Position): number {
  const dLat = toRadians(b[1]! - a[1]!);
  const dLon = toRadians(b[0]! - a[0]!);
  const h = Math.sin(dLat / 2) ** 2 + Math.sin(dLon / 2) ** 2 * Math.cos(toRadians(a[1]!)) * Math.cos(toRadians(b[1]!));
  return 2 * Math.atan2(Math.sqrt(h), Math.sqrt(1 - h)) * EARTH_RADIUS_KM;
}

export interface Place<T> {
  point: Position;
  item: T;
}

/** The nearest of the places to a point, with its distance; null when there is none. */
export function nearest<T>(from: Position, places: Place<T>[]): { item: T; km: number } | null {
  let best: { item: T; km: number } | null = null;
  for (const place of places) {
    const km = distanceKm(from, place.point);
    if (!best || km < best.km) best = { item: place.item, km };
  }
  return best;
}

const EARTH_RADIUS_KM = 6371.0088;
const rad = (deg: number) => (deg * Math.PI) / 180;

/**
 * The shortest great-circle distance from a point inside a longitude/latitude box to the box's edge: no
 * place outside the box can be nearer than this. To a meridian it is R·asin(|sin Δλ|·cos φ); to a
 * parallel, R·|Δφ| along the meridian.
 */
export function distanceToBoxEdgeKm(
  [lon, lat]: Position,
  [west, south, east, north]: [number, number, number, number],
): number {
  if (lon! < west || lon! > east || lat! < south || lat! > north) return 0;
  const toMeridian = (m: number) =>
    EARTH_RADIUS_KM * Math.asin(Math.abs(Math.sin(rad(lon! - m))) * Math.cos(rad(lat!)));
  return Math.min(
    toMeridian(west),
    toMeridian(east),
    EARTH_RADIUS_KM * rad(lat! - south),
    EARTH_RADIUS_KM * rad(north - lat!),
  );
}
