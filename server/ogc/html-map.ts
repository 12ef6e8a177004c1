import { escapeHtml as esc } from '../escape-html.ts';
import type { BBox, Feature } from '../layers/feature.ts';
import { extentOf, featureMapSvg, heightFor, type MapLayer, type Paint, partsOf } from '../svg-map.ts';
import type { Language } from '../../vocabulary/languages.ts';
import { say } from './html-messages.ts';

/** The features a page draws on its map. */
export interface PageMap {
  /** The features the page is about, each linking to its own page. */
  features: Feature[];
  /** On a feature's page, the collection's other features, drawn in grey around it. */
  around?: Feature[];
  /** Features drawn faintly underneath, unlinked, for orientation (the communes under stations or lines). */
  backdrop?: Feature[];
  /** The HTML page of a feature. */
  href: (feature: Feature) => string;
}

/** 640 units wide, as tall as the features need within these bounds: a map beside a table, not a poster. */
const WIDTH = 640;
const MARGIN = 8;
const MIN_HEIGHT = 200;
const MAX_HEIGHT = 440;
/**
 * Around a feature, half its size on each side, and at least this much, in degrees (about 8 to 11 km): a station
 * or a service has the next ones along its valley in view.
 */
const MIN_PAD = 0.1;

const SHOWN: Paint = { fill: '#1f4e9a', fillOpacity: 0.22, stroke: '#26325a', strokeWidth: 1.2, radius: 4 };
const THE_ONE: Paint = { fill: '#26325a', fillOpacity: 0.85, stroke: '#26325a', strokeWidth: 2, radius: 5 };
const BACKDROP: Paint = { fill: '#ffffff', stroke: '#c9c6bf', strokeWidth: 0.6, radius: 0 };
const AROUND: Paint = { fill: '#e4e2dc', pointFill: '#a9a6a0', stroke: '#a9a6a0', strokeWidth: 0.8, radius: 3.5 };

const nameOf = ({ id, properties: { name } }: Feature) => (typeof name === 'string' && name !== id ? name : null);

/** A feature's tooltip: its id, and its name when it has one. */
const labelOf = (feature: Feature) => (nameOf(feature) ? `${feature.id}: ${nameOf(feature)}` : feature.id);

/** What a feature's page is headed with: its name and id, or its id alone. */
export const featureHeading = (feature: Feature) =>
  nameOf(feature) ? `${nameOf(feature)} (${feature.id})` : feature.id;

const intersects = (a: BBox, b: BBox) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

/** The frame of a feature's page: the feature, with half its size again on each side (at least MIN_PAD). */
function padded([west, south, east, north]: BBox): BBox {
  const [dx, dy] = [Math.max((east - west) / 2, MIN_PAD), Math.max((north - south) / 2, MIN_PAD)];
  return [west - dx, south - dy, east + dx, north + dy];
}

/** The section of a page with its map, or nothing when no feature has a geometry. */
export function mapSection(map: PageMap, lang: Language, title: string): string {
  const extent = extentOf(map.features.map((f) => partsOf(f.geometry)));
  if (extent === null) return '';
  const common = { href: map.href, label: labelOf };
  let layers: MapLayer[];
  let frame = extent;
  if (map.around) {
    frame = padded(extent);
    const ids = new Set(map.features.map((f) => f.id));
    const around = map.around.filter((f) => {
      const box = ids.has(f.id) ? null : extentOf([partsOf(f.geometry)]);
      return box !== null && intersects(box, frame);
    });
    layers = [
      { ...common, features: around, paint: AROUND, className: 'around' },
      { ...common, features: map.features, paint: THE_ONE, className: 'feature' },
    ];
  } else {
    layers = [{ ...common, features: map.features, paint: SHOWN, className: 'feature' }];
  }
  const backdrop = (map.backdrop ?? []).filter((f) => {
    const box = extentOf([partsOf(f.geometry)]);
    return box !== null && intersects(box, frame);
  });
  if (backdrop.length > 0)
    layers.unshift({ features: backdrop, paint: BACKDROP, className: 'backdrop', label: labelOf });
  const height = heightFor(frame, WIDTH, MARGIN, MIN_HEIGHT, MAX_HEIGHT);
  const svg = featureMapSvg({ layers, frame, title, width: WIDTH, height, margin: MARGIN });
  const caption = say(lang, map.around ? 'mapItem' : 'mapLead');
  return (
    `<section class="map"><h2>${esc(say(lang, 'map'))}</h2>` +
    `<figure>${svg}<figcaption>${esc(caption)}</figcaption></figure></section>`
  );
}
