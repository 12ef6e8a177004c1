import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { OGC_STYLESHEET, STYLESHEET_PATH } from '../ogc/html.ts';
import { prebuild, sendPrebuilt } from '../prebuilt.ts';

const stylesheet = readFileSync(OGC_STYLESHEET);

/**
 * GET /ogc/ogc.css: the stylesheet of the OGC API's HTML pages. Its ETag is a hash of the file, which changes
 * with a release of the code, not of the data.
 */
export async function ogcStyleRoutes(app: FastifyInstance) {
  const etag = `ogc-css-${createHash('sha1').update(stylesheet).digest('hex').slice(0, 16)}`;
  const css = prebuild(stylesheet, etag, 'text/css; charset=utf-8');
  app.get(STYLESHEET_PATH, (request, reply) => sendPrebuilt(request, reply, css));
}
