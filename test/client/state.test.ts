import { describe, expect, it } from 'vitest';
import {
  decodeState,
  defaultState,
  encodeState,
  FLOW_KINDS,
  parseBreaks,
  SERVICE_CATEGORIES,
  type AtlasState,
  type Known,
} from '../../client/src/state.ts';

/** Hand-written catalogue of what a URL may name (ids shaped like the atlas's, not read from its data). */
const KNOWN: Known = {
  territories: ['cc-brianconnais', 'cc-guillestrois', 'it-study-area'],
  indicators: [
    { id: 'population-density', periods: ['2015', '2021'] },
    { id: 'population', periods: ['2011', '2021', '2022'] },
  ],
};

const DEFAULTS = defaultState('en');

const decode = (query: string, known: Known = KNOWN) => decodeState(new URLSearchParams(query), DEFAULTS, known);

/** Every field different from its default. */
const CHANGED: AtlasState = {
  lang: 'sl',
  territory: 'cc-guillestrois',
  indicator: 'population',
  period: '2022',
  method: 'manual',
  classes: 7,
  scope: 'territory',
  breaks: [2.5, 10, 100],
  palette: 'RdBu',
  layers: ['communes', 'flows', 'labels'],
  categories: ['hospital'],
  flows: { kinds: ['nearest-hospital', 'patient'], direction: 'cross-border', min: 250 },
  camera: { lon: 6.6435, lat: 44.8997, zoom: 10.25 },
  commune: '05023',
  view: 'table',
};

describe('defaultState', () => {
  it('shows the default territory and indicator, latest period, 5 quantile classes, every layer but the flows', () => {
    expect(defaultState('fr')).toEqual({
      lang: 'fr',
      territory: 'cc-brianconnais',
      indicator: 'population-density',
      period: null,
      method: 'quantile',
      classes: 5,
      scope: 'atlas',
      breaks: [],
      palette: 'YlGnBu',
      layers: ['communes', 'territories', 'rail-lines', 'rail-stations', 'services', 'labels'],
      categories: [...SERVICE_CATEGORIES],
      flows: { kinds: [...FLOW_KINDS], direction: 'all', min: 0 },
      camera: null,
      commune: null,
      view: 'map',
    });
  });
});

describe('encodeState', () => {
  it('writes only the language for the default state', () => {
    expect(encodeState(DEFAULTS, DEFAULTS).toString()).toBe('lang=en');
  });

  it('always writes the language, even when it is the default', () => {
    expect(encodeState(defaultState('fr'), defaultState('fr')).toString()).toBe('lang=fr');
    expect(encodeState({ ...DEFAULTS, lang: 'de' }, DEFAULTS).toString()).toBe('lang=de');
  });

  it('writes every field that differs from the default', () => {
    const params = encodeState(CHANGED, DEFAULTS);
    expect([...params.keys()]).toEqual([
      'lang',
      'territory',
      'indicator',
      'period',
      'method',
      'classes',
      'scope',
      'breaks',
      'palette',
      'layers',
      'services',
      'flowkind',
      'flowdir',
      'flowmin',
      'at',
      'commune',
      'view',
    ]);
    expect(Object.fromEntries(params)).toEqual({
      lang: 'sl',
      territory: 'cc-guillestrois',
      indicator: 'population',
      period: '2022',
      method: 'manual',
      classes: '7',
      scope: 'territory',
      breaks: '2.5;10;100',
      palette: 'RdBu',
      layers: 'communes,flows,labels',
      services: 'hospital',
      flowkind: 'nearest-hospital,patient',
      flowdir: 'cross-border',
      flowmin: '250',
      at: '10.25/44.8997/6.6435',
      commune: '05023',
      view: 'table',
    });
  });

  it('leaves out the breaks unless the method is manual', () => {
    expect(encodeState({ ...DEFAULTS, breaks: [1, 2] }, DEFAULTS).has('breaks')).toBe(false);
    expect(encodeState({ ...DEFAULTS, method: 'manual', breaks: [1, 2] }, DEFAULTS).get('breaks')).toBe('1;2');
  });

  it('rounds the camera to 2 decimals of zoom and 4 of a degree', () => {
    expect(encodeState({ ...DEFAULTS, camera: { lon: 6.123456, lat: -44.98766, zoom: 7 } }, DEFAULTS).get('at')).toBe(
      '7.00/-44.9877/6.1235',
    );
  });

  it('writes an empty list when every layer is switched off', () => {
    expect(encodeState({ ...DEFAULTS, layers: [] }, DEFAULTS).get('layers')).toBe('');
  });
});

