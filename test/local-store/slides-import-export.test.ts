import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { openLocalStore, type LocalStore } from '../../local-store/local-store.ts';
import { importReference } from '../../local-store/reference.ts';
import { SLIDES_FORMAT, SLIDES_MAX } from '../../vocabulary/slide-rules.ts';
import { buildAtlas } from '../../scripts/import/build.ts';
import { PROJECT_ROOT, realOptions } from '../helpers/paths.ts';
import { ALL_PARAMS, contents, DECK, deckWrites, newStorePath, useSlidesDir } from '../helpers/slide-deck.ts';

/**
 * The presenter's deck leaving the local database and coming back, on real SQLite files in a temp dir: an export
 * imports back exactly, a bad file changes nothing and lists every problem, and the deck survives a rebuild of the
 * reference data and a restart.
 */

const fileHash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

const dir = useSlidesDir();
let store: LocalStore;
let storePath: string;
beforeEach(() => {
  storePath = newStorePath(dir);
  store = openLocalStore(storePath);
  return () => store.close();
});
const { addAll, refusal } = deckWrites(() => store);

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
