import { escapeHtml as esc } from './escape-html.ts';
import type { BBox, Feature } from './layers/feature.ts';

/**
 * Features drawn as inline SVG on the server, for the commune profile's locator and the small maps of the OGC
 * pages: polygons, lines and points in an equirectangular projection scaled by the cosine of the middle latitude
 * (the widest collection, the territories, spans under 3° of latitude: the scale is off by under 3 % at its
 * edges). Presentation attributes only, no style attribute and no script, so the strict CSP holds and a printer
 * draws vectors.
 */

export type Position = [number, number];

/** A geometry's positions by how they are drawn: closed rings, open lines, points. */
export interface Parts {
  rings: Position[][];
  lines: Position[][];
  points: Position[];
}

interface Geometry {
  type: string;
  coordinates?: unknown;
  geometries?: Geometry[];
}

function addParts(g: Geometry, parts: Parts): void {
  if (g.type === 'Polygon') parts.rings.push(...(g.coordinates as Position[][]));
  else if (g.type === 'MultiPolygon') parts.rings.push(...(g.coordinates as Position[][][]).flat());
  else if (g.type === 'LineString') parts.lines.push(g.coordinates as Position[]);
  else if (g.type === 'MultiLineString') parts.lines.push(...(g.coordinates as Position[][]));
  else if (g.type === 'Point') parts.points.push(g.coordinates as Position);
  else if (g.type === 'MultiPoint') parts.points.push(...(g.coordinates as Position[]));
  else if (g.type === 'GeometryCollection') for (const one of g.geometries ?? []) addParts(one, parts);
}

/** The parts of a feature's GeoJSON geometry text; none for a feature without geometry. */
export function partsOf(geometry: string | null): Parts {
  const parts: Parts = { rings: [], lines: [], points: [] };
  if (geometry) addParts(JSON.parse(geometry) as Geometry, parts);
  return parts;
}

const positionsOf = (parts: Parts): Position[] => [...parts.rings.flat(), ...parts.lines.flat(), ...parts.points];

/** [west, south, east, north] of every position of the parts, or null when they have none. */
export function extentOf(all: Parts[]): BBox | null {
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [lon, lat] of all.flatMap(positionsOf)) {
    [west, east] = [Math.min(west, lon), Math.max(east, lon)];
    [south, north] = [Math.min(south, lat), Math.max(north, lat)];
  }
  return west === Infinity ? null : [west, south, east, north];
}

export interface Projection {
  x: (lon: number) => number;
  y: (lat: number) => number;
}

/**
 * The projection that fits an extent into a width × height box, inside a margin. Centred: the room left over is
 * shared on both sides; otherwise the drawing keeps to the top left corner (the profile's locator).
 */
export function projectionFor(
  [west, south, east, north]: BBox,
  width: number,
  height: number,
  margin: number,
  centred = false,
) {
  const cos = Math.cos((((south + north) / 2) * Math.PI) / 180);
  const scale = Math.min(
    (width - 2 * margin) / ((east - west) * cos || 1),
    (height - 2 * margin) / (north - south || 1),
  );
  const left = margin + (centred ? (width - 2 * margin - (east - west) * cos * scale) / 2 : 0);
  const top = margin + (centred ? (height - 2 * margin - (north - south) * scale) / 2 : 0);
  return {
    x: (lon: number) => left + (lon - west) * cos * scale,
    y: (lat: number) => top + (north - lat) * scale,
  } satisfies Projection;
}

/** The height at which an extent fills a width (within a margin), kept between `min` and `max`. */
export function heightFor([west, south, east, north]: BBox, width: number, margin: number, min: number, max: number) {
  const cos = Math.cos((((south + north) / 2) * Math.PI) / 180);
  const wide = (east - west) * cos;
  const height = wide === 0 ? max : 2 * margin + ((width - 2 * margin) * (north - south)) / wide;
  return Math.round(Math.min(max, Math.max(min, height)));
}

/** On the OGC pages' maps, a position this close to the one before (in SVG units, pixels at 640 wide) is left out. */
const THIN = 1;

/**
 * SVG path data of lines, closed (rings) or open, at a tenth of a unit. With `thin`, positions within THIN of
 * the one kept before are left out, but a line's last (a commune's outline keeps a point every pixel or so).
 */