describe('decodeState', () => {
  it('restores a state with every field changed (round trip)', () => {
    expect(decodeState(encodeState(CHANGED, DEFAULTS), DEFAULTS, KNOWN)).toEqual(CHANGED);
  });

  it('restores the defaults from a link that only names the language', () => {
    expect(decode('lang=en')).toEqual(DEFAULTS);
    expect(decode('')).toEqual(DEFAULTS);
  });

  it('round-trips a state with every layer and service switched off', () => {
    const state = { ...DEFAULTS, layers: [], categories: [] };
    expect(decodeState(encodeState(state, DEFAULTS), DEFAULTS, KNOWN)).toEqual(state);
  });

  it('keeps the default language for an unknown one', () => {
    expect(decode('lang=es').lang).toBe('en');
    expect(decode('lang=FR').lang).toBe('en');
    expect(decode('lang=fr').lang).toBe('fr');
  });

  it('keeps the default territory for an unknown one', () => {
    expect(decode('territory=cc-nowhere').territory).toBe('cc-brianconnais');
    expect(decode('territory=').territory).toBe('cc-brianconnais');
    expect(decode('territory=it-study-area').territory).toBe('it-study-area');
  });

  it('keeps the default indicator for an unknown one', () => {
    expect(decode('indicator=unemployment').indicator).toBe('population-density');
  });

  it('accepts a period only if the chosen indicator has it', () => {
    expect(decode('indicator=population&period=2011').period).toBe('2011');
    expect(decode('indicator=population&period=1999').period).toBeNull();
    // 2015 is a period of population-density, not of population.
    expect(decode('indicator=population&period=2015').period).toBeNull();
    // An unknown indicator falls back to population-density, whose periods then apply.
    expect(decode('indicator=unemployment&period=2015')).toMatchObject({
      indicator: 'population-density',
      period: '2015',
    });
    expect(decode('period=2011').period).toBeNull();
  });

  it('keeps the default method and palette for unknown ones', () => {
    expect(decode('method=jenks').method).toBe('quantile');
    expect(decode('method=ckmeans').method).toBe('ckmeans');
    expect(decode('palette=Spectral').palette).toBe('YlGnBu');
    expect(decode('palette=toString').palette).toBe('YlGnBu');
    expect(decode('palette=viridis').palette).toBe('viridis');
  });

  it('accepts 3 to 9 classes and refuses anything else', () => {
    expect(decode('classes=3').classes).toBe(3);
    expect(decode('classes=9').classes).toBe(9);
    for (const bad of ['2', '10', '0', '-5', '5.5', 'abc', '']) expect(decode(`classes=${bad}`).classes, bad).toBe(5);
  });

  it('keeps the known layers of a list, in canonical order, and drops unknown ones', () => {
    expect(decode('layers=labels,communes').layers).toEqual(['communes', 'labels']);
    expect(decode('layers=communes,bogus,rail-lines').layers).toEqual(['communes', 'rail-lines']);
    expect(decode('services=france-services,bogus').categories).toEqual(['france-services']);
  });

  it('reads the rail layers of links saved before they took their collection ids (rail, stations)', () => {
    expect(decode('layers=communes,rail,stations,labels').layers).toEqual([
      'communes',
      'rail-lines',
      'rail-stations',
      'labels',
    ]);
    expect(decode('layers=stations').layers).toEqual(['rail-stations']);
    expect(decode('layers=rail,rail-lines').layers).toEqual(['rail-lines']);
    // Written back with today's ids.
    expect(encodeState(decode('layers=communes,rail'), DEFAULTS).get('layers')).toBe('communes,rail-lines');
  });

  it('switches every layer off for an empty list', () => {
    expect(decode('layers=').layers).toEqual([]);
    expect(decode('services=').categories).toEqual([]);
  });

  it('keeps the default layers when the list names no known layer', () => {
    // decodeState's contract: "anything missing, unknown or malformed keeps its default".
    expect(decode('layers=bogus').layers).toEqual(DEFAULTS.layers);
    expect(decode('flowkind=bogus').flows.kinds).toEqual([...FLOW_KINDS]);
    expect(decode('services=bogus').categories).toEqual([...SERVICE_CATEGORIES]);
  });

  it('reads the flow filter, and keeps its defaults for unknown or malformed parts', () => {
    expect(decode('flowkind=patient,nearest-hospital&flowdir=domestic&flowmin=12.5').flows).toEqual({
      kinds: ['nearest-hospital', 'patient'],
      direction: 'domestic',
      min: 12.5,
    });
    expect(decode('flowkind=').flows.kinds).toEqual([]);
    for (const bad of ['-1', 'abc', '', '1e9', 'Infinity']) expect(decode(`flowmin=${bad}`).flows.min, bad).toBe(0);
    expect(decode('flowdir=both').flows.direction).toBe('all');
  });

  it('reads the manual breaks, and keeps none when they are malformed', () => {
    expect(decode('method=manual&breaks=1;2,5;10').breaks).toEqual([1, 2.5, 10]);
    expect(decode('method=manual&breaks=10;5').breaks).toEqual([]);
    expect(decode('method=manual&breaks=abc').breaks).toEqual([]);
  });

  it('reads the table view and treats anything else as the map', () => {
    expect(decode('view=table').view).toBe('table');
    expect(decode('view=globe').view).toBe('map');
  });
});

