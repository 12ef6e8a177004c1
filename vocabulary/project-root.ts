import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder: the default data, client and curated paths are relative to it. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