export function pathData(lines: Position[][], p: Projection, closed: boolean, thin = false): string {
  return lines
    .map((line) => {
      const points: string[] = [];
      let last: Position = [Infinity, Infinity];
      line.forEach(([lon, lat], i) => {
        const [x, y] = [p.x(lon), p.y(lat)];
        if (thin && i > 0 && i < line.length - 1 && Math.hypot(x - last[0], y - last[1]) < THIN) return;
        points.push(`${x.toFixed(1)} ${y.toFixed(1)}`);
        last = [x, y];
      });
      return `M${points.join('L')}${closed ? 'Z' : ''}`;
    })
    .join('');
}

/** How one group of features is drawn: colours and widths as presentation attributes. */
export interface Paint {
  fill: string;
  /** Opacity of polygon fills, so that overlapping areas (territories) show through one another. */
  fillOpacity?: number;
  stroke: string;
  strokeWidth: number;
  /** Radius of a point's disc, in SVG units. */
  radius: number;
  /** The fill of a point's disc, when it is not the areas' (a disc that small needs a darker one). */
  pointFill?: string;
}

/** A group of features drawn alike; each one links to `href` (if given) and has its `label` as a tooltip. */
export interface MapLayer {
  features: Feature[];
  paint: Paint;
  className: string;
  href?: (feature: Feature) => string;
  label: (feature: Feature) => string;
}

/** The shapes of one feature: one path of its areas, one of its lines, a disc per point. */
function shapesOf(parts: Parts, p: Projection, paint: Paint): string {
  const stroke = `stroke="${paint.stroke}" stroke-width="${paint.strokeWidth}" vector-effect="non-scaling-stroke"`;
  const opacity = paint.fillOpacity === undefined ? '' : ` fill-opacity="${paint.fillOpacity}"`;
  const shapes: string[] = [];
  const areas = pathData(parts.rings, p, true, true);
  if (parts.rings.length > 0)
    shapes.push(`<path d="${areas}" fill="${paint.fill}"${opacity} fill-rule="evenodd" ${stroke}/>`);
  if (parts.lines.length > 0)
    shapes.push(`<path d="${pathData(parts.lines, p, false, true)}" fill="none" stroke-linecap="round" ${stroke}/>`);
  for (const [lon, lat] of parts.points)
    shapes.push(
      `<circle cx="${p.x(lon).toFixed(1)}" cy="${p.y(lat).toFixed(1)}" r="${paint.radius}" ` +
        `fill="${paint.pointFill ?? paint.fill}" ${stroke}/>`,
    );
  return shapes.join('');
}

function featureSvg(feature: Feature, parts: Parts, p: Projection, layer: MapLayer): string {
  const inner = `<title>${esc(layer.label(feature))}</title>${shapesOf(parts, p, layer.paint)}`;
  const id = `data-id="${esc(feature.id)}"`;
  return layer.href
    ? `<a class="${layer.className}" href="${esc(layer.href(feature))}" ${id}>${inner}</a>`
    : `<g class="${layer.className}" ${id}>${inner}</g>`;
}

export interface FeatureMap {
  /** Drawn in order, the first underneath. */
  layers: MapLayer[];
  /** What the map shows; features beyond it are cut off at the edge. */
  frame: BBox;
  title: string;
  width: number;
  height: number;
  margin: number;
}

/** Features as one SVG element, fitted and centred in its frame; features without geometry are left out. */
export function featureMapSvg({ layers, frame, title, width, height, margin }: FeatureMap): string {
  const p = projectionFor(frame, width, height, margin, true);
  const drawn = layers.flatMap((layer) =>
    layer.features.flatMap((feature) => {
      const parts = partsOf(feature.geometry);
      return positionsOf(parts).length === 0 ? [] : [featureSvg(feature, parts, p, layer)];
    }),
  );
  return (
    `<svg class="feature-map" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ` +
    `xmlns="http://www.w3.org/2000/svg" aria-label="${esc(title)}"><title>${esc(title)}</title>` +
    `<rect class="ground" width="${width}" height="${height}" fill="#f4f3ef"/>${drawn.join('')}</svg>`
  );
}
