/**
 * `npm run backup` and `npm run restore` against the real server (server/server.ts in a child process) while it
 * and an import loop in another process (test/helpers/import-loop.ts, as `npm run import` would) write the one
 * local database:
 *
 * - the loop and the API's slide edits take turns, the loop held at each step of each transaction
 *   (test/helpers/held-loop.ts); the backup runs while the loop holds an import's rows written and not committed,
 *   the write lock held: the backup does not wait for it, and its copy opens, passes integrity_check, holds every
 *   import whole, and holds exactly what was reported committed before it began (the loop's reported imports and
 *   the API's answers), not the held import, nor what was committed after it (an import, a slide edit);
 * - the restore of that copy, with the server still running and serving: the API then answers the imports and
 *   slides of the copy, the database as it was is kept aside whole, the server writes on; a file that is not a
 *   backup is refused by the command, naming it, and changes nothing.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { Slide } from '../../local-store/local-store.ts';
import type { ImportRecord } from '../../vocabulary/api-records.ts';
import { startHeldLoop } from '../helpers/held-loop.ts';
import { slide, workIn } from '../helpers/local-content.ts';
import { PROJECT_ROOT } from '../helpers/paths.ts';
import { startServer } from '../helpers/server-child.ts';
import { checkCopy } from '../helpers/store-check.ts';

const TOKEN = 'backup-live-write-token-7c41d09e';
const dir = mkdtempSync(path.join(tmpdir(), 'atlas-backup-live-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `npm run <script> -- args` as a person types it, on the test's local database. */
async function npmRun(script: string, args: string[], localDb: string) {
  const result = await promisify(execFile)('npm', ['run', '-s', script, '--', ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ATLAS_LOCAL_DB: localDb, npm_config_update_notifier: 'false' },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
  return { code: result.code, stdout: result.stdout, stderr: result.stderr };
}

describe('backup and restore while the server runs and writes', () => {
  it('backs up what was committed before the backup began, and restores it into the running server', async () => {
    const localDb = path.join(dir, 'local.sqlite');
    const server = startServer({ ATLAS_WRITE_TOKEN: TOKEN, ATLAS_LOCAL_DB: localDb });
    const { port } = await server.address;
    const api = async (method: string, url: string, body?: unknown, type = 'application/json') => {
      const response = await fetch(`http://127.0.0.1:${port}${url}`, {
        method,
        headers: { authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { 'content-type': type }) },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const served = async () => ({
      imports: (await api('GET', '/api/imports')).body.imports as ImportRecord[],
      slides: (await api('GET', '/api/slides')).body.slides as Slide[],
    });

    // Through the API: an import and a deck of three slides.
    const csv = readFileSync(path.join(PROJECT_ROOT, 'examples/indicator-population-dgcl.csv'), 'utf8');
    const imported = await api('POST', '/api/imports/indicator?name=api-dgcl.csv', csv, 'text/csv');
    expect(imported.status).toBe(201);
    const atStart = new Map([[(imported.body.import as ImportRecord).id, 'api-dgcl.csv']]);
    const deck = [];
    for (let n = 1; n <= 3; n++) deck.push((await api('POST', '/api/slides', slide(n))).body.slide as Slide);

    // The loop imports three files; while it holds each one committed, the server changes a slide's title.
    const loop = startHeldLoop({ atlasDb: inject('atlasDb'), localDb, tag: 'live', seed: 20261205 });
    await loop.next(/^ready 1$/);
    for (let edits = 0; edits < 3; loop.release()) {
      if ((await loop.held()) !== 'committed') continue;
      const edit = await api('PATCH', `/api/slides/${deck[edits % 3]!.id}`, { title: `Édition ${++edits}` });
      expect(edit.status).toBe(200);
    }
    // Then it holds its next import written, not committed, the write lock held, while the backup runs.
    while ((await loop.held()) !== 'written') loop.release();
    const { imports: reported, pending } = loop.reported(atStart);
    expect(pending).not.toBeNull();
    const before = await served();
    // What the server serves is what was reported: the API's import, the loop's as it told them.
    const byId = (imports: ImportRecord[]) => new Map(imports.map((i) => [i.id, i.fileName]));
    expect(byId(before.imports)).toEqual(reported);

    const copy = path.join(dir, 'backups', 'during-the-loop.sqlite');
    const backup = await npmRun('backup', [copy], localDb);
    expect(backup, 'npm run backup').toMatchObject({ code: 0, stderr: '' });
    const lastLine = backup.stdout.trimEnd().split('\n').at(-1);
    expect(lastLine).toMatch(/^Backed up to \S+: \d+ KB \(\d+ imports, 3 slides\) in \d+\.\d\d s$/);
    expect(lastLine).toContain(`Backed up to ${copy}: `);
    expect(lastLine).toContain(` (${before.imports.length} imports, 3 slides) `);

    // After the backup: the held import commits, and the server edits a slide once more.
    loop.release();
    expect(await loop.held()).toBe('committed');
    expect((await api('PATCH', `/api/slides/${deck[0]!.id}`, { title: 'Après la sauvegarde' })).status).toBe(200);
    loop.release();
    while ((await loop.held()) !== 'written') loop.release();
    const later = { reported: loop.reported(atStart).imports, served: await served() };
    await loop.kill();
    expect(byId(later.served.imports)).toEqual(later.reported);
    expect([...later.reported.values()]).toContain(pending);

    // The copy: sound, every import whole; exactly what the server served before the backup began.
    expect(checkCopy(copy, 'the backup')).toEqual(before.imports);
    expect(workIn(copy)).toEqual(before);
    expect(before.imports.map((i) => i.fileName)).not.toContain(pending);

    // A file that is not a backup: refused by the command, naming it; the server serves what it served.
    const readme = path.join(PROJECT_ROOT, 'README.md');
    const refused = await npmRun('restore', [readme], localDb);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `Not restored: ${readme} is not an SQLite database (it does not begin with "SQLite format 3"): expected a ` +
        "backup of the atlas's local database, as npm run backup writes\n",
    );
    expect(await served()).toEqual(later.served);

    // The restore, the server running: it then serves the copy; the database as it was is kept whole.
    const restore = await npmRun('restore', [copy], localDb);
    expect(restore, 'npm run restore').toMatchObject({ code: 0, stderr: '' });
    const aside = /\nThe database as it was is kept as (\S+): remove it when no longer needed\.\n$/.exec(
      restore.stdout,
    )?.[1];
    expect(aside, restore.stdout).toMatch(new RegExp(`^${localDb}\\.before-restore-[-0-9T]+Z$`));
    expect(await served()).toEqual(before);
    expect(checkCopy(aside!, 'the database kept aside')).toEqual(later.served.imports);
    expect(workIn(aside!)).toEqual(later.served);

    // The server writes on, on the restored deck.
    const added = await api('POST', '/api/slides', slide(4));
    expect(added.status).toBe(201);
    expect((added.body.slide as Slide).position).toBe(4);

    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(existsSync(copy)).toBe(true);
  }, 90_000);
});
