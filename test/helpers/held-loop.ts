import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from './paths.ts';

/**
 * test/helpers/import-loop.ts in a child process, each of its transactions held twice (./held-transactions.ts,
 * HOLD_TRANSACTIONS_AT=written,committed): at `written` it holds the write lock on rows not yet committed; at
 * `committed` it holds nothing, and another process may write. The test lets it on one held step at a time, so
 * it knows at each what the loop has committed: what the loop reported, in its own words, before that step.
 */

const HELD_TRANSACTIONS = pathToFileURL(path.join(PROJECT_ROOT, 'test/helpers/held-transactions.ts')).href;

export function startHeldLoop(env: { atlasDb: string; localDb: string; tag: string; seed: number }) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--import', HELD_TRANSACTIONS, 'test/helpers/import-loop.ts'],
    {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        ATLAS_DB: env.atlasDb,
        ATLAS_LOCAL_DB: env.localDb,
        IMPORT_LOOP_TAG: env.tag,
        IMPORT_LOOP_SEED: String(env.seed),
        HOLD_TRANSACTIONS_AT: 'written,committed',
      },
    },
  );
  const lines: string[] = [];
  let partial = '';
  let stderr = '';
  let ended = false;
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const waiter of waiters) waiter();
  };
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
    wake();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  child.stdin.on('error', () => {});
  const exited = new Promise<void>((done) =>
    child.on('close', () => {
      ended = true;
      wake();
      done();
    }),
  );
  /** Lines before this index have been waited for. */
  let seen = 0;

  /** The next line, after those already waited for, that matches; fails if the loop ends first. */
  function next(match: RegExp): Promise<string> {
    return new Promise((resolve, reject) => {
      const look = () => {
        const i = lines.findIndex((l, index) => index >= seen && match.test(l));
        if (i >= 0) {
          seen = i + 1;
          resolve(lines[i]!);
        } else if (ended) reject(new Error(`the import loop ended without writing ${match}:\n${stderr}`));
        else return;
        waiters.delete(look);
      };
      waiters.add(look);
      look();
    });
  }

  return {
    next,
    /** The next step it holds at: `written` (rows inserted, lock held) or `committed` (lock released). */
    held: async () => (await next(/^(written|committed)$/)) as 'written' | 'committed',
    /** Lets it on from the step it holds at. */
    release: () => child.stdin.write('\n'),
    /**
     * The imports there were when it started (`before`, by id), plus those it reported committed (`imported`), less
     * those it reported removed; and the file name of the import it has begun and not reported, if any.
     */
    reported(before: ReadonlyMap<number, string>) {
      const imports = new Map(before);
      let pending: string | null = null;
      for (const line of lines.slice(0, seen)) {
        const [word, a = '', , , d = ''] = line.split(' ');
        if (word === 'begin' && a === 'import') pending = line.split(' ')[3]!;
        else if (word === 'imported') {
          imports.set(Number(a), d);
          pending = null;
        } else if (word === 'removed') imports.delete(Number(a));
      }
      return { imports, pending };
    },
    /** SIGKILL, wherever it holds. */
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
