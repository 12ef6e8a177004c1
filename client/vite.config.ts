import { defineConfig } from 'vite';

/** The client builds into client/dist, which the server serves; the dev server proxies the API. */
export default defineConfig({
  root: import.meta.dirname,
  build: { outDir: 'dist', emptyOutDir: true },
  server: { proxy: { '/api': 'http://localhost:3000', '/ogc': 'http://localhost:3000' } },
});
