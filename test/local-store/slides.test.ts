import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { encodeState, defaultState, FLOW_KINDS, SERVICE_CATEGORIES, type AtlasState } from '../../client/src/state.ts';
import { openLocalStore, SlidesRejected, type LocalStore, type Slide } from '../../local-store/local-store.ts';
import { importReference } from '../../local-store/reference.ts';
import {
  checkSlide,
  NOTES_MAX,
  SLIDES_FORMAT,
  SLIDES_MAX,
  SLIDES_VERSION,
  STATE_MAX,
  TITLE_MAX,
  type SlideContent,
} from '../../vocabulary/slide-rules.ts';
import { buildAtlas } from '../../scripts/import/build.ts';
import { PROJECT_ROOT, realOptions } from '../helpers/paths.ts';
import { VIEW_PARAMS } from '../../vocabulary/view-params.ts';

/**
 * The presenter's deck in the local database, on real SQLite files in a temp dir: positions stay 1..n through
 * every write, refusals change nothing and list every problem, an export imports back exactly, and the deck
 * survives a rebuild of the reference data and a restart.
 */

const dir = mkdtempSync(path.join(tmpdir(), 'atlas-slides-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ALL_PARAMS = VIEW_PARAMS.join(', ');
const fileHash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

let store: LocalStore;
let storePath: string;
beforeEach(() => {
  storePath = path.join(mkdtempSync(path.join(dir, 's-')), 'local.sqlite');
  store = openLocalStore(storePath);
  return () => store.close();
});

/** Slides with what a presenter really writes: accents, line breaks in notes, camera and manual breaks in the state. */
const DECK: SlideContent[] = [
  {
    title: 'Le Briançonnais',
    notes: 'Ouvrir sur la carte entière.\nPuis zoomer sur Briançon.',
    state: 'lang=fr&at=10.50%2F44.9000%2F6.6400',
  },
  {
    title: 'Densité de population',
    notes: '',
    state: 'lang=fr&indicator=population-density&method=manual&breaks=10%3B50%3B200&classes=4',
  },
  {
    title: 'Flussi transfrontalieri',
    notes: 'Soglia: 50 persone — «cross-border».',
    state: 'lang=it&layers=communes%2Cflows&flowdir=cross-border&flowmin=50',
  },
  { title: 'Tabella', notes: 'Ende.', state: 'view=table&commune=05023' },
];

const contents = (slides: Slide[]) => slides.map(({ title, notes, state }) => ({ title, notes, state }));
const positions = () => store.slides.list().map((s) => s.position);
const addAll = (slides: SlideContent[]) => slides.map((s) => store.slides.add(s));

/** The problems of a refused write; fails the test if the write was made, or changed the deck. */
function refusal(write: () => unknown, code: SlidesRejected['code']): string[] {
  const before = store.slides.list();
  try {
    write();
  } catch (error) {
    expect(error).toBeInstanceOf(SlidesRejected);
    expect((error as SlidesRejected).code).toBe(code);
    expect(store.slides.list()).toEqual(before);
    return (error as SlidesRejected).errors;
  }
  throw new Error('the write was made');
}

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

describe('the deck', () => {
  it('starts empty, and adds slides last with positions 1..n and the time of the write', () => {
    expect(store.slides.list()).toEqual([]);
    const started = Date.now();
    const added = addAll(DECK);
    expect(added.map((s) => s.position)).toEqual([1, 2, 3, 4]);
    expect(contents(added)).toEqual(DECK);
    for (const slide of added) {
      expect(slide.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(Date.parse(slide.updatedAt)).toBeGreaterThanOrEqual(started - 1000);
    }
    expect(store.slides.list()).toEqual(added);
    expect(new Set(added.map((s) => s.id)).size).toBe(4);
  });

  it('updates any of title, notes and state, keeping the rest and the position', () => {
    const [first, second] = addAll(DECK.slice(0, 2));
    const updated = store.slides.update(second!.id, { title: '  Densité  ', notes: 'Nouvelles notes' })!;
    expect(updated).toEqual({ ...second, title: 'Densité', notes: 'Nouvelles notes', updatedAt: expect.any(String) });
    expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(Date.parse(second!.updatedAt));
    expect(store.slides.update(second!.id, { state: 'view=table' })).toMatchObject({
      title: 'Densité',
      notes: 'Nouvelles notes',
      state: 'view=table',
      position: 2,
    });
    expect(store.slides.update(first!.id, { notes: '' })).toMatchObject({
      title: DECK[0]!.title,
      notes: '',
      state: DECK[0]!.state,
    });
    expect(store.slides.update(9999, { title: 'Nobody' })).toBeNull();
  });

  it('refuses a bad change, an empty one and unknown fields, changing nothing', () => {
    const [slide] = addAll(DECK.slice(0, 1));
    expect(refusal(() => store.slides.update(slide!.id, {}), 'InvalidSlide')).toEqual([
      'body: expected at least one of title, notes, state, got {}',
    ]);
    expect(refusal(() => store.slides.update(slide!.id, { title: '', position: 3 }), 'InvalidSlide')).toEqual([
      'body: expected only the fields title, notes, state, got "position"',
      'title: expected a title of 1 to 120 characters, got ""',
    ]);
    expect(refusal(() => store.slides.update(slide!.id, { state: 'lang=fr&x=1' }), 'InvalidSlide')).toEqual([
      `state: expected only the dashboard's parameters (${ALL_PARAMS}), got "x"`,
    ]);
    expect(refusal(() => store.slides.update(slide!.id, [{ title: 'x' }]), 'InvalidSlide')).toHaveLength(1);
  });

  it('reorders to any permutation of its slides, and refuses anything else naming what is missing or extra', () => {
    const ids = addAll(DECK).map((s) => s.id);
    const [a, b, c, d] = ids as [number, number, number, number];
    const reordered = store.slides.reorder({ ids: [c, a, d, b] });
    expect(reordered.map((s) => s.id)).toEqual([c, a, d, b]);
    expect(reordered.map((s) => s.position)).toEqual([1, 2, 3, 4]);
    expect(store.slides.list()).toEqual(reordered);

    expect(refusal(() => store.slides.reorder({ ids: [c, a, d] }), 'InvalidOrder')).toEqual([
      `ids: expected every slide of the deck, missing ${b}`,
    ]);
    expect(refusal(() => store.slides.reorder({ ids: [c, a, d, b, 999] }), 'InvalidOrder')).toEqual([
      'ids: expected only slides of the deck (GET /api/slides lists them), got 999',
    ]);
    expect(refusal(() => store.slides.reorder({ ids: [c, a, d, d] }), 'InvalidOrder')).toEqual([
      `ids: expected each slide once, got ${d} more than once`,
      `ids: expected every slide of the deck, missing ${b}`,
    ]);
    expect(refusal(() => store.slides.reorder({ ids: [c, '1', 0, 1.5] }), 'InvalidOrder')).toEqual([
      'ids[1]: expected a slide id (a whole number of at least 1), got "1"',
      'ids[2]: expected a slide id (a whole number of at least 1), got 0',
      'ids[3]: expected a slide id (a whole number of at least 1), got 1.5',
    ]);
    expect(refusal(() => store.slides.reorder({ ids: [c, a, d, b], by: 'me' }), 'InvalidOrder')).toEqual([
      'body: expected only the field ids, got "by"',
    ]);
    expect(refusal(() => store.slides.reorder([c, a, d, b]), 'InvalidOrder')).toEqual([
      `body: expected {"ids": [...]}, the deck's slide ids in the new order, got [${[c, a, d, b].join(',')}]`,
    ]);
    expect(
      refusal(
        () => store.slides.reorder({ ids: Array.from({ length: SLIDES_MAX + 1 }, (_, i) => i + 1) }),
        'InvalidOrder',
      ),
    ).toEqual([`ids: expected the 4 ids of the deck, got ${SLIDES_MAX + 1} ids`]);
  });

  it('removes a slide and closes up the positions after it; never gives its id again', () => {
    const ids = addAll(DECK).map((s) => s.id);
    expect(store.slides.remove(ids[1]!)).toBe(true);
    expect(store.slides.list().map((s) => s.id)).toEqual([ids[0], ids[2], ids[3]]);
    expect(positions()).toEqual([1, 2, 3]);
    expect(store.slides.remove(ids[1]!)).toBe(false);
    expect(store.slides.remove(ids[3]!)).toBe(true);
    expect(positions()).toEqual([1, 2]);
    const added = store.slides.add(DECK[3]!);
    expect(added.position).toBe(3);
    expect(added.id).toBeGreaterThan(ids[3]!);
    expect(store.slides.remove(ids[0]!)).toBe(true);
    expect(positions()).toEqual([1, 2]);
    expect(contents(store.slides.list())).toEqual([DECK[2], DECK[3]]);
  });

  it('keeps positions 1..n through a run of mixed writes', () => {
    // A seeded walk of adds, removes, moves and edits: after each, positions run 1..n in the listed order.
    let seed = 7;
    const random = (below: number) => {
      seed = (seed * 48271) % 2147483647;
      return seed % below;
    };
    const shuffled = (ids: number[]) => {
      for (let i = ids.length - 1; i > 0; i -= 1) {
        const j = random(i + 1);
        [ids[i], ids[j]] = [ids[j]!, ids[i]!];
      }
      return ids;
    };
    for (let step = 0; step < 150; step += 1) {
      const slides = store.slides.list();
      const pick = slides[random(Math.max(slides.length, 1))];
      const action = slides.length < 3 ? 0 : random(4);
      if (action === 0) store.slides.add(DECK[random(DECK.length)]!);
      else if (action === 1) store.slides.remove(pick!.id);
      else if (action === 2) store.slides.reorder({ ids: shuffled(slides.map((s) => s.id)) });
      else store.slides.update(pick!.id, { title: `Step ${step}` });
      expect(positions(), `step ${step}`).toEqual(store.slides.list().map((_, i) => i + 1));
    }
  });

  it('refuses an invalid slide, and one past the most a deck holds', () => {
    expect(refusal(() => store.slides.add({ title: '', state: 'lang=xx&evil=1' }), 'InvalidSlide')).toEqual([
      'title: expected a title of 1 to 120 characters, got ""',
      `state: expected only the dashboard's parameters (${ALL_PARAMS}), got "evil"`,
    ]);
    store.slides.importDeck({
      format: SLIDES_FORMAT,
      version: SLIDES_VERSION,
      slides: Array.from({ length: SLIDES_MAX }, (_, i) => ({ title: `Slide ${i + 1}`, state: '' })),
    });
    expect(refusal(() => store.slides.add(DECK[0]), 'DeckFull')).toEqual([
      `slides: expected at most ${SLIDES_MAX} slides, got ${SLIDES_MAX} already; remove one to add another`,
    ]);
    store.slides.remove(store.slides.list()[0]!.id);
    expect(store.slides.add(DECK[0]).position).toBe(SLIDES_MAX);
  });
});

describe('export and import', () => {
  it('an export imports back exactly: titles, notes, states and order, under new ids', () => {
    const ids = addAll(DECK).map((s) => s.id);
    store.slides.reorder({ ids: [...ids].reverse() });
    const exported = store.slides.exportDeck();
    expect(exported).toEqual({
      format: SLIDES_FORMAT,
      version: 1,
      exported: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      slides: [...DECK].reverse(),
    });

    // Through a file, into another atlas's local database.
    const file = JSON.parse(JSON.stringify(exported)) as unknown;
    const other = openLocalStore(path.join(mkdtempSync(path.join(dir, 'other-')), 'local.sqlite'));
    try {
      const imported = other.slides.importDeck(file);
      expect(contents(imported)).toEqual([...DECK].reverse());
      expect(imported.map((s) => s.position)).toEqual([1, 2, 3, 4]);
      expect(other.slides.exportDeck().slides).toEqual(exported.slides);
    } finally {
      other.close();
    }

    // Into the same one: the deck is replaced, and its old ids are not given again.
    const replaced = store.slides.importDeck(file);
    expect(contents(replaced)).toEqual([...DECK].reverse());
    expect(Math.min(...replaced.map((s) => s.id))).toBeGreaterThan(Math.max(...ids));
    expect(store.slides.list()).toEqual(replaced);
  });

  it('an empty export empties the deck; notes left out are imported empty', () => {
    addAll(DECK);
    expect(store.slides.importDeck({ format: SLIDES_FORMAT, version: 1, slides: [] })).toEqual([]);
    expect(
      contents(
        store.slides.importDeck({ format: SLIDES_FORMAT, version: 1, slides: [{ title: 'Only', state: 'lang=en' }] }),
      ),
    ).toEqual([{ title: 'Only', notes: '', state: 'lang=en' }]);
  });

  it('a bad file changes nothing and lists every problem', () => {
    addAll(DECK);
    const file = {
      format: 'some-other-tool/slides',
      version: 2,
      exported: '2025-01-01T00:00:00.000Z',
      author: 'x',
      slides: [
        DECK[0],
        { title: '', state: 'evil=1' },
        5,
        { title: 'Ok', notes: 3, state: 'lang=fr&lang=en', layout: 'wide' },
        DECK[1],
      ],
    };
    expect(refusal(() => store.slides.importDeck(file), 'InvalidSlides')).toEqual([
      'file: expected only the fields format, version, exported, slides, got "author"',
      'format: expected "alpine-territories-atlas/slides", got "some-other-tool/slides"',
      'version: expected 1 (the version this atlas reads), got 2',
      'slides[1].title: expected a title of 1 to 120 characters, got ""',
      `slides[1].state: expected only the dashboard's parameters (${ALL_PARAMS}), got "evil"`,
      'slides[2]: expected a slide {title, notes, state}, got 5',
      'slides[3]: expected only the fields title, notes, state, got "layout"',
      'slides[3].notes: expected notes of at most 2000 characters, got 3',
      'slides[3].state: expected each parameter at most once, got "lang" more than once',
    ]);
    // A value is quoted up to 80 characters, not echoed whole.
    expect(
      refusal(
        () => store.slides.importDeck({ format: SLIDES_FORMAT, version: 1, slides: { 0: DECK[0] } }),
        'InvalidSlides',
      ),
    ).toEqual([`slides: expected an array of slides, got ${JSON.stringify({ 0: DECK[0] }).slice(0, 80)}…`]);
    expect(refusal(() => store.slides.importDeck({ version: 1 }), 'InvalidSlides')).toEqual([
      'format: expected "alpine-territories-atlas/slides", got nothing',
      'slides: expected an array of slides, got nothing',
    ]);
    expect(refusal(() => store.slides.importDeck([DECK[0]]), 'InvalidSlides')).toHaveLength(1);
    const tooMany = Array.from({ length: SLIDES_MAX + 50 }, (_, i) =>
      i === 3 ? { title: '' } : { title: `S${i}`, state: '' },
    );
    expect(
      refusal(() => store.slides.importDeck({ format: SLIDES_FORMAT, version: 1, slides: tooMany }), 'InvalidSlides'),
    ).toEqual([
      `slides: expected at most ${SLIDES_MAX} slides, got ${SLIDES_MAX + 50} (the first ${SLIDES_MAX} were checked)`,
      'slides[3].title: expected a title of 1 to 120 characters, got ""',
      'slides[3].state: expected the dashboard\'s view as a query string, such as "lang=en&indicator=population", ' +
        'got nothing',
    ]);
    expect(contents(store.slides.list())).toEqual(DECK);
  });
});

describe('the deck lasts', () => {
  it('through a rebuild of the reference database: the local file and its slides are untouched', async () => {
    const atlasPath = path.join(dir, 'rebuilt.sqlite');
    await buildAtlas({ ...realOptions, dbPath: atlasPath, log: () => {} });
    const slides = addAll(DECK);
    const before = fileHash(storePath);
    await buildAtlas({ ...realOptions, dbPath: atlasPath, log: () => {} });
    expect(fileHash(storePath)).toBe(before);
    expect(store.slides.list()).toEqual(slides);
  });

  it('through a restart: closed and opened again from the same file, the same slides in the same order', () => {
    const ids = addAll(DECK).map((s) => s.id);
    store.slides.reorder({ ids: [ids[3]!, ids[0]!, ids[1]!, ids[2]!] });
    store.slides.update(ids[0]!, { notes: 'Edited before the restart' });
    store.slides.remove(ids[2]!);
    const slides = store.slides.list();
    store.close();
    store = openLocalStore(storePath);
    expect(store.slides.list()).toEqual(slides);
    expect(store.slides.add(DECK[2]!).id).toBeGreaterThan(Math.max(...ids));
  });

  it('a local database made before slides gains the table when opened, its imports untouched', () => {
    const atlasDb = new Database(inject('atlasDb'), { readonly: true });
    try {
      const name = 'indicator-population-dgcl.csv';
      store.importFile(
        'indicator',
        name,
        readFileSync(path.join(PROJECT_ROOT, 'examples', name)),
        importReference(atlasDb),
      );
    } finally {
      atlasDb.close();
    }
    const imported = store.read();
    store.close();
    const older = new Database(storePath);
    older.exec('DROP TABLE slides');
    older.close();

    store = openLocalStore(storePath);
    expect(store.read()).toEqual(imported);
    expect(store.slides.list()).toEqual([]);
    expect(store.slides.add(DECK[0]!).position).toBe(1);
  });
});
