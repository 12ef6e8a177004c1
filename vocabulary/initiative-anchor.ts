/** A longitude and latitude in WGS84 degrees. */
export type LonLat = readonly [number, number];

/** The sphere turf measures on, so that this rule and the atlas's distances agree. */
const EARTH_RADIUS_KM = 6371.0088;
const rad = (deg: number) => (deg * Math.PI) / 180;

function haversineKm([lon1, lat1]: LonLat, [lon2, lat2]: LonLat): number {
  const a =
    Math.sin(rad(lat2 - lat1) / 2) ** 2 +
    Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(rad(lon2 - lon1) / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * Where an initiative without a site is drawn: at the reference point of the covered commune nearest (great
 * circle) to the mean of the covered communes' reference points, so the point always lies in a commune it covers,
 * near the middle of its coverage; of two at the same distance, the lower code. Null when no commune is covered.
 * The build (data/initiatives.json) and the planners' imports use this one rule.
 */
export function coverageAnchor(codes: readonly string[], pointOf: (code: string) => LonLat): string | null {
  if (codes.length === 0) return null;
  const points = codes.map(pointOf);
  const centre: LonLat = [
    points.reduce((sum, p) => sum + p[0], 0) / points.length,
    points.reduce((sum, p) => sum + p[1], 0) / points.length,
  ];
  let best: { code: string; km: number } | null = null;
  codes.forEach((code, i) => {
    const km = haversineKm(centre, points[i]!);
    if (!best || km < best.km || (km === best.km && code < best.code)) best = { code, km };
  });
  return (best as { code: string } | null)?.code ?? null;
}
