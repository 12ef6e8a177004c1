import { defineConfig } from 'vite';
import { precompress } from './precompress.ts';

/** The client builds into client/dist, which the server serves; the dev server proxies the API. */
export default defineConfig({
  root: import.meta.dirname,
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 2048 },
  plugins: [precompress()],
  server: { proxy: { '/api': 'http://localhost:3000', '/ogc': 'http://localhost:3000' } },
});
