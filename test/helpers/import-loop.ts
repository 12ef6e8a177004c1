/**
 * The victim of test/local-store/kill.test.ts: imports the example files into a local database, and removes
 * earlier imports, in an endless loop, until the test kills it with SIGKILL.
 *
 *   node --import tsx --import ./test/helpers/held-transactions.ts test/helpers/import-loop.ts
 *   env: ATLAS_DB (reference database), ATLAS_LOCAL_DB (local database, opened as the server and CLI do),
 *        IMPORT_LOOP_TAG (makes this run's periods and file names unique), IMPORT_LOOP_SEED (its choices)
 *
 * Each step of each operation is written to stdout as one line, before the next step starts. On Linux,
 * writes to a pipe are synchronous, so a line the test read was written before the kill, and what it says
 * had happened had happened:
 *
 *   ready <imports>                       the store is open, with that many imports
 *   begin import <kind> <file name>       about to call importFile (the file name is unique)
 *   writing                               inside the store's transaction, before its check and inserts
 *   written                               every row inserted, not committed
 *   committed                             that transaction has committed
 *   imported <id> <kind> <rows> <file name>
 *   begin remove <id>
 *   removed <id>
 *
 * `writing`, `written` and `committed` come from ./held-transactions.ts, preloaded, which also holds the loop at
 * one of them when HOLD_TRANSACTIONS_AT names it, until the test kills it or lets it go on.
 */
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { openLocalStore } from '../../local-store/local-store.ts';
import type { ImportKind } from '../../vocabulary/import-kinds.ts';
import { importReference } from '../../local-store/reference.ts';
import { PROJECT_ROOT } from '../../vocabulary/project-root.ts';

/** The example files the loop imports in turn, with the kind each is imported as. */
const LOOP_FILES: readonly { kind: ImportKind; name: string }[] = [
  { kind: 'indicator', name: 'indicator-population-dgcl.csv' },
  { kind: 'flows', name: 'flows-nearest-hospital-as-other.csv' },
  { kind: 'services', name: 'services-gisco-outside-area.csv' },
  { kind: 'services', name: 'services-gisco-outside-area.geojson' },
];
/** A loop nobody kills stops by itself, so that a crashed test leaves no process behind. */
const GIVE_UP_MS = 60_000;

const say = (line: string) => process.stdout.write(`${line}\n`);

/** mulberry32: a small seeded generator, so that a run's sequence of operations can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A CSV example with each of its periods replaced by a new one (`<tag>-1`, `<tag>-2`…), so that the store
 * accepts it again: an indicator value may be imported once per indicator, commune and period. The fields
 * before the period column are never quoted, so splitting a line on commas finds it. A file without a period
 * column is returned as it is.
 */
export function withNewPeriods(csv: string, tag: string): string {
  const [header = '', ...lines] = csv.split('\n');
  const column = header.split(',').indexOf('period');
  if (column < 0) return csv;
  const periods = new Map<string, string>();
  const renamed = lines.map((line) => {
    if (line.trim() === '') return line;
    const fields = line.split(',');
    const period = fields[column]!;
    if (!periods.has(period)) periods.set(period, `${tag}-${periods.size + 1}`);
    fields[column] = periods.get(period)!;
    return fields.join(',');
  });
  return [header, ...renamed].join('\n');
}

function main(): void {
  const { ATLAS_DB, ATLAS_LOCAL_DB, IMPORT_LOOP_TAG, IMPORT_LOOP_SEED } = process.env;
  if (!ATLAS_DB || !ATLAS_LOCAL_DB || !IMPORT_LOOP_TAG || !IMPORT_LOOP_SEED) {
    throw new Error('import-loop needs ATLAS_DB, ATLAS_LOCAL_DB, IMPORT_LOOP_TAG and IMPORT_LOOP_SEED');
  }
  const random = seededRandom(Number(IMPORT_LOOP_SEED));
  const examples = LOOP_FILES.map(({ kind, name }) => ({
    kind,
    name,
    text: readFileSync(path.join(PROJECT_ROOT, 'examples', name), 'utf8'),
  }));
  const atlas = new Database(ATLAS_DB, { readonly: true, fileMustExist: true });
  const reference = importReference(atlas);
  const store = openLocalStore(ATLAS_LOCAL_DB);
  say(`ready ${store.list().length}`);

  const deadline = Date.now() + GIVE_UP_MS;
  for (let n = 1; Date.now() < deadline; n++) {
    const imports = store.list();
    if (imports.length > 0 && random() < 0.3) {
      const { id } = imports[Math.floor(random() * imports.length)]!;
      say(`begin remove ${id}`);
      if (!store.remove(id)) throw new Error(`import ${id} was listed but could not be removed`);
      say(`removed ${id}`);
    } else {
      const example = examples[n % examples.length]!;
      const tag = `${IMPORT_LOOP_TAG}-${n}`;
      const fileName = `${tag}-${example.name}`;
      say(`begin import ${example.kind} ${fileName}`);
      const record = store.importFile(
        example.kind,
        fileName,
        Buffer.from(withNewPeriods(example.text, tag)),
        reference,
      );
      say(`imported ${record.id} ${record.kind} ${record.rowCount} ${record.fileName}`);
    }
  }
  throw new Error(`import-loop was not killed within ${GIVE_UP_MS / 1000} s`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
