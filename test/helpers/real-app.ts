import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, inject } from 'vitest';
import { openLocalStore, type LocalStore } from '../../local-store/local-store.ts';
import { buildApp } from '../../server/app.ts';
import { openAtlas, type Atlas } from '../../server/atlas-db.ts';
import { CLIENT_DIR } from './paths.ts';

export interface RealApp {
  atlas: Atlas;
  app: FastifyInstance;
  /** The planners' local database, empty at the start, in a temporary folder. */
  local: LocalStore;
}

/**
 * The app as npm start wires it, on the database the global set-up built and an empty local database of
 * imports in a temporary folder: opened before a file's tests, closed after. Without a write token, imports
 * through the API are off, as they are for npm start without ATLAS_WRITE_TOKEN.
 */
export function useRealApp({ writeToken = null }: { writeToken?: string | null } = {}): RealApp {
  const real = {} as RealApp;
  const dir = mkdtempSync(path.join(tmpdir(), 'atlas-local-'));
  beforeAll(async () => {
    real.atlas = openAtlas(inject('atlasDb'));
    real.local = openLocalStore(path.join(dir, 'local.sqlite'));
    real.app = await buildApp({ atlas: real.atlas, clientDir: CLIENT_DIR, local: { store: real.local, writeToken } });
  });
  afterAll(async () => {
    await real.app.close();
    real.atlas.db.close();
    real.local.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return real;
}
