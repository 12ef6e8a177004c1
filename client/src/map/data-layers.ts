import type {
  ExpressionSpecification,
  GeoJSONSourceSpecification,
  LayerSpecification,
  SourceSpecification,
  VectorSourceSpecification,
} from 'maplibre-gl';
import { isStaticExport, live, siteBase, type Collection } from '../api.ts';
import { STATIC_DATA_DIR } from '../static-paths.ts';
import { boundsOfBoxes } from '../geometry.ts';
import { TILE_ZOOMS, TILESETS, tileUrl, type TilesetId } from '../../../vocabulary/tiles.ts';
import type { PageData } from '../page-data.ts';
import { CATEGORY_COLOURS, css, FILL_ALPHA, INITIATIVE_COLOUR, NO_DATA_COLOUR } from '../palettes.ts';

/**
 * The atlas's own layers as MapLibre style layers, drawn in the basemap's WebGL context with the programs it
 * has already compiled. Each source is named after the collection it holds (/ogc/collections/{id}); the
 * layers' ids start with the name of the switch that shows them (state.ts LAYER_IDS).
 */
export const DATA_LAYER_IDS = {
  communes: ['communes', 'communes-outline'],
  territories: ['territories', 'territories-selected'],
  'rail-lines': ['rail-lines', 'rail-lines-surveyed'],
  'rail-stations': ['rail-stations'],
  services: ['services'],
  initiatives: ['initiatives'],
  labels: ['labels'],
} as const;

/** The zoom from which services and commune names are drawn (a region of about 300 km across). */
export const REGIONAL_ZOOM = 7;

/** The layers a pointer can point at, topmost first. */
export const POINTABLE_LAYERS = ['initiatives', 'services', 'rail-stations', 'communes'] as const;

/** Style for the projector: dark, thick lines, since thin white ones vanish on a projected image. */
export const OUTLINES = {
  screen: { colour: 'rgba(255,255,255,0.9)', width: 1, territoryScale: 1 },
  projector: { colour: 'rgb(30,30,30)', width: 2, territoryScale: 2 },
} as const;

const stateIs = (name: string): ExpressionSpecification => ['boolean', ['feature-state', name], false];

/**
 * The sources. Communes and territories are vector tiles made at build time (5,000 municipalities as GeoJSON
 * would be megabytes), each tile's features carrying only their id, which is the feature id for hover,
 * selection and class colours (feature-state): the values and colours never travel in a tile.
 */
export function dataSources(data: PageData): Record<string, SourceSpecification> {
  const geojson = (collection: Collection<object>, promoteId?: string): GeoJSONSourceSpecification => ({
    type: 'geojson',
    data: collection,
    ...(promoteId ? { promoteId } : {}),
  });
  const features = <P>(list: Collection<P>['features']): Collection<P> => ({
    type: 'FeatureCollection',
    features: list,
  });
  return {
    communes: tiled('communes', data),
    territories: tiled('territories', data),
    'rail-lines': geojson(features(data.railLines.filter((f) => f.geometry?.type === 'LineString'))),
    'rail-stations': geojson(features(data.railStations)),
    services: geojson(features(data.services)),
    initiatives: geojson(features(data.initiatives)),
    labels: geojson(communeLabels(data)),
  };
}

/**
 * The URL template of a tileset's tiles, absolute as MapLibre's workers need it: the server's, or the files of a
 * static export beside its page (written by hand: a URL object would escape the braces).
 */
export function tileTemplate(tileset: TilesetId): string {
  if (isStaticExport()) return `${siteBase()}/${STATIC_DATA_DIR}${tileUrl(tileset, '{z}', '{x}', '{y}')}`;
  return live(tileUrl(tileset, '{z}', '{x}', '{y}'));
}

/** A tileset as a vector source: its features' id property promoted, no request outside the atlas's box. */
export function tiled(
  tileset: TilesetId,
  data: Pick<PageData, 'communes'>,
  template = tileTemplate(tileset),
): VectorSourceSpecification {
  const box = boundsOfBoxes(data.communes.features.map((f) => f.bbox));
  return {
    type: 'vector',
    tiles: [template],
    minzoom: TILE_ZOOMS.min,
    maxzoom: TILE_ZOOMS.max,
    ...(box ? { bounds: [box[0][0], box[0][1], box[1][0], box[1][1]] } : {}),
    promoteId: { [tileset]: TILESETS[tileset].idProperty },
  };
}

/** Each commune's name at its reference point, which lies inside it even where the commune is concave. */
export function communeLabels(data: PageData): Collection<{ code: string; name: string }> {
  return {
    type: 'FeatureCollection',
    features: data.communes.features.map(({ properties: p }) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [p.ref_lon, p.ref_lat] },
      properties: { code: p.code, name: p.name },
    })),
  };
}

