import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { openLocalStore, type LocalStore, type Slide } from '../../local-store/local-store.ts';
import type { ImportReference } from '../../local-store/reference.ts';
import type { ImportRecord } from '../../vocabulary/api-records.ts';
import type { ImportKind } from '../../vocabulary/import-kinds.ts';
import type { SlideContent } from '../../vocabulary/slide-rules.ts';
import { withNewPeriods } from './import-loop.ts';
import { PROJECT_ROOT } from './paths.ts';

/**
 * Planners' work for the backup and restore tests: imports of the example files (made from real data), each
 * under a file name and periods of its own so that one database takes any number of them, and slides.
 */

const EXAMPLES: readonly { kind: ImportKind; name: string }[] = [
  { kind: 'indicator', name: 'indicator-population-dgcl.csv' },
  { kind: 'flows', name: 'flows-nearest-hospital-as-other.csv' },
  { kind: 'services', name: 'services-gisco-outside-area.csv' },
  { kind: 'services', name: 'services-gisco-outside-area.geojson' },
];
const texts = new Map(EXAMPLES.map((e) => [e.name, readFileSync(path.join(PROJECT_ROOT, 'examples', e.name), 'utf8')]));

/** The `n`-th example import (in turn over the four files), named and dated `tag-n`. */
export function importExample(store: LocalStore, reference: ImportReference, tag: string, n: number): ImportRecord {
  const { kind, name } = EXAMPLES[n % EXAMPLES.length]!;
  const text = withNewPeriods(texts.get(name)!, `${tag}-${n}`);
  return store.importFile(kind, `${tag}-${n}-${name}`, Buffer.from(text), reference);
}

/** A slide of the presenter's deck, numbered. */
export const slide = (n: number): SlideContent => ({
  title: `Vue ${n}`,
  notes: n % 2 === 0 ? '' : `Note ${n}.\nSuite.`,
  state: `lang=fr&indicator=population-density&at=10.00%2F44.9000%2F${(6.6 + n / 100).toFixed(4)}`,
});

/** Everything a restore must bring back: the imports and the deck, as the store lists them. */
export interface Work {
  imports: ImportRecord[];
  slides: Slide[];
}

export const workOf = (store: LocalStore): Work => ({ imports: store.list(), slides: store.slides.list() });

/**
 * The work in a database file nothing writes, read through the store from a copy of it (and of its WAL): the
 * store would put a backup into WAL mode, and the test would no longer look at the file as the backup left it.
 */
export function workIn(file: string): Work {
  const folder = mkdtempSync(path.join(path.dirname(file), 'work-in-'));
  const copy = path.join(folder, path.basename(file));
  copyFileSync(file, copy);
  if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
  const store = openLocalStore(copy);
  try {
    return workOf(store);
  } finally {
    store.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** A database file's header fields the tests look at, read through a plain connection. */
export function headerOf(file: string) {
  const bytes = readFileSync(file).subarray(0, 100);
  const db = new Database(file, { readonly: true });
  try {
    return {
      /** 1 1: a rollback-journal file, complete by itself; 2 2: WAL. */
      journal: `${bytes[18]} ${bytes[19]}`,
      applicationId: db.pragma('application_id', { simple: true }),
      version: db.pragma('user_version', { simple: true }),
    };
  } finally {
    db.close();
  }
}
