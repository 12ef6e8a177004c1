import { describe, expect, it } from 'vitest';
import { presenterKey, slideQuery, slideView } from '../../client/src/slides.ts';
import { defaultState, type AtlasState, type Known } from '../../client/src/state.ts';
import { checkSlide } from '../../vocabulary/slide-rules.ts';

/** Hand-written catalogue shaped like the atlas's ids, not read from its data. */
const KNOWN: Known = {
  territories: ['cc-brianconnais', 'it-alte-valli'],
  indicators: [
    { id: 'population-density', periods: [] },
    { id: 'hospital-cross-border-gain', periods: [] },
  ],
};
const DEFAULTS = defaultState('en');
const VIEW: AtlasState = {
  ...DEFAULTS,
  lang: 'fr',
  territory: 'it-alte-valli',
  indicator: 'hospital-cross-border-gain',
  method: 'ckmeans',
  layers: ['communes', 'flows'],
  flows: { kinds: ['nearest-hospital'], direction: 'cross-border', min: 0 },
  camera: { lon: 6.7, lat: 45.08, zoom: 10 },
  commune: '001022',
};

describe('slideQuery and slideView', () => {
  it('keep a view as the URL does and give it back', () => {
    const query = slideQuery(VIEW, DEFAULTS);
    expect(query).toBe(new URLSearchParams(location()).toString());
    expect(slideView(query, DEFAULTS, KNOWN, 'fr')).toEqual(VIEW);
  });

  it('show a slide in the language spoken now, not the one it was saved in', () => {
    expect(slideView(slideQuery(VIEW, DEFAULTS), DEFAULTS, KNOWN, 'sl')).toEqual({ ...VIEW, lang: 'sl' });
  });

  it('fall back to defaults for ids the atlas no longer knows, as a stale link does', () => {
    const view = slideView('lang=de&indicator=removed-indicator&territory=gone', DEFAULTS, KNOWN, 'it');
    expect(view).toEqual({ ...DEFAULTS, lang: 'it' });
  });
});

describe('a slide saved before the rail layers took their collection ids', () => {
  const saved = { title: 'Rail', notes: '', state: 'lang=en&layers=communes%2Crail%2Cstations' };

  it('is still a valid slide, and shows the rail lines and stations', () => {
    expect(checkSlide(saved, '')).toEqual({ slide: saved });
    expect(slideView(saved.state, DEFAULTS, KNOWN, 'en').layers).toEqual(['communes', 'rail-lines', 'rail-stations']);
  });
});

/** The same view as the dashboard writes its URL, spelled out. */
function location(): string {
  return (
    'lang=fr&territory=it-alte-valli&indicator=hospital-cross-border-gain&method=ckmeans&layers=communes%2Cflows' +
    '&flowkind=nearest-hospital&flowdir=cross-border&at=10.00%2F45.0800%2F6.7000&commune=001022'
  );
}

describe('presenterKey', () => {
  it('moves with arrows, PageUp/PageDown (clickers) and space, within the deck', () => {
    expect(presenterKey('ArrowRight', 0, 3)).toBe(1);
    expect(presenterKey('PageDown', 1, 3)).toBe(2);
    expect(presenterKey(' ', 2, 3)).toBe(2);
    expect(presenterKey('ArrowLeft', 2, 3)).toBe(1);
    expect(presenterKey('PageUp', 0, 3)).toBe(0);
  });

  it('jumps to the ends with Home and End, leaves with Escape, ignores other keys', () => {
    expect(presenterKey('Home', 2, 3)).toBe(0);
    expect(presenterKey('End', 0, 3)).toBe(2);
    expect(presenterKey('Escape', 1, 3)).toBe('leave');
    expect(presenterKey('a', 1, 3)).toBeNull();
    expect(presenterKey('Enter', 1, 3)).toBeNull();
  });
});
