import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    // Builds of the real database take about a second each; the slowest tests build several.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
