import { defineConfig } from 'vite';
import { precompress } from './precompress.ts';

/**
 * The client builds into client/dist, which the server serves; the dev server proxies the API. Its assets are
 * linked relatively (base "./"), so the page also works under a reverse proxy's path prefix and from a static
 * host's folder.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 2048 },
  plugins: [precompress()],
  server: { proxy: { '/api': 'http://localhost:3000', '/ogc': 'http://localhost:3000' } },
});