describe('decodeState: camera (at=zoom/lat/lon)', () => {
  const camera = (at: string) => decode(`at=${encodeURIComponent(at)}`).camera;

  it('reads zoom, latitude and longitude', () => {
    expect(camera('10.25/44.8997/6.6435')).toEqual({ zoom: 10.25, lat: 44.8997, lon: 6.6435 });
    expect(camera('8/-33.5/-70.25')).toEqual({ zoom: 8, lat: -33.5, lon: -70.25 });
  });

  it('accepts the limits: zoom 22, latitude ±85, longitude ±180', () => {
    expect(camera('22/85/180')).toEqual({ zoom: 22, lat: 85, lon: 180 });
    expect(camera('0/-85/-180')).toEqual({ zoom: 0, lat: -85, lon: -180 });
  });

  it('refuses values out of range', () => {
    for (const at of ['23/45/6', '22.5/45/6', '10/86/6', '10/-85.5/6', '10/45/181', '10/45/-180.01'])
      expect(camera(at), at).toBeNull();
  });

  it('refuses malformed values', () => {
    for (const at of [
      '10/45',
      '10/45/6/1',
      'a/b/c',
      '10,5/45/6',
      '-1/45/6',
      '10/45/6 ',
      '10/4.5e1/6',
      '100/45/6',
      '10/45/1800',
      '',
      '//',
    ]) {
      expect(camera(at), JSON.stringify(at)).toBeNull();
    }
  });

  it('has no camera without the parameter (fit the territory)', () => {
    expect(decode('lang=en').camera).toBeNull();
  });
});

describe('decodeState: commune code', () => {
  const commune = (code: string) => decode(`commune=${encodeURIComponent(code)}`).commune;

  it('accepts 5- or 6-character alphanumeric codes (INSEE, Corsican, ISTAT)', () => {
    expect(commune('05023')).toBe('05023');
    expect(commune('2A004')).toBe('2A004');
    expect(commune('001272')).toBe('001272');
  });

  it('refuses other lengths and other characters', () => {
    for (const bad of ['0502', '0502301', '05-023', '05 23', '<b>12', '', 'é5023'])
      expect(commune(bad), bad).toBeNull();
  });
});

describe('parseBreaks', () => {
  it('reads numbers separated by semicolons', () => {
    expect(parseBreaks('10;50;100')).toEqual([10, 50, 100]);
    expect(parseBreaks('10; 50 ;100')).toEqual([10, 50, 100]);
  });

  it('reads numbers separated by spaces, or a mix of both', () => {
    expect(parseBreaks('10 50   100')).toEqual([10, 50, 100]);
    expect(parseBreaks('10; 50 100')).toEqual([10, 50, 100]);
    expect(parseBreaks('  10 50  ')).toEqual([10, 50]);
  });

  it('reads a decimal comma as a decimal point', () => {
    expect(parseBreaks('2,5')).toEqual([2.5]);
    expect(parseBreaks('2,5; 7.25 10')).toEqual([2.5, 7.25, 10]);
  });

  it('reads negative numbers', () => {
    expect(parseBreaks('-10; -2,5; 0; 3')).toEqual([-10, -2.5, 0, 3]);
  });

  it('refuses breaks that do not strictly increase', () => {
    expect(parseBreaks('10; 5')).toBeNull();
    expect(parseBreaks('5; 5')).toBeNull();
    expect(parseBreaks('1; 3; 2')).toBeNull();
  });

  it('refuses empty input', () => {
    expect(parseBreaks('')).toBeNull();
    expect(parseBreaks('   ')).toBeNull();
    expect(parseBreaks(';')).toBeNull();
  });

  it('refuses anything that is not a plain decimal number', () => {
    for (const bad of [
      '1e5',
      'abc',
      '10; abc',
      '0x10',
      '.5',
      '5.',
      'Infinity',
      'NaN',
      '1.000,5',
      '+5',
      '10;;20',
      '10;',
      '2, 5',
    ]) {
      expect(parseBreaks(bad), JSON.stringify(bad)).toBeNull();
    }
  });
});
