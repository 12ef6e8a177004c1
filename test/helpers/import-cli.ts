import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { inject } from 'vitest';
import { PROJECT_ROOT } from './paths.ts';

const run = promisify(execFile);

/**
 * `npm run import -- ARGS` as a child process on the test atlas, with extra environment (ATLAS_LOCAL_DB): its exit
 * code and what it printed (stdout, then stderr when it failed).
 */
export function importCli(env: Record<string, string>, ...args: string[]): Promise<{ code: number; out: string }> {
  return run(process.execPath, ['--import', 'tsx', 'scripts/import-local.ts', ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ATLAS_DB: inject('atlasDb'), ...env },
  }).then(
    ({ stdout }) => ({ code: 0, out: stdout }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
  );
}