/** Under the rivers: the choropleth. Above the basemap's borders: everything else, as listed. */
export function choroplethLayers(): LayerSpecification[] {
  return [
    {
      id: 'communes',
      type: 'fill',
      source: 'communes',
      'source-layer': 'communes',
      paint: {
        // The class colour is the commune's feature-state; a commune without a value has none: "no data" grey.
        'fill-color': ['to-color', ['coalesce', ['feature-state', 'colour'], css(NO_DATA_COLOUR)]],
        'fill-opacity': FILL_ALPHA / 255,
      },
    },
    {
      id: 'communes-outline',
      type: 'line',
      source: 'communes',
      'source-layer': 'communes',
      paint: { 'line-color': OUTLINES.screen.colour, 'line-width': OUTLINES.screen.width },
    },
  ];
}

export function overlayLayers(): LayerSpecification[] {
  return [
    {
      id: 'territories',
      type: 'line',
      source: 'territories',
      'source-layer': 'territories',
      paint: { 'line-color': 'rgba(70,60,110,0.6)', 'line-width': 1.5 },
    },
    {
      id: 'territories-selected',
      type: 'line',
      source: 'territories',
      'source-layer': 'territories',
      filter: ['==', ['get', 'territory'], ''],
      paint: { 'line-color': 'rgb(40,30,90)', 'line-width': 3 },
    },
    // Schematic lines (straight links between stations, not track geometry) are dashed; any other solid. Two
    // layers with fixed dashes, not one with dashes by property: they reuse the programs of the basemap's lines
    // and dashed borders instead of compiling another.
    {
      id: 'rail-lines',
      type: 'line',
      source: 'rail-lines',
      filter: ['==', ['get', 'schematic'], true],
      paint: { 'line-color': 'rgba(55,55,55,0.9)', 'line-width': 2.5, 'line-dasharray': [3, 2] },
    },
    {
      id: 'rail-lines-surveyed',
      type: 'line',
      source: 'rail-lines',
      filter: ['!=', ['get', 'schematic'], true],
      paint: { 'line-color': 'rgba(55,55,55,0.9)', 'line-width': 2.5 },
    },
    {
      id: 'rail-stations',
      type: 'circle',
      source: 'rail-stations',
      // Small white discs with a dark ring, like a timetable map.
      paint: {
        'circle-radius': 4,
        'circle-color': '#ffffff',
        'circle-stroke-color': 'rgb(40,40,40)',
        'circle-stroke-width': 1.5,
      },
    },
    {
      id: 'services',
      type: 'circle',
      source: 'services',
      // 3,000 facilities around the Alps would hide the choropleth of the whole range: drawn from a region's view.
      minzoom: REGIONAL_ZOOM,
      paint: {
        'circle-radius': 5,
        'circle-color': [
          'match',
          ['get', 'category'],
          ...Object.entries(CATEGORY_COLOURS).flatMap(([category, rgb]) => [category, css(rgb)]),
          css(CATEGORY_COLOURS.other),
        ] as unknown as ExpressionSpecification,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.5,
      },
    },
    {
      // The projects' initiatives: larger, in one colour of their own, with a dark ring, above the services.
      id: 'initiatives',
      type: 'circle',
      source: 'initiatives',
      paint: {
        'circle-radius': 7,
        'circle-color': css(INITIATIVE_COLOUR),
        'circle-stroke-color': 'rgb(30,30,30)',
        'circle-stroke-width': 1.5,
      },
    },
    {
      id: 'commune-hovered',
      type: 'line',
      source: 'communes',
      'source-layer': 'communes',
      paint: {
        'line-color': 'rgba(60,60,60,0.8)',
        'line-width': 2,
        'line-opacity': ['case', stateIs('hovered'), 1, 0],
      },
    },
    {
      id: 'commune-selected',
      type: 'line',
      source: 'communes',
      'source-layer': 'communes',
      paint: { 'line-color': 'rgb(20,20,20)', 'line-width': 3.5, 'line-opacity': ['case', stateIs('selected'), 1, 0] },
    },
    {
      id: 'labels',
      type: 'symbol',
      source: 'labels',
      // Names of thousands of communes would mostly collide at a range's scale, yet cost their placement.
      minzoom: REGIONAL_ZOOM,
      filter: ['in', ['get', 'code'], ['literal', []]],
      layout: {
        'text-field': ['get', 'name'],
        // No glyphs URL: MapLibre draws the letters with the browser's own fonts (TinySDF), accents included.
        'text-font': ['DejaVu Sans', 'Verdana', 'sans-serif'],
        'text-size': 12,
        // Names never overlap: where two would, the one listed later is left out at that zoom.
        'text-allow-overlap': false,
        'text-padding': 2,
      },
      paint: { 'text-color': 'rgb(25,25,25)', 'text-halo-color': 'rgba(255,255,255,0.9)', 'text-halo-width': 1.5 },
    },
  ];
}
