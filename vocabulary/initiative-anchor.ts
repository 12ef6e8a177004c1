import { distance } from '@turf/turf';

/** A longitude and latitude in WGS84 degrees. */
export type LonLat = readonly [number, number];

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
    // Great-circle, as the atlas's distances are measured (turf); Node only, like locate.ts.
    const km = distance([...centre], [...points[i]!], { units: 'kilometers' });
    if (!best || km < best.km || (km === best.km && code < best.code)) best = { code, km };
  });
  return (best as { code: string } | null)?.code ?? null;
}
