import { describe, expect, it } from 'vitest';
import { encodeState, defaultState, FLOW_KINDS, SERVICE_CATEGORIES, type AtlasState } from '../../client/src/state.ts';
import { checkSlide, NOTES_MAX, STATE_MAX, TITLE_MAX } from '../../vocabulary/slide-rules.ts';
import { ALL_PARAMS } from '../helpers/slide-deck.ts';
import { VIEW_PARAMS } from '../../vocabulary/view-params.ts';

/**
 * The check of one slide, shared by the local database and the slide routes: what it takes (every view the
 * dashboard writes), and each problem named with its place, its field and what was expected.
 */

describe('checkSlide', () => {
  it('takes a slide, trims its title, and gives notes a default', () => {
    expect(checkSlide({ title: '  Briançon  ', state: 'lang=fr' }, '')).toEqual({
      slide: { title: 'Briançon', notes: '', state: 'lang=fr' },
    });
    expect(
      checkSlide(
        { title: 'x'.repeat(TITLE_MAX), notes: 'n'.repeat(NOTES_MAX), state: `at=${'1'.repeat(STATE_MAX - 3)}` },
        '',
      ),
    ).toHaveProperty('slide');
    expect(checkSlide({ title: `  ${'x'.repeat(TITLE_MAX)}  `, state: '' }, '')).toHaveProperty(
      'slide.title',
      'x'.repeat(TITLE_MAX),
    );
  });

  it('takes every view the dashboard writes in its URL', () => {
    const defaults = defaultState('en');
    const everything: AtlasState = {
      lang: 'sl',
      territory: 'val-de-suse',
      indicator: 'population',
      period: 'insee-2021',
      method: 'manual',
      classes: 4,
      scope: 'territory',
      breaks: [10, 50.5, 200],
      palette: 'Viridis' as AtlasState['palette'],
      layers: ['communes', 'flows'],
      categories: [SERVICE_CATEGORIES[0]],
      flows: { kinds: [FLOW_KINDS[0]], direction: 'cross-border', min: 25 },
      camera: { lon: 6.64, lat: 44.9, zoom: 10.5 },
      commune: '05023',
      view: 'table',
    };
    const state = encodeState(everything, defaults).toString();
    expect([...new URLSearchParams(state).keys()].sort()).toEqual([...VIEW_PARAMS].sort());
    expect(checkSlide({ title: 'Everything', state }, '')).toEqual({
      slide: { title: 'Everything', notes: '', state },
    });
    expect(checkSlide({ title: 'Defaults', state: encodeState(defaults, defaults).toString() }, '')).toHaveProperty(
      'slide',
    );
  });

  it('names the place, the field and what was expected', () => {
    expect(checkSlide({ title: '', state: 'lang=fr' }, 'slides[2]')).toEqual({
      errors: ['slides[2].title: expected a title of 1 to 120 characters, got ""'],
    });
    expect(checkSlide({ title: 'Briançon', state: 'evil=1' }, '')).toEqual({
      errors: [`state: expected only the dashboard's parameters (${ALL_PARAMS}), got "evil"`],
    });
    expect(checkSlide({ title: '   ', notes: 5, state: 3, colour: 'red' }, '')).toEqual({
      errors: [
        'body: expected only the fields title, notes, state, got "colour"',
        'title: expected a title of 1 to 120 characters, got "   "',
        'notes: expected notes of at most 2000 characters, got 5',
        'state: expected the dashboard\'s view as a query string, such as "lang=en&indicator=population", got 3',
      ],
    });
    expect(
      checkSlide(
        { title: 'x'.repeat(TITLE_MAX + 1), notes: 'n'.repeat(NOTES_MAX + 1), state: 'a'.repeat(STATE_MAX + 1) },
        'slides[0]',
      ),
    ).toEqual({
      errors: [
        'slides[0].title: expected a title of 1 to 120 characters, got 121 characters',
        'slides[0].notes: expected notes of at most 2000 characters, got 2001 characters',
        'slides[0].state: expected a query string of at most 2000 characters, got 2001 characters',
      ],
    });
    expect(checkSlide({ state: 'lang=fr' }, '')).toEqual({
      errors: ['title: expected a title of 1 to 120 characters, got nothing'],
    });
    for (const value of [null, [], 'title', 7])
      expect(checkSlide(value, 'slides[1]')).toEqual({
        errors: [`slides[1]: expected a slide {title, notes, state}, got ${JSON.stringify(value)}`],
      });
  });

  it('refuses a state with unknown or repeated parameters, or control characters, encoded or not', () => {
    const stateErrors = (state: string) => (checkSlide({ title: 'T', state }, '') as { errors: string[] }).errors;
    expect(stateErrors('lang=fr&evil=1&script=2&evil=3')).toEqual([
      `state: expected only the dashboard's parameters (${ALL_PARAMS}), got "evil", "script"`,
      'state: expected each parameter at most once, got "evil" more than once',
    ]);
    expect(stateErrors('lang=fr&lang=en')).toEqual([
      'state: expected each parameter at most once, got "lang" more than once',
    ]);
    expect(stateErrors('=fr')).toEqual([`state: expected only the dashboard's parameters (${ALL_PARAMS}), got ""`]);
    for (const state of ['lang=fr\n', 'lang=fr%00', 'territory=a%0Ab', 'view=%7F', 'lang=\u0085']) {
      expect(stateErrors(state), state).toEqual([
        `state: expected a query string without control characters, got ${JSON.stringify(state)}`,
      ]);
    }
    expect(stateErrors('__proto__=1&constructor=2')).toEqual([
      `state: expected only the dashboard's parameters (${ALL_PARAMS}), got "__proto__", "constructor"`,
    ]);
  });
});
