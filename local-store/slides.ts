import type Database from 'better-sqlite3';
import {
  checkSlide,
  checkSlideChanges,
  checkSlideOrder,
  checkSlidesFile,
  SLIDES_FORMAT,
  SLIDES_MAX,
  SLIDES_VERSION,
  type SlideContent,
} from '../vocabulary/slide-rules.ts';

/** A slide as stored and answered: the presenter's content, its place in the deck (1..n) and when it last changed. */
export interface Slide extends SlideContent {
  id: number;
  position: number;
  updatedAt: string;
}

/** A deck as exported: the slides' content in order, without ids or dates, to be imported into any atlas. */
export interface SlidesExport {
  format: typeof SLIDES_FORMAT;
  version: typeof SLIDES_VERSION;
  exported: string;
  slides: SlideContent[];
}

/** A write refused before anything changed: the API's error code, a summary, and every problem. */
export class SlidesRejected extends Error {
  constructor(
    readonly code: 'InvalidSlide' | 'InvalidSlides' | 'InvalidOrder' | 'DeckFull',
    readonly summary: string,
    readonly errors: string[],
  ) {
    super(`${summary}:\n  ${errors.join('\n  ')}`);
    this.name = 'SlidesRejected';
  }
}

const problemCount = (errors: string[]) => `${errors.length} problem${errors.length === 1 ? '' : 's'}`;

/**
 * The presenter's deck in the local database. Every write is checked first, then made in one transaction
 * (BEGIN IMMEDIATE, so a check against the deck holds until the write): positions stay 1..n without gaps.
 */
export function slideDeck(db: Database.Database) {
  const COLUMNS = 'id, position, title, notes, state, updated_at AS updatedAt';
  const selectAll = db.prepare(`SELECT ${COLUMNS} FROM slides ORDER BY position`);
  const selectOne = db.prepare(`SELECT ${COLUMNS} FROM slides WHERE id = ?`);
  const selectIds = db.prepare('SELECT id FROM slides ORDER BY position').pluck();
  const count = db.prepare('SELECT COUNT(*) FROM slides').pluck();
  const insert = db.prepare('INSERT INTO slides (position, title, notes, state, updated_at) VALUES (?, ?, ?, ?, ?)');
  // Absent fields are null here, which no stored field ever is: COALESCE keeps their value.
  const change =
    db.prepare(`UPDATE slides SET title = COALESCE(?, title), notes = COALESCE(?, notes), state = COALESCE(?, state),
      updated_at = ?
    WHERE id = ? RETURNING ${COLUMNS}`);
  const move = db.prepare('UPDATE slides SET position = ? WHERE id = ?');
  const deleteOne = db.prepare('DELETE FROM slides WHERE id = ? RETURNING position').pluck();
  const closeUp = db.prepare('UPDATE slides SET position = position - 1 WHERE position > ?');
  const deleteAll = db.prepare('DELETE FROM slides');

  const list = (): Slide[] => selectAll.all() as Slide[];
  const now = () => new Date().toISOString();

  return {
    list,

    /** Appends a slide after the last; refused when invalid or when the deck is full. */
    add(value: unknown): Slide {
      const checked = checkSlide(value, '');
      if ('errors' in checked)
        throw new SlidesRejected(
          'InvalidSlide',
          `The slide was not saved: ${problemCount(checked.errors)}`,
          checked.errors,
        );
      const { title, notes, state } = checked.slide;
      return db
        .transaction(() => {
          const slides = count.get() as number;
          if (slides >= SLIDES_MAX) {
            throw new SlidesRejected('DeckFull', 'The slide was not saved: the deck is full', [
              `slides: expected at most ${SLIDES_MAX} slides, got ${slides} already; remove one to add another`,
            ]);
          }
          return selectOne.get(insert.run(slides + 1, title, notes, state, now()).lastInsertRowid) as Slide;
        })
        .immediate();
    },

    /** Changes a slide's title, notes or state; null when there is no such slide. */
    update(id: number, value: unknown): Slide | null {
      const checked = checkSlideChanges(value);
      if ('errors' in checked)
        throw new SlidesRejected(
          'InvalidSlide',
          `The slide was not changed: ${problemCount(checked.errors)}`,
          checked.errors,
        );
      const { title = null, notes = null, state = null } = checked.changes;
      return (change.get(title, notes, state, now(), id) as Slide | undefined) ?? null;
    },

    /** Puts the slides in the order of `{ids}`, which must name every slide once; the deck in its new order. */
    reorder(value: unknown): Slide[] {
      return db
        .transaction(() => {
          const checked = checkSlideOrder(value, selectIds.all() as number[]);
          if ('errors' in checked)
            throw new SlidesRejected(
              'InvalidOrder',
              `The slides were not reordered: ${problemCount(checked.errors)}`,
              checked.errors,
            );
          checked.ids.forEach((id, i) => {
            move.run(i + 1, id);
          });
          return list();
        })
        .immediate();
    },

    /** Removes a slide and closes up the positions after it; false when there is no such slide. */
    remove(id: number): boolean {
      return db
        .transaction(() => {
          const position = deleteOne.get(id) as number | undefined;
          if (position !== undefined) closeUp.run(position);
          return position !== undefined;
        })
        .immediate();
    },

    /** The deck as a file another atlas can import: content and order, no ids or dates of this database. */
    exportDeck(): SlidesExport {
      return {
        format: SLIDES_FORMAT,
        version: SLIDES_VERSION,
        exported: now(),
        slides: list().map(({ title, notes, state }) => ({ title, notes, state })),
      };
    },

    /** Replaces the whole deck with an exported one, or changes nothing and lists every problem of the file. */
    importDeck(value: unknown): Slide[] {
      const checked = checkSlidesFile(value);
      if ('errors' in checked)
        throw new SlidesRejected(
          'InvalidSlides',
          `The slides were not imported: ${problemCount(checked.errors)}; the deck is unchanged`,
          checked.errors,
        );
      return db
        .transaction(() => {
          deleteAll.run();
          const updatedAt = now();
          checked.slides.forEach(({ title, notes, state }, i) => {
            insert.run(i + 1, title, notes, state, updatedAt);
          });
          return list();
        })
        .immediate();
    },
  };
}

export type SlideDeck = ReturnType<typeof slideDeck>;
