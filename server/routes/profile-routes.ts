import { COMMUNE_ID_PATTERN } from '../../vocabulary/commune-ids.ts';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { notFound } from '../api-error.ts';
import { perRelease, type LiveData } from '../live-data.ts';
import { baseUrlOf, chooseLanguage } from '../negotiate.ts';
import { prebuild, sendPrebuilt } from '../prebuilt.ts';
import { PROFILE_STYLESHEET, profilePage } from '../profile/profile-page.ts';
import { ResponseCache } from '../response-cache.ts';
import { LANGUAGES, type Language } from '../../vocabulary/languages.ts';

/** Rendered profiles kept per data release, the least recently used dropped first (5,276 communes × 5 languages of
 * 15 to 40 KB would be about 1 GB). */
const CACHE_BYTES = 32 * 1024 * 1024;
/** The dashboard's query string the profile links back to: what its URLs hold, nothing else. */
const VIEW = '^[A-Za-z0-9%._~=&,/:+-]{0,1000}$';

const stylesheet = readFileSync(PROFILE_STYLESHEET);

/**
 * GET /profile/{code}: a commune's profile, one printable page in the five languages (?lang=, else
 * Accept-Language), linking back to the atlas view it came from (?view=, the dashboard's query string).
 */
export async function profileRoutes(app: FastifyInstance, { live, basePath }: { live: LiveData; basePath: string }) {
  const cache = perRelease(live, () => new ResponseCache(CACHE_BYTES));
  const css = prebuild(stylesheet, `profile-css-${live.current.buildId}`, 'text/css; charset=utf-8');
  app.get('/profile/profile.css', (request, reply) => sendPrebuilt(request, reply, css));
  app.get(
    '/profile/:code',
    {
      schema: {
        summary: "A commune's profile: one printable HTML page of its values, medians, ranks, flows and services",
        tags: ['Profiles'],
        produces: ['text/html'],
        params: {
          type: 'object',
          additionalProperties: false,
          required: ['code'],
          properties: {
            code: {
              type: 'string',
              pattern: COMMUNE_ID_PATTERN,
              description: 'a commune id, such as 05093 or AT-80110',
            },
          },
        },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            lang: { type: 'string', enum: LANGUAGES, description: 'Language of the page (overrides Accept-Language)' },
            view: { type: 'string', pattern: VIEW, description: "The dashboard's query string to link back to" },
          },
        },
      },
    },
    (request, reply) => {
      const { code } = request.params as { code: string };
      const query = request.query as { lang?: Language; view?: string };
      const lang = chooseLanguage(query.lang, request.headers['accept-language']);
      const base = baseUrlOf(request, basePath);
      const view = query.view ?? new URLSearchParams({ commune: code, lang }).toString();
      const data = live.current;
      const key = `${code} ${lang} ${base} ${view}`;
      const page = cache().get(key, () => {
        const html = profilePage(data, code, lang, {
          css: 'profile.css',
          atlas: `${base}/?${view}`,
          language: (l) => `${code}?${new URLSearchParams({ lang: l, view }).toString()}`,
          source: (id) => `${base}/api/sources/${encodeURIComponent(id)}`,
        });
        if (html === null) throw notFound(`No commune "${code}"; /ogc/collections/communes/items lists them`);
        const etag = `${data.buildId}-profile-${createHash('sha1').update(key).digest('hex').slice(0, 16)}`;
        return prebuild(html, etag, 'text/html; charset=utf-8', {
          vary: 'Accept-Language',
          contentLanguage: lang,
          compression: 'fast',
        });
      });
      return sendPrebuilt(request, reply, page);
    },
  );
}
