import { defineConfig } from 'vite';
import { precompress } from '../../../client/precompress.ts';

/** Built by the page benchmark into a temporary folder, never shipped; compressed like the dashboard. */
export default defineConfig({ root: import.meta.dirname, base: '/bare/', logLevel: 'warn', plugins: [precompress()] });
