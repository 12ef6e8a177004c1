import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
import { openLocalStore, type LocalStore } from '../../local-store/local-store.ts';
import { buildApp } from '../../server/app.ts';
import { openAtlas, type Atlas } from '../../server/atlas-db.ts';
import { CLIENT_DIR } from './paths.ts';

export const TOKEN = 'planners-write-token-5f0c2a9e41';
export const AUTH = { authorization: `Bearer ${TOKEN}` };

/** An app as npm start wires it, on its own new local database. */
export interface Running {
  app: FastifyInstance;
  store: LocalStore;
  storePath: string;
  /** Closes the app, then its store. */
  stop: () => Promise<void>;
}

/**
 * For the tests of the planners' import routes: the real atlas, opened before a file's tests and closed after,
 * and apps on new local databases in a temp dir, removed after the file's tests.
 */
export function useImportAtlas() {
  const opened = {} as { atlas: Atlas };
  const dir = mkdtempSync(path.join(tmpdir(), 'atlas-import-routes-'));
  beforeAll(() => {
    opened.atlas = openAtlas(inject('atlasDb'));
  });
  afterAll(() => {
    opened.atlas.db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The app as npm start wires it, on a new local database: closed, with its store, by `stop`. */
  async function start(writeToken: string | null): Promise<Running> {
    const storePath = path.join(mkdtempSync(path.join(dir, 'local-')), 'local.sqlite');
    const store = openLocalStore(storePath);
    const app = await buildApp({ atlas: opened.atlas, clientDir: CLIENT_DIR, local: { store, writeToken } });
    return {
      app,
      store,
      storePath,
      stop: async () => {
        await app.close();
        store.close();
      },
    };
  }

  /** Starts a new app before each test of the enclosing describe and stops it after; `use` receives it. */
  function startEach(writeToken: string | null, use: (running: Running) => void) {
    beforeEach(async () => {
      const running = await start(writeToken);
      use(running);
      return running.stop;
    });
  }

  return { opened, start, startEach };
}
