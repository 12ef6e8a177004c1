import type { StyleSpecification, VectorSourceSpecification } from 'maplibre-gl';
import type { BasemapProperties, Collection } from '../api.ts';

/**
 * The background from local data only: water, land and country outlines (Natural Earth),
 * GSHHG borders, rivers and lake shores, and the commune boundaries (the atlas's own vector tiles). No glyphs,
 * sprites or tiles of other hosts are requested. Sources are credited in the page's "Map data" panel. The atlas
 * draws its own layers into
 * this style (atlas-style.ts); the page benchmark draws it bare.
 */
export const BASEMAP_COLOURS = {
  water: '#d4e4ee',
  land: '#f5f3ee',
  countryLine: '#b4aca0',
  border: '#6e6378',
  river: '#7fa9c9',
  communeLine: '#9b978f',
} as const;

export function basemapStyle(
  basemap: Collection<BasemapProperties>,
  communes: VectorSourceSpecification,
): StyleSpecification {
  const of = (layer: BasemapProperties['layer']) => ['==', ['get', 'layer'], layer] as ['==', ['get', string], string];
  return {
    version: 8,
    sources: {
      basemap: { type: 'geojson', data: basemap },
      communes,
    },
    layers: [
      { id: 'water', type: 'background', paint: { 'background-color': BASEMAP_COLOURS.water } },
      {
        id: 'land',
        type: 'fill',
        source: 'basemap',
        filter: of('land'),
        paint: { 'fill-color': BASEMAP_COLOURS.land },
      },
      {
        id: 'country-lines',
        type: 'line',
        source: 'basemap',
        filter: of('countries'),
        paint: { 'line-color': BASEMAP_COLOURS.countryLine, 'line-width': 1 },
      },
      {
        id: 'commune-lines',
        type: 'line',
        source: 'communes',
        'source-layer': 'communes',
        paint: { 'line-color': BASEMAP_COLOURS.communeLine, 'line-width': 0.6 },
      },
      {
        id: 'rivers',
        type: 'line',
        source: 'basemap',
        filter: of('rivers'),
        paint: { 'line-color': BASEMAP_COLOURS.river, 'line-width': 1.4 },
      },
      {
        id: 'lake-shores',
        type: 'line',
        source: 'basemap',
        filter: of('lake-shores'),
        paint: { 'line-color': BASEMAP_COLOURS.river, 'line-width': 1.2 },
      },
      {
        id: 'borders',
        type: 'line',
        source: 'basemap',
        filter: of('borders'),
        paint: { 'line-color': BASEMAP_COLOURS.border, 'line-width': 1.6, 'line-dasharray': [3, 2] },
      },
    ],
  };
}
