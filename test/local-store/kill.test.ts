/**
 * "Writes of local data (imports) are transactional and survive a kill -9 at any moment."
 *
 * A child process (test/helpers/import-loop.ts) imports the example files and removes earlier imports in an
 * endless loop on one local database, reporting each step; the test kills it with SIGKILL after a random,
 * seeded delay, and every other round only once the child reports being inside an import's transaction
 * (which it holds open 0 to 4 ms after its inserts, so such kills land between the inserts and the commit).
 * After each kill, a copy of the files left on disk is opened with openLocalStore, and it is proven that:
 *
 * - the database is sound: PRAGMA integrity_check is ok, PRAGMA foreign_key_check finds nothing;
 * - every import is whole: its table (values, flows or services) holds exactly its row_count rows, as many as
 *   its example file has, with as many sources as the example, each row citing a source of its own import;
 *   no other table holds rows of it; no row, no source belongs to an import that is not there;
 * - nothing reported is lost, nothing unreported appears: the imports are exactly those the child reported
 *   committed (less those it reported removed), except the one operation the kill interrupted, which is there
 *   whole or not at all (an import is absent when killed before its transaction, present once committed).
 *
 * The next round restarts the child on the very files the kill left (it must open them and go on); the store
 * it opens lists exactly the imports the check found. A second test kills `npm run import` itself (the CLI,
 * one process) at random moments while it checks and writes a file: the file is then imported whole or not at
 * all, an import it reported is there, and running the same command again agrees (it imports the file, or
 * refuses it as already imported).
 *
 * The kill is not fooled by buffering: on Linux a write to a pipe is synchronous, and each report is one line
 * written before the next step starts. SQLite's durability against power loss (synchronous = FULL) is not what
 * this proves: a killed process loses nothing the kernel has already been given.
 *
 * KILL_TEST_SEED replays another sequence of delays and choices (timing still varies from run to run).
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { openLocalStore } from '../../local-store/local-store.ts';
import type { ImportKind } from '../../vocabulary/import-kinds.ts';
import { seededRandom, withNewPeriods } from '../helpers/import-loop.ts';
import { PROJECT_ROOT } from '../helpers/paths.ts';
import type { ImportRecord } from '../../vocabulary/api-records.ts';

const SEED = Number(process.env.KILL_TEST_SEED ?? 20261201);
const LOOP_ROUNDS = 22;
const CLI_ROUNDS = 4;

const dir = mkdtempSync(path.join(tmpdir(), 'atlas-kill-local-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What each example file holds (test/local-store/imports.test.ts checks the same of a plain import). */
const EXAMPLES: Record<string, { kind: ImportKind; rows: number; sources: number }> = {
  'indicator-population-dgcl.csv': { kind: 'indicator', rows: 13, sources: 1 },
  'flows-nearest-hospital-as-other.csv': { kind: 'flows', rows: 15, sources: 2 },
  'services-gisco-outside-area.csv': { kind: 'services', rows: 4, sources: 1 },
  'services-gisco-outside-area.geojson': { kind: 'services', rows: 4, sources: 1 },
};
const TABLES = { indicator: 'imported_values', flows: 'imported_flows', services: 'imported_services' } as const;

