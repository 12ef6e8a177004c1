/**
 * `npm run import` (the CLI, one process) killed with SIGKILL while it checks and writes a file leaves it imported
 * whole or not at all, as the moment of the kill says; an import it reported is there; and running the same command
 * again agrees: it imports the file, or refuses it as already imported.
 *
 * The CLI runs as npm runs it, with test/helpers/held-transactions.ts preloaded (the store is not changed): its
 * transaction reports each step and, in three of the runs, stops at one until the kill: just after it began (the
 * file not yet checked), once every row is inserted (not committed), once committed (not yet reported). Those
 * kills land at that step on any machine and the outcome is exact: not imported, not imported, imported. One more
 * run is killed as soon as it says it is checking the file: before its transaction or inside it, wherever the
 * machine's speed puts it; the outcome must then be whole or nothing. See test/local-store/kill.test.ts for the
 * loop of imports and removals killed the same way.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import type { TransactionStep } from '../helpers/held-transactions.ts';
import { withNewPeriods } from '../helpers/import-loop.ts';
import { killLeftovers, runKillable } from '../helpers/killable-process.ts';
import { PROJECT_ROOT } from '../helpers/paths.ts';
import { checkCopy, checkStore } from '../helpers/store-check.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'atlas-kill-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(killLeftovers);

/** Where each run is killed, and whether the file must then be in the database (undefined: either). */
const KILLS: { at: string; held: TransactionStep | null; imported?: boolean }[] = [
  { at: 'Checking ', held: null },
  { at: 'writing', held: 'writing', imported: false },
  { at: 'written', held: 'written', imported: false },
  { at: 'committed', held: 'committed', imported: true },
];

describe('the local database under kill -9', () => {
  it('npm run import killed while it checks and writes a file leaves it imported whole or not at all', async () => {
    const file = path.join(dir, 'cli', 'local.sqlite');
    mkdirSync(path.dirname(file));
    const example = readFileSync(path.join(PROJECT_ROOT, 'examples', 'indicator-population-dgcl.csv'), 'utf8');
    const cli = (csv: string, held: TransactionStep | null, killAt?: string) =>
      runKillable(
        ['scripts/import-local.ts', 'indicator', csv],
        { ATLAS_DB: inject('atlasDb'), ATLAS_LOCAL_DB: file, HOLD_TRANSACTIONS_AT: held ?? '' },
        killAt === undefined ? undefined : { line: new RegExp(`^${killAt}`), passes: 0 },
      );

    const outcomes: string[] = [];
    for (const [n, { at, held, imported: expected }] of KILLS.entries()) {
      const label = `run ${n + 1}, killed on "${at}"${held ? ', held there' : ''}`;
      const csv = path.join(dir, 'cli', `cli-${n + 1}-indicator-population-dgcl.csv`);
      writeFileSync(csv, withNewPeriods(example, `cli-${n + 1}`));
      const victim = cli(csv, held, at);
      const { signal } = await victim.exit;
      if (held) expect(signal, `${label}:\n${victim.output()}`).toBe('SIGKILL');
      const reported = victim.lines.some((l) => l.startsWith('Imported 13 values'));
      const imported = checkCopy(file, label).filter((i) => i.fileName === path.basename(csv));
      expect(imported.length, `${label}: imported at most once`).toBeLessThanOrEqual(1);
      if (reported) expect(imported, `${label}: reported imported`).toHaveLength(1);
      if (expected !== undefined) expect(imported.length === 1, `${label}: imported`).toBe(expected);
      outcomes.push(
        `${label}: ${signal === 'SIGKILL' ? 'killed' : 'ended before the kill'}, ` +
          `${imported.length === 0 ? 'not imported' : reported ? 'imported' : 'imported, not yet reported'}`,
      );

      // The same command again finds the file imported whole, or nothing of it.
      const again = cli(csv, null);
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
    console.info(`npm run import under kill -9: ${outcomes.join('; ')}`);
    expect(
      checkStore(file, 'after the CLI runs')
        .map((i) => i.fileName)
        .sort(),
    ).toEqual(KILLS.map((_, n) => `cli-${n + 1}-indicator-population-dgcl.csv`).sort());
  }, 120_000);
});
