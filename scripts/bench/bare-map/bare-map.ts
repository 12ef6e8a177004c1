import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import './bare-map.css';
import type { BasemapProperties, Collection, CommuneProperties } from '../../../client/src/api.ts';
import { basemapStyle } from '../../../client/src/map/basemap-style.ts';
import { tiled } from '../../../client/src/map/data-layers.ts';
import { tileUrl } from '../../../vocabulary/tiles.ts';

/**
 * The benchmark's reference: the dashboard's basemap (same data, same style, same first camera) drawn
 * by MapLibre alone, with no overlay, panel or indicator.
 */
maplibregl.setWorkerUrl(workerUrl);
const status = document.getElementById('map-status')!;
const answer = document.getElementById('pointer-answer')!;
const container = document.getElementById('map')!;
const param = (name: string) => Number(new URLSearchParams(location.search).get(name));
// The dashboard's map area, so both pages draw the same number of pixels.
container.style.width = `${param('width')}px`;
container.style.height = `${param('height')}px`;
// The same answers the dashboard asks for, from the server's root (this page lives under /bare/).
const json = <T>(url: string) => fetch(url).then((r) => r.json() as Promise<T>);
const [basemap, communes] = await Promise.all([
  json<Collection<BasemapProperties>>('/api/basemap'),
  json<Collection<CommuneProperties>>(
    '/ogc/collections/communes/items?limit=10000&properties=code,name,country,province_name,territories,' +
      'ref_lon,ref_lat,ref_method,nuts3&skipGeometry=true&f=json',
  ),
]);
const names = new Map(communes.features.map((f) => [f.properties.code, f.properties.name]));
const map = new maplibregl.Map({
  container,
  style: basemapStyle(
    basemap,
    tiled('communes', { communes }, `${location.origin}${tileUrl('communes', '{z}', '{x}', '{y}')}`),
  ),
  center: [param('lon'), param('lat')],
  zoom: param('zoom'),
  attributionControl: false,
});
map.once('idle', () => {
  status.textContent = 'Map ready';
  status.dataset.state = 'ready';
  answerThePointer();
});

/**
 * The counterpart of the dashboard's tooltip for the benchmark: the name of the commune under the pointer,
 * from MapLibre's queryRenderedFeatures on an invisible fill of the communes. The fill is added after the
 * first draw, so that the time to the drawn map stays that of the basemap alone; MapLibre never draws a
 * fill of opacity 0, but lays it out and indexes it for queries.
 */
function answerThePointer(): void {
  map.addLayer({
    id: 'commune-hit',
    type: 'fill',
    source: 'communes',
    'source-layer': 'communes',
    paint: { 'fill-opacity': 0 },
  });
  map.once('idle', () => (answer.dataset.state = 'ready'));
  map.on('mousemove', (event) => {
    const [commune] = map.queryRenderedFeatures(event.point, { layers: ['commune-hit'] });
    answer.textContent = commune ? (names.get(String(commune.properties.code)) ?? '') : '';
    answer.hidden = !commune;
  });
}
