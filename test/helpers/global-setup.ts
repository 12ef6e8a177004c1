import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import 'vitest';
import { build } from 'vite';
import { buildAtlas } from '../../scripts/import/build.ts';
import { PROJECT_ROOT, realOptions } from './paths.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    atlasDb: string;
  }
}

/** Builds the real atlas once, from the real mirror, for every test that reads it; and the client bundle. */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(tmpdir(), 'atlas-test-'));
  const dbPath = path.join(dir, 'atlas.sqlite');
  await buildAtlas({ ...realOptions, dbPath, log: () => {} });
  await build({ configFile: path.join(PROJECT_ROOT, 'client/vite.config.ts'), logLevel: 'warn' });
  project.provide('atlasDb', dbPath);
  return () => rmSync(dir, { recursive: true, force: true });
}
