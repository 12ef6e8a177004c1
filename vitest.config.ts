import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Files that load the machine on their own: Chromium drawing WebGL in software, GDAL's programs, the tests that
 * kill child processes at chosen moments, the fuzz of tens of thousands of requests, and npm start's builds. They
 * run after the others, one file at a time, so that none of them shares the cores with another or with the light
 * files, and their run time does not depend on what else happens to run beside them.
 */
const HEAVY = [
  'test/browser/**/*.test.ts',
  'test/server/gdal-oapif.test.ts',
  'test/server/gis-files.test.ts',
  'test/local-store/kill*.test.ts',
  'test/import/build-killed.test.ts',
  'test/import/ensure-built.test.ts',
  'test/server/bad-input-*.test.ts',
];

const shared = {
  // Builds of the real database take about a second each; the slowest tests build several.
  testTimeout: 60_000,
  hookTimeout: 120_000,
};

export default defineConfig({
  test: {
    // Run once for both groups, before either: the real atlas and the client bundle.
    globalSetup: ['test/helpers/global-setup.ts'],
    projects: [
      {
        test: {
          ...shared,
          name: 'light',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...HEAVY],
          // app.inject tests and child servers mostly waiting on timers: two files at once even on two cores.
          maxWorkers: Math.max(2, availableParallelism() - 1),
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          ...shared,
          name: 'heavy',
          include: HEAVY,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
