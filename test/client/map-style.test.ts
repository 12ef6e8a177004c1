import type { AddressInfo } from 'node:net';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { ValueRecord } from '../../client/src/api.ts';
import { buildChoropleth } from '../../client/src/choropleth.ts';
import { atlasStyle } from '../../client/src/map/atlas-style.ts';
import { DATA_LAYER_IDS, POINTABLE_LAYERS } from '../../client/src/map/data-layers.ts';
import { mapScene } from '../../client/src/map/map-scene.ts';
import { loadPageData, type PageData } from '../../client/src/page-data.ts';
import { defaultState, LAYER_IDS } from '../../client/src/state.ts';
import { useRealApp } from '../helpers/real-app.ts';

/** The map's style and scenes from the page's own loader, over HTTP from the real server. */
const real = useRealApp();
let data: PageData;
let values: Map<string, ValueRecord>;

beforeAll(async () => {
  await real.app.listen({ port: 0, host: '127.0.0.1' });
  const origin = `http://127.0.0.1:${(real.app.server.address() as AddressInfo).port}`;
  const fetchHttp = globalThis.fetch;
  // The page asks for same-origin paths ("/api/layers"); here they go to the real server's address.
  vi.stubGlobal('fetch', (url: string, init?: RequestInit) => fetchHttp(`${origin}${url}`, init));
  data = await loadPageData();
  const answer = (await (await fetch('/api/indicators/population-density')).json()) as {
    values: Record<string, ValueRecord>;
  };
  values = new Map(Object.entries(answer.values));
  vi.unstubAllGlobals();
});

describe('the map style', () => {
  it("is a valid MapLibre style that requests nothing of another host: no glyphs, no sprite, the atlas's tiles", () => {
    const style = atlasStyle(data);
    expect(validateStyleMin(style)).toEqual([]);
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    for (const [id, source] of Object.entries(style.sources)) {
      if (id === 'communes' || id === 'territories') {
        // The atlas's own vector tiles (tests in Node have no page: the path as the server serves it).
        expect(source).toMatchObject({ type: 'vector', tiles: [`/tiles/${id}/{z}/{x}/{y}.pbf`] });
        continue;
      }
      expect(source.type, id).toBe('geojson');
      expect(typeof (source as { data: unknown }).data, id).toBe('object');
    }
  });

  it('lays the choropleth under rivers and borders, and lines, points and names above them', () => {
    const ids = atlasStyle(data).layers.map((l) => l.id);
    const at = (id: string) => ids.indexOf(id);
    expect(at('communes')).toBeGreaterThan(at('land'));
    for (const above of ['rivers', 'lake-shores', 'borders']) expect(at(above)).toBeGreaterThan(at('communes'));
    for (const top of ['territories', 'rail-lines', 'rail-stations', 'services', 'commune-selected', 'labels']) {
      expect(at(top), top).toBeGreaterThan(at('borders'));
    }
    expect(ids.at(-1)).toBe('labels');
  });

  it('has a style layer for every switch but the flows (deck.gl), and every layer a pointer can point at', () => {
    const ids = new Set(atlasStyle(data).layers.map((l) => l.id));
    expect(Object.keys(DATA_LAYER_IDS).sort()).toEqual(LAYER_IDS.filter((id) => id !== 'flows').sort());
    for (const id of [...Object.values(DATA_LAYER_IDS).flat(), ...POINTABLE_LAYERS]) expect(ids.has(id), id).toBe(true);
  });

  it('keys communes by their code and territories by their id, so feature-state can find them', () => {
    const style = atlasStyle(data);
    // The tiles' features carry only that id (scripts/import/tiles.ts), and every layer reads its tileset's layer.
    expect(style.sources.communes).toMatchObject({ promoteId: { communes: 'code' } });
    expect(style.sources.territories).toMatchObject({ promoteId: { territories: 'territory' } });
    for (const layer of style.layers.filter((l) => 'source' in l && ['communes', 'territories'].includes(l.source)))
      expect((layer as { 'source-layer'?: string })['source-layer'], layer.id).toBe(
        (layer as { source: string }).source,
      );
  });
});

describe('the scene of a view', () => {
  const state = () => defaultState('en');
  const choropleth = () =>
    buildChoropleth(
      data.communes.features.map((f) => f.properties.code),
      values,
      { method: 'quantile', classes: 5, breaks: [], palette: 'YlGnBu' },
      1,
    );

  it("gives each commune with a value its class colour, and names the territory's members", () => {
    const c = choropleth();
    const scene = mapScene(state(), data, c, false);
    expect(scene.colours.size).toBe(values.size);
    for (const [code, colour] of scene.colours) expect(colour).toBe(c.colours[c.classes.get(code)!]);
    const territory = data.territories.find((f) => f.id === state().territory)!;
    expect(scene.labelled).toEqual(territory.properties.communes);
    expect(scene.flows).toBeNull();
  });

  it('keeps the flows a filter keeps, the same list while the filter stays the same', () => {
    const on = { ...state(), layers: [...state().layers, 'flows' as const] };
    const first = mapScene(on, data, choropleth(), true).flows!;
    expect(first.length).toBeGreaterThan(0);
    expect(mapScene(on, data, choropleth(), true).flows).toBe(first);
    const cross = mapScene({ ...on, flows: { ...on.flows, direction: 'cross-border' } }, data, choropleth(), true);
    expect(cross.flows!.every((f) => f.properties.cross_border)).toBe(true);
    expect(cross.flows!.length).toBeLessThan(first.length);
  });
});