/** The example an imported file was made from: its name ends with the example's. */
function exampleOf(fileName: string) {
  const name = Object.keys(EXAMPLES).find((n) => fileName.endsWith(n));
  if (!name) throw new Error(`${fileName} was made from no example`);
  return EXAMPLES[name]!;
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const running = new Set<ReturnType<typeof spawn>>();
afterEach(() => {
  for (const child of running) child.kill('SIGKILL');
});

/** Runs a TypeScript script as `node --import tsx` does (one process, so SIGKILL hits the script itself). */
function run(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
  });
  running.add(child);
  const lines: string[] = [];
  let partial = '';
  let stderr = '';
  let killOn: RegExp | null = null;
  const waiters = new Set<() => void>();
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
    if (killOn?.test(lines.at(-1) ?? '')) child.kill('SIGKILL');
    for (const wake of waiters) wake();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  const exit = new Promise<Exit>((done) =>
    child.on('close', (code, signal) => {
      running.delete(child);
      for (const wake of waiters) wake();
      done({ code, signal });
    }),
  );
  const ended = () => child.exitCode !== null || child.signalCode !== null;
  return {
    /** The complete lines written to stdout so far. */
    lines,
    output: () => `${lines.join('\n')}\n${stderr}`,
    exit,
    /** The first line matching, once it is written; fails if the process ends without writing it. */
    line(match: RegExp): Promise<string> {
      return new Promise((resolve, reject) => {
        const wake = () => {
          const found = lines.find((l) => match.test(l));
          if (found !== undefined) resolve(found);
          else if (ended()) reject(new Error(`${args.join(' ')} ended without writing ${match}:\n${stderr}`));
          else return;
          waiters.delete(wake);
        };
        waiters.add(wake);
        wake();
      });
    },
    /** SIGKILL now, or (with a pattern) as soon as the last line read matches it. */
    kill(when?: RegExp): Promise<Exit> {
      if (when && !when.test(lines.at(-1) ?? '')) killOn = when;
      else child.kill('SIGKILL');
      return exit;
    },
  };
}

/** Where the kill found the loop: the last operation it began and did not report finished. */
type Interrupted =
  | {
      op: 'import';
      fileName: string;
      phase: 'before its transaction' | 'inside its transaction' | 'committed, not reported';
    }
  | { op: 'remove'; id: number }
  | null;

/**
 * Replays the child's report on `committed` (import id → file name): every operation it reported finished is
 * applied; the one it had begun when it was killed is returned. Fails on a report out of order, e.g. an import
 * written in more than one transaction, or none.
 */
function replay(lines: string[], committed: Map<number, string>): Interrupted {
  const [ready = '', ...reports] = lines;
  expect(ready).toMatch(/^ready /);
  let current: Interrupted = null;
  for (const line of reports) {
    const [word, a = '', b = '', c = '', d = ''] = line.split(' ');
    if (word === 'begin' && current === null) {
      current =
        a === 'import'
          ? { op: 'import', fileName: c, phase: 'before its transaction' }
          : { op: 'remove', id: Number(b) };
    } else if (word === 'writing' && current?.op === 'import' && current.phase === 'before its transaction') {
      current.phase = 'inside its transaction';
    } else if (word === 'committed' && current?.op === 'import' && current.phase === 'inside its transaction') {
      current.phase = 'committed, not reported';
    } else if (
      word === 'imported' &&
      current?.op === 'import' &&
      current.phase === 'committed, not reported' &&
      d === current.fileName
    ) {
      const { kind, rows } = exampleOf(d);
      expect({ kind: b, rows: Number(c) }, line).toEqual({ kind, rows });
      committed.set(Number(a), d);
      current = null;
    } else if (word === 'removed' && current?.op === 'remove' && Number(a) === current.id) {
      expect(committed.delete(current.id), `${line}: an import the child had not reported`).toBe(true);
      current = null;
    } else {
      throw new Error(`unexpected report "${line}" during ${JSON.stringify(current)}`);
    }
  }
  return current;
}

/**
 * Opens a database with openLocalStore, proves it sound and every import in it whole, and returns the imports.
 * `label` names the round in failure messages.
 */
