import { describe, expect, it } from 'vitest';
import type { Indicator, Source } from '../../client/src/api.ts';
import type { Choropleth } from '../../client/src/choropleth.ts';
import { imageContent, imageFileName } from '../../client/src/panels/image-panel.ts';
import { NO_DATA_COLOUR } from '../../client/src/palettes.ts';
import { defaultState } from '../../client/src/state.ts';

/** Hand-written indicator, classes and sources shaped like the API's and the page's; texts and numbers are made up. */
const INDICATOR = {
  id: 'population',
  titles: { en: 'Fixture population', fr: 'Population fictive' },
  units: { en: 'inhabitants', fr: 'habitants' },
  descriptions: { en: 'Fixture description.' },
  decimals: 0,
  periods: [{ period: 'p2021', labels: { en: 'Fixture census 2021' }, referenceDate: null }],
} as unknown as Indicator;
const CHOROPLETH = {
  limits: [0, 100, 2500],
  colours: ['#aaaaaa', '#bbbbbb'],
  counts: [3, 4],
  noData: 1,
  sources: ['s1', 'unknown'],
} as Choropleth;
const SOURCES = new Map([
  [
    's1',
    {
      titles: { en: 'Fixture source', fr: 'Source fictive' },
      publisher: 'Fixture publisher',
      vintage: '2021',
      licence: { name: 'Fixture licence', url: null },
    } as unknown as Source,
  ],
]);
const CAMERA = { lon: 6.6, lat: 44.9, zoom: 10 };
const STATE = { ...defaultState('en'), territory: 'cc-fixture', indicator: 'population' };
const shown = {
  state: STATE,
  choropleth: CHOROPLETH,
  indicator: INDICATOR,
  territoryName: 'Fixture territory',
  sources: SOURCES,
};

describe('imageContent', () => {
  it('says what the legend says: title and unit, territory, period, classes and counts, "no data", sources', () => {
    expect(imageContent(shown, 'http://atlas.test/?lang=en', CAMERA)).toEqual({
      title: 'Fixture population (inhabitants)',
      subtitle: 'Fixture territory · Period: Latest available for each commune',
      legendTitle: 'Legend',
      rows: [
        { colour: '#aaaaaa', label: '0 \u2013 100', count: '3 communes' },
        { colour: '#bbbbbb', label: '100 \u2013 2,500', count: '4 communes' },
        { colour: `rgb(${NO_DATA_COLOUR.join(',')})`, label: 'No data', count: '1 communes' },
      ],
      note: 'Fixture description.',
      sourcesHeading: 'Sources of the values shown',
      sources: ['Fixture source, Fixture publisher, 2021. Licence: Fixture licence.'],
      permalink: 'http://atlas.test/?lang=en',
      camera: CAMERA,
    });
  });

  it('speaks the view’s language, and names the period chosen by its label', () => {
    const content = imageContent({ ...shown, state: { ...STATE, lang: 'fr', period: 'p2021' } }, 'http://x/', CAMERA);
    expect(content.title).toBe('Population fictive (habitants)');
    expect(content.subtitle).toBe('Fixture territory · Période: Fixture census 2021');
    expect(content.rows[1]!.label).toBe('100 \u2013 2\u202f500');
    expect(content.sources).toEqual(['Source fictive, Fixture publisher, 2021. Licence: Fixture licence.']);
  });
});

describe('imageFileName', () => {
  it('names the territory, the indicator and the size', () => {
    expect(imageFileName(STATE, 'a4')).toBe('atlas-cc-fixture-population-a4.png');
  });
});
