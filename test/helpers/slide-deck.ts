import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect } from 'vitest';
import { type LocalStore, type Slide, SlidesRejected } from '../../local-store/local-store.ts';
import type { SlideContent } from '../../vocabulary/slide-rules.ts';
import { VIEW_PARAMS } from '../../vocabulary/view-params.ts';

/** The presenter's deck in the local database, for the tests of the store's slides on real SQLite files. */

export const ALL_PARAMS = VIEW_PARAMS.join(', ');

/** Slides with what a presenter really writes: accents, line breaks in notes, camera and manual breaks in the state. */
export const DECK: SlideContent[] = [
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

export const contents = (slides: Slide[]) => slides.map(({ title, notes, state }) => ({ title, notes, state }));

/** A temp dir for a file's local databases, removed after its tests. */
export function useSlidesDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'atlas-slides-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The path of a new local database, in a folder of its own in `dir`. */
export const newStorePath = (dir: string) => path.join(mkdtempSync(path.join(dir, 's-')), 'local.sqlite');

/** Writes on the deck of the store `current` gives: the one the running test has open. */
export function deckWrites(current: () => LocalStore) {
  return {
    positions: () =>
      current()
        .slides.list()
        .map((s) => s.position),
    addAll: (slides: SlideContent[]) => slides.map((s) => current().slides.add(s)),

    /** The problems of a refused write; fails the test if the write was made, or changed the deck. */
    refusal(write: () => unknown, code: SlidesRejected['code']): string[] {
      const before = current().slides.list();
      try {
        write();
      } catch (error) {
        expect(error).toBeInstanceOf(SlidesRejected);
        expect((error as SlidesRejected).code).toBe(code);
        expect(current().slides.list()).toEqual(before);
        return (error as SlidesRejected).errors;
      }
      throw new Error('the write was made');
    },
  };
}
