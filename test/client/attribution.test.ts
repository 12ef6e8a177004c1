import { describe, expect, it } from 'vitest';
import type { Layer, Source } from '../../client/src/api.ts';
import { attributionLines, shownSources } from '../../client/src/attribution.ts';
import { defaultState, type LayerId } from '../../client/src/state.ts';

/** Hand-written catalogue: the five atlas layer ids with made-up source ids. */
const layer = (id: string, sources: string[]): Layer => ({
  id,
  titles: { en: id },
  descriptions: { en: id },
  geometryType: 'Polygon',
  itemCount: 1,
  sources,
});
const LAYERS: Layer[] = [
  layer('communes', ['commune-src', 'shared-src']),
  layer('territories', ['territory-src']),
  layer('rail-lines', ['rail-src', 'commune-src']),
  layer('rail-stations', ['station-src']),
  layer('services', ['service-src']),
];
const BASEMAP = ['basemap-src', 'shared-src'];
const withLayers = (layers: LayerId[]) => ({ ...defaultState('en'), layers });

describe('shownSources', () => {
  it('always includes the basemap and commune sources, even with every layer off', () => {
    expect(shownSources(withLayers([]), BASEMAP, LAYERS)).toEqual(['basemap-src', 'shared-src', 'commune-src']);
  });

  it('adds the sources of the layers switched on, once each, in catalogue order', () => {
    expect(shownSources(withLayers(['rail-lines']), BASEMAP, LAYERS)).toEqual([
      'basemap-src',
      'shared-src',
      'commune-src',
      'rail-src',
    ]);
    expect(shownSources(withLayers(['services', 'rail-stations']), BASEMAP, LAYERS)).toEqual([
      'basemap-src',
      'shared-src',
      'commune-src',
      'station-src',
      'service-src',
    ]);
  });

  it('leaves out the sources of layers switched off', () => {
    const sources = shownSources(withLayers(['communes', 'labels']), BASEMAP, LAYERS);
    expect(sources).toEqual(['basemap-src', 'shared-src', 'commune-src']);
    expect(sources).not.toContain('territory-src');
  });

  it('lists every source with every layer on', () => {
    expect(shownSources(defaultState('en'), BASEMAP, LAYERS)).toEqual([
      'basemap-src',
      'shared-src',
      'commune-src',
      'territory-src',
      'rail-src',
      'station-src',
      'service-src',
    ]);
  });
});

describe('attributionLines', () => {
  const licence = (name: string) => ({ name, url: `https://licence.example/${name}` });
  const source = (id: string, publisher: string, licenceName: string): Source => ({
    id,
    title: `Title of ${id}`,
    titles: { en: `Title of ${id}` },
    publisher,
    licence: licence(licenceName),
    url: `https://data.example/${id}`,
    vintage: '2024',
    derivation: null,
    sha256: null,
    package: null,
    upstreams: null,
  });
  const SOURCES = new Map([
    ['a1', source('a1', 'Publisher A', 'ODbL')],
    ['a2', source('a2', 'Publisher A', 'Licence Ouverte 2.0')],
    ['a3', source('a3', 'Publisher A', 'ODbL')],
    ['b1', source('b1', 'Publisher B', 'ODbL')],
  ]);

  it('groups sources by publisher and licence, in order of first appearance', () => {
    const lines = attributionLines(['a1', 'a2', 'a3', 'b1'], SOURCES);
    expect(lines.map((l) => [l.publisher, l.licence.name, l.sources.map((s) => s.id)])).toEqual([
      ['Publisher A', 'ODbL', ['a1', 'a3']],
      ['Publisher A', 'Licence Ouverte 2.0', ['a2']],
      ['Publisher B', 'ODbL', ['b1']],
    ]);
    expect(lines[0]!.licence).toEqual(licence('ODbL'));
  });

  it('skips ids without a source record', () => {
    expect(attributionLines(['missing', 'b1'], SOURCES).map((l) => l.sources.map((s) => s.id))).toEqual([['b1']]);
    expect(attributionLines([], SOURCES)).toEqual([]);
  });
});
