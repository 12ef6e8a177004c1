import type { StyleSpecification } from 'maplibre-gl';
import type { PageData } from '../page-data.ts';
import { basemapStyle } from './basemap-style.ts';
import { choroplethLayers, dataSources, overlayLayers, tiled } from './data-layers.ts';

/**
 * The whole map as one MapLibre style: the basemap with the choropleth laid just above the commune
 * boundaries (so rivers, lake shores and borders stay above it), and the atlas's lines, points and names on
 * top. Names are drawn with the browser's fonts: the style has no glyphs URL and requests nothing.
 */
export function atlasStyle(data: PageData): StyleSpecification {
  const base = basemapStyle(data.basemap, tiled('communes', data));
  const under = base.layers.findIndex((l) => l.id === 'commune-lines') + 1;
  return {
    ...base,
    sources: { ...base.sources, ...dataSources(data) },
    layers: [...base.layers.slice(0, under), ...choroplethLayers(), ...base.layers.slice(under), ...overlayLayers()],
  };
}
