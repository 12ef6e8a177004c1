import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import './bare-map.css';
import { fetchBasemap, fetchCommunes } from '../../../client/src/api.ts';
import { basemapStyle } from '../../../client/src/map/basemap-style.ts';

/**
 * The benchmark's reference: the dashboard's basemap (same data, same style, same first camera) drawn
 * by MapLibre alone, with no overlay, panel or indicator.
 */
maplibregl.setWorkerUrl(workerUrl);
const status = document.getElementById('map-status')!;
const container = document.getElementById('map')!;
const param = (name: string) => Number(new URLSearchParams(location.search).get(name));
// The dashboard's map area, so both pages draw the same number of pixels.
container.style.width = `${param('width')}px`;
container.style.height = `${param('height')}px`;
const [basemap, communes] = await Promise.all([fetchBasemap(), fetchCommunes()]);
const map = new maplibregl.Map({
  container,
  style: basemapStyle(basemap, communes),
  center: [param('lon'), param('lat')],
  zoom: param('zoom'),
  attributionControl: false,
});
map.once('idle', () => {
  status.textContent = 'Map ready';
  status.dataset.state = 'ready';
});
