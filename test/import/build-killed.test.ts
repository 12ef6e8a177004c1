import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { MIRROR, PROJECT_ROOT } from '../helpers/paths.ts';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const buildIdOf = (file: string) => {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const id = db.prepare("SELECT value FROM meta WHERE key = 'build_id'").pluck().get();
  db.close();
  return id;
};

/** Runs `npm run build:data`'s script in one process (no tsx wrapper), so SIGKILL hits the build itself. */
function runBuild(dbPath: string, killAfterLine?: RegExp) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/build-data.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ATLAS_DB: dbPath, ATLAS_MIRROR: MIRROR },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk;
    if (killAfterLine?.test(output)) child.kill('SIGKILL');
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  return new Promise<{ code: number | null; signal: string | null; output: string }>((done) =>
    child.on('close', (code, signal) => done({ code, signal, output })),
  );
}

describe('a build killed midway', () => {
  it('leaves the previous database untouched, and the next build cleans up and succeeds', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'atlas-kill-'));
    const dbPath = path.join(dir, 'atlas.sqlite');
    copyFileSync(inject('atlasDb'), dbPath);
    const before = sha(dbPath);

    const killed = await runBuild(dbPath, /✓ communes/);
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.output).not.toMatch(/✓ layers/);
    expect(sha(dbPath)).toBe(before);
    expect(buildIdOf(dbPath)).toBe(buildIdOf(inject('atlasDb')));
    // What the killed process was writing is still there, beside the database and never under its name.
    expect(
      readdirSync(dir)
        .filter((f) => f !== 'atlas.sqlite')
        .every((f) => f.startsWith('atlas.sqlite.tmp-')),
    ).toBe(true);
    expect(readdirSync(dir).length).toBeGreaterThan(1);

    const next = await runBuild(dbPath);
    expect(next.output).toMatch(/✓ checks/);
    expect(next.code).toBe(0);
    expect(readdirSync(dir)).toEqual(['atlas.sqlite']);
    expect(buildIdOf(dbPath)).toBe(buildIdOf(inject('atlasDb')));
  });
});
