import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, realOptions } from '../helpers/paths.ts';

/**
 * `npm start`'s build-or-skip rules, as the README states them: "later starts skip the database unless the data
 * manifest, a curated file or an importer changed, and the client unless a file under client/ or package-lock.json
 * changed". scripts/ensure-built.ts (npm's prestart) runs as npm runs it, in a copy of the checkout (its sources,
 * data/*.json, package files; node_modules linked), so that the test may change inputs without touching this
 * checkout's build; the database goes to a temporary ATLAS_DB, built from the real mirror.
 *
 * What was built is read from what changed on disk, not only from what the script prints: the database's build id
 * and build time (meta), the client stamp (client/dist/.inputs-hash) and the page's modification time.
 */

const copy = mkdtempSync(path.join(tmpdir(), 'atlas-ensure-built-'));
const ENV = {
  ...process.env,
  ATLAS_DB: path.join(copy, 'build', 'atlas.sqlite'),
  ATLAS_MIRROR: realOptions.mirror,
  ATLAS_CACHE: path.join(copy, 'build', 'cache'),
};
const DIST_PAGE = path.join(copy, 'client', 'dist', 'index.html');
const STAMP = path.join(copy, 'client', 'dist', '.inputs-hash');

beforeAll(() => {
  for (const dir of ['scripts', 'server', 'local-store', 'vocabulary', 'client']) {
    cpSync(path.join(PROJECT_ROOT, dir), path.join(copy, dir), {
      recursive: true,
      filter: (src) => !src.startsWith(path.join(PROJECT_ROOT, 'client', 'dist')),
    });
  }
  cpSync(path.join(PROJECT_ROOT, 'data'), path.join(copy, 'data'), {
    recursive: true,
    filter: (src) => src === path.join(PROJECT_ROOT, 'data') || /\.(json|md)$/.test(src),
  });
  for (const file of ['package.json', 'package-lock.json', 'tsconfig.json']) {
    cpSync(path.join(PROJECT_ROOT, file), path.join(copy, file));
  }
  symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(copy, 'node_modules'));
  mkdirSync(path.dirname(ENV.ATLAS_DB));
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

/** What is built: the database's build id and time, the client's stamp and the page's modification time. */
function built() {
  const db = new Database(ENV.ATLAS_DB, { readonly: true, fileMustExist: true });
  try {
    const meta = Object.fromEntries(
      (db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((r) => [
        r.key,
        r.value,
      ]),
    );
    return {
      database: { build: meta.build_id, at: meta.built_at },
      client: { stamp: statSync(STAMP).mtimeMs, page: statSync(DIST_PAGE).mtimeMs },
    };
  } finally {
    db.close();
  }
}

/** Runs the prestart script in the copy; resolves to the lines it printed. */
async function start(): Promise<string[]> {
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'scripts/ensure-built.ts'],
    {
      cwd: copy,
      env: ENV,
    },
  );
  return `${stdout}${stderr}`.split('\n').filter((line) => line !== '');
}

/** The lines that say what the script builds; the database build also prints each of its steps. */
const VERDICTS = /^(First start|The data sources or importers changed|Database ready|Building the client|Client ready)/;
const DATABASE_REBUILT = [
  'The data sources or importers changed: rebuilding the atlas database.',
  expect.stringMatching(/^Database ready in [\d.]+ s\.$/),
];
const CLIENT_REBUILT = ['Building the client bundle (Vite)…', 'Client ready.'];

describe('npm start builds what is missing or stale, and nothing else', () => {
  it('builds both on the first start', async () => {
    expect((await start()).filter((line) => VERDICTS.test(line))).toEqual([
      'First start: building the atlas database.',
      expect.stringMatching(/^Database ready in [\d.]+ s\.$/),
      ...CLIENT_REBUILT,
    ]);
    expect(built().database.build).toMatch(/^[0-9a-f]{16}$/);
  });

  /** Each change, and what it must rebuild. */
  const CHANGES: { what: string; file: string; append: string; database: boolean; client: boolean }[] = [
    { what: 'nothing', file: '', append: '', database: false, client: false },
    { what: 'the server (not an input)', file: 'server/app.ts', append: '// x\n', database: false, client: false },
    { what: 'a README (not an input)', file: 'data/README.md', append: '\n', database: false, client: false },
    { what: 'the data manifest', file: 'data/sources.json', append: '\n', database: true, client: false },
    { what: 'a curated file', file: 'data/regions.json', append: '\n', database: true, client: false },
    { what: 'an importer', file: 'scripts/import/regions.ts', append: '// x\n', database: true, client: false },
    { what: 'a file under client/', file: 'client/src/format.ts', append: '// x\n', database: false, client: true },
    { what: 'package-lock.json', file: 'package-lock.json', append: '\n', database: false, client: true },
    {
      what: 'the vocabulary both import',
      file: 'vocabulary/languages.ts',
      append: '// x\n',
      database: true,
      client: true,
    },
  ];
  for (const { what, file, append, database, client } of CHANGES) {
    const rebuilt = [database && 'the database', client && 'the client'].filter(Boolean).join(' and ');
    it(`after a change to ${what}: rebuilds ${rebuilt || 'nothing'}`, async () => {
      const before = built();
      if (file) appendFileSync(path.join(copy, file), append);
      const printed = await start();
      const after = built();
      if (!database && !client) expect(printed).toEqual([]);
      expect(printed.filter((line) => VERDICTS.test(line))).toEqual([
        ...(database ? DATABASE_REBUILT : []),
        ...(client ? CLIENT_REBUILT : []),
      ]);
      if (database) {
        expect(after.database.at).not.toBe(before.database.at);
        expect(after.database.build).not.toBe(before.database.build);
      } else expect(after.database).toEqual(before.database);
      if (client) {
        expect(after.client.stamp).toBeGreaterThan(before.client.stamp);
        expect(after.client.page).toBeGreaterThan(before.client.page);
      } else expect(after.client).toEqual(before.client);
    });
  }
});