function checkStore(file: string, label: string): ImportRecord[] {
  const store = openLocalStore(file);
  const db = new Database(file);
  try {
    expect(db.pragma('integrity_check', { simple: true }), label).toBe('ok');
    expect(db.pragma('foreign_key_check'), label).toEqual([]);
    const imports = store.list();
    const count = (sql: string, ...params: unknown[]) =>
      db
        .prepare(sql)
        .pluck()
        .get(...params) as number;
    for (const table of ['import_sources', ...Object.values(TABLES)]) {
      expect(
        count(`SELECT count(*) FROM ${table} WHERE import_id NOT IN (SELECT id FROM imports)`),
        `${label}: ${table} rows of no import`,
      ).toBe(0);
    }
    for (const table of Object.values(TABLES)) {
      const foreign = count(
        `SELECT count(*) FROM ${table} t JOIN import_sources s ON s.id = t.source_id WHERE s.import_id <> t.import_id`,
      );
      expect(foreign, `${label}: ${table} rows citing another import's source`).toBe(0);
    }
    for (const i of imports) {
      const example = exampleOf(i.fileName);
      const where = `${label}: import ${i.id} (${i.fileName})`;
      expect({ kind: i.kind, rowCount: i.rowCount, sources: i.sources.length }, where).toEqual({
        kind: example.kind,
        rowCount: example.rows,
        sources: example.sources,
      });
      const rows = Object.fromEntries(
        Object.entries(TABLES).map(([kind, table]) => [
          kind,
          count(`SELECT count(*) FROM ${table} WHERE import_id = ?`, i.id),
        ]),
      );
      expect(rows, where).toEqual({ indicator: 0, flows: 0, services: 0, [i.kind]: i.rowCount });
    }
    const snapshot = store.read();
    expect(snapshot.values.length + snapshot.flows.length + snapshot.services.length, label).toBe(
      imports.reduce((sum, i) => sum + i.rowCount, 0),
    );
    return imports;
  } finally {
    db.close();
    store.close();
  }
}

/** Checks a copy of the files a kill left (database and WAL), so that the next run opens the originals untouched. */
function checkCopy(file: string, label: string): ImportRecord[] {
  const copy = path.join(mkdtempSync(path.join(dir, 'copy-')), path.basename(file));
  copyFileSync(file, copy);
  if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
  return checkStore(copy, label);
}

