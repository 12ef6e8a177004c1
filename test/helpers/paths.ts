import path from 'node:path';
import { buildOptions, loadConfig } from '../../server/config.ts';
import { PROJECT_ROOT } from '../../vocabulary/project-root.ts';

/** The real mirror (ATLAS_MIRROR or ../shared/data) and this checkout's manifest and curated files. */
export const realOptions = buildOptions(loadConfig({ ATLAS_MIRROR: process.env.ATLAS_MIRROR }));
export const MIRROR = realOptions.mirror;
export const CLIENT_DIR = path.join(PROJECT_ROOT, 'client/dist');
export { PROJECT_ROOT };
