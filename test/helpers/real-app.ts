import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, inject } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { openAtlas, type Atlas } from '../../server/atlas-db.ts';
import { CLIENT_DIR } from './paths.ts';

export interface RealApp {
  atlas: Atlas;
  app: FastifyInstance;
}

/** The app as npm start wires it, on the database the global set-up built: opened before a file's tests, closed after. */
export function useRealApp(): RealApp {
  const real = {} as RealApp;
  beforeAll(async () => {
    real.atlas = openAtlas(inject('atlasDb'));
    real.app = await buildApp({ atlas: real.atlas, clientDir: CLIENT_DIR });
  });
  afterAll(async () => {
    await real.app.close();
    real.atlas.db.close();
  });
  return real;
}