describe('the local database under kill -9', () => {
  it(`a loop of imports and removals, killed ${LOOP_ROUNDS} times, loses nothing it reported and leaves nothing ` +
    `half-written`, async () => {
    const random = seededRandom(SEED);
    const file = path.join(dir, 'loop', 'local.sqlite');
    mkdirSync(path.dirname(file));
    const committed = new Map<number, string>();
    const interruptions = new Map<string, number>();

    for (let round = 1; round <= LOOP_ROUNDS; round++) {
      const label = `round ${round} (KILL_TEST_SEED=${SEED})`;
      const child = run(['test/helpers/import-loop.ts'], {
        ATLAS_DB: inject('atlasDb'),
        ATLAS_LOCAL_DB: file,
        IMPORT_LOOP_TAG: `kill-r${round}`,
        IMPORT_LOOP_SEED: String(SEED + round),
      });
      expect(await child.line(/^ready /), `${label}: the reopened store lists what the last check found`).toBe(
        `ready ${committed.size}`,
      );
      // Every other round waits, after the delay, for the child to report being inside a transaction.
      await sleep(50 + random() * 350);
      const exit = await child.kill(round % 2 === 0 ? /^writing$/ : undefined);
      expect(exit.signal, `${label}: the child died before the kill:\n${child.output()}`).toBe('SIGKILL');

      const interrupted = replay(child.lines, committed);
      const found = checkCopy(file, label);
      // Imports never reported: only the one being written when the kill came; there if it had committed.
      const unreported = found.filter((i) => !committed.has(i.id));
      const writing = interrupted?.op === 'import' ? interrupted : null;
      const possible =
        writing === null || writing.phase === 'before its transaction'
          ? [[]]
          : writing.phase === 'inside its transaction'
            ? [[], [writing.fileName]]
            : [[writing.fileName]];
      expect(possible, `${label}: imports never reported, killed ${JSON.stringify(interrupted)}`).toContainEqual(
        unreported.map((i) => i.fileName),
      );
      for (const i of unreported) committed.set(i.id, i.fileName);
      // Imports reported and not there: only the one being removed when the kill came.
      const lost = [...committed.keys()].filter((id) => !found.some((i) => i.id === id));
      expect(
        interrupted?.op === 'remove' ? [[], [interrupted.id]] : [[]],
        `${label}: reported imports missing`,
      ).toContainEqual(lost);
      for (const id of lost) committed.delete(id);
      const where =
        interrupted === null
          ? 'between operations'
          : interrupted.op === 'remove'
            ? 'removing'
            : `importing, ${interrupted.phase}`;
      interruptions.set(where, (interruptions.get(where) ?? 0) + 1);
    }

    expect(new Map(checkStore(file, 'after the last round').map((i) => [i.id, i.fileName]))).toEqual(committed);
    const tally = [...interruptions].map(([where, n]) => `${n} ${where}`).join(', ');
    console.info(`${LOOP_ROUNDS} kills (KILL_TEST_SEED=${SEED}): ${tally}; ${committed.size} imports remain`);
    // The moment that matters most was hit: rows written, not committed.
    expect(interruptions.get('importing, inside its transaction'), tally).toBeGreaterThan(0);
  }, 120_000);

  it('npm run import killed while it checks and writes a file leaves it imported whole or not at all', async () => {
    const random = seededRandom(SEED + 1000);
    const file = path.join(dir, 'cli', 'local.sqlite');
    mkdirSync(path.dirname(file));
    const example = readFileSync(path.join(PROJECT_ROOT, 'examples', 'indicator-population-dgcl.csv'), 'utf8');
    const cli = (csv: string) =>
      run(['scripts/import-local.ts', 'indicator', csv], { ATLAS_DB: inject('atlasDb'), ATLAS_LOCAL_DB: file });
    const csvFile = (n: number) => {
      const csv = path.join(dir, 'cli', `cli-${n}-indicator-population-dgcl.csv`);
      writeFileSync(csv, withNewPeriods(example, `cli-${n}`));
      return csv;
    };

    // A run left alone: how long the CLI takes from "Checking…" to reporting the file imported (it reads the
    // reference, checks the file, writes it). The killed runs are killed within that time and a quarter more.
    const clean = cli(csvFile(0));
    await clean.line(/^Checking /);
    const start = performance.now();
    await clean.line(/^Imported 13 values/);
    const window = 1.25 * (performance.now() - start);
    expect(await clean.exit, clean.output()).toEqual({ code: 0, signal: null });

    const outcomes = new Map<string, number>();
    for (let round = 1; round <= CLI_ROUNDS; round++) {
      const label = `CLI round ${round} (KILL_TEST_SEED=${SEED})`;
      const csv = csvFile(round);
      const victim = cli(csv);
      await victim.line(/^Checking /);
      await sleep(random() * window);
      const { signal } = await victim.kill();
      const reported = victim.lines.some((l) => l.startsWith('Imported 13 values'));
      const imported = checkCopy(file, label).filter((i) => i.fileName === path.basename(csv));
      expect(imported.length, `${label}: imported at most once`).toBeLessThanOrEqual(1);
      if (reported) expect(imported, `${label}: reported imported`).toHaveLength(1);
      const outcome =
        `${signal === 'SIGKILL' ? 'killed' : 'ended before the kill'}, ` +
        `${imported.length === 0 ? 'not imported' : reported ? 'imported' : 'imported, not yet reported'}`;
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);

      // The same command again finds the file imported whole, or nothing of it.
      const again = cli(csv);
      const { code } = await again.exit;
      if (imported.length === 1) {
        expect(code, again.output()).toBe(1);
        expect(again.output()).toMatch(
          new RegExp(`a value not imported already \\(import ${imported[0]!.id} has population`),
        );
      } else {
        expect(code, again.output()).toBe(0);
        expect(again.output()).toMatch(/Imported 13 values/);
      }
    }
    const tally = [...outcomes].map(([outcome, n]) => `${n} ${outcome}`).join(', ');
    console.info(`${CLI_ROUNDS} runs of npm run import (KILL_TEST_SEED=${SEED}): ${tally}`);
    expect(
      [...outcomes.keys()].some((outcome) => outcome.startsWith('killed')),
      `no run was killed: ${tally}`,
    ).toBe(true);
    expect(
      checkStore(file, 'after the CLI rounds')
        .map((i) => i.fileName)
        .sort(),
    ).toEqual(Array.from({ length: CLI_ROUNDS + 1 }, (_, n) => `cli-${n}-indicator-population-dgcl.csv`).sort());
  }, 120_000);
});
