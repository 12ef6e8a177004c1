import type { FeatureCollection, Geometry, MultiPolygon, Point, Polygon, Position } from 'geojson';
import type { Page } from 'playwright-core';
import { type Box, type Camera, cameraOf, clearestPoint, getJson, type Project, projector } from './browser.ts';

type Collection = FeatureCollection<Geometry, Record<string, unknown>>;

/** Where a commune's fill colour shows undisturbed on the page's map, and how the map was placed. */
export interface CommuneProbe {
  /** Page coordinates of the point. */
  point: [number, number];
  /** Pixels from the point to the nearest line, label, marker or edge. */
  clearance: number;
  camera: Camera;
  /** The map element's box on the page. */
  box: Box;
  project: Project;
}

const linesOf = (g: Geometry | null): Position[][] => {
  if (!g) return [];
  if (g.type === 'LineString') return [g.coordinates];
  if (g.type === 'MultiLineString' || g.type === 'Polygon') return g.coordinates;
  if (g.type === 'MultiPolygon') return g.coordinates.flat();
  return [];
};

/**
 * A point inside a commune on the page's map, from the camera the page wrote into its URL and the layers as the
 * API gives them: as far as can be from the commune's boundary, the basemap's and rail lines, the commune names
 * (written at each commune's reference point, 12 px high, about 12 px wide a letter) and the stations' and
 * services' markers. `inset` keeps it away from the map's edges, where the zoom buttons, scale and attribution
 * are drawn (and, in an exported image, the scale bar and north arrow).
 */
export async function communeProbe(
  page: Page,
  baseUrl: string,
  code: string,
  inset: { left: number; right: number; top: number; bottom: number },
): Promise<CommuneProbe> {
  const layer = (path: string) => getJson<Collection>(baseUrl, path);
  const [communes, basemap, railLines, stations, services] = await Promise.all([
    layer('/ogc/collections/communes/items?limit=10000&f=json'),
    layer('/api/basemap'),
    layer('/ogc/collections/rail-lines/items?limit=10000&f=json'),
    layer('/ogc/collections/rail-stations/items?limit=10000&f=json'),
    layer('/ogc/collections/services/items?limit=10000&f=json'),
  ]);
  // The page writes its camera into the URL once the map has settled.
  await page.waitForURL((url) => url.searchParams.has('at'));
  const camera = cameraOf(page.url());
  if (!camera) throw new Error(`no camera (at=) in ${page.url()}`);
  const box = (await page.locator('#map').boundingBox())!;
  const project = projector(camera, box);
  const commune = communes.features.find((f) => f.properties.code === code);
  if (!commune) throw new Error(`no commune ${code} in the communes layer`);
  const markers = (c: Collection) =>
    c.features.map((f) => ({ position: (f.geometry as Point).coordinates, halfWidth: 10, halfHeight: 10 }));
  const { point, clearance } = clearestPoint(
    commune.geometry as Polygon | MultiPolygon,
    project,
    {
      lines: [...basemap.features, ...railLines.features].flatMap((f) => linesOf(f.geometry)),
      marks: [
        ...communes.features.map((f) => ({
          position: [Number(f.properties.ref_lon), Number(f.properties.ref_lat)],
          halfWidth: 6 * String(f.properties.name).length,
          halfHeight: 12,
        })),
        ...markers(stations),
        ...markers(services),
      ],
    },
    {
      x: box.x + inset.left,
      y: box.y + inset.top,
      width: box.width - inset.left - inset.right,
      height: box.height - inset.top - inset.bottom,
    },
  );
  return { point, clearance, camera, box, project };
}
