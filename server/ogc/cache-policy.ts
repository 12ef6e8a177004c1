import { createHash } from 'node:crypto';
import type { Language } from '../../vocabulary/languages.ts';
import type { Format } from '../negotiate.ts';
import { prebuild, type Prebuilt } from '../prebuilt.ts';
import { ResponseCache } from '../response-cache.ts';
import { contentTypeOf, type Resource, type View } from './resource.ts';

/** Rendered responses kept in memory per data release, at most this many bytes of bodies. */
const CACHE_BYTES = 64 * 1024 * 1024;

export const responseCache = () => new ResponseCache(CACHE_BYTES);

/** What a request asks for once negotiated: the path is the request's own, query string included. */
export interface Asked {
  format: Format;
  lang: Language;
  base: string;
  path: string;
}

/**
 * The response to a request, rendered once per URL, format, language and host (the data of a release never
 * changes), then kept. Its weak ETag is the release and a hash of that key. Responses are rendered per query,
 * so they are compressed fast rather than small (see Prebuilt.compression).
 */
export function cachedResponse(
  cache: ResponseCache,
  buildId: string,
  asked: Asked,
  render: (view: View) => Resource,
): Prebuilt {
  const { format, lang, base, path } = asked;
  const key = `${format} ${lang} ${base}${path}`;
  return cache.get(key, () => {
    // The path is the one the atlas received, below any base path a reverse proxy serves it under.
    const resource = render({ format, lang, base, url: new URL(`${base}${path}`) });
    const etag = `${buildId}-${createHash('sha1').update(key).digest('hex').slice(0, 16)}`;
    return prebuild(resource.body, etag, contentTypeOf(format, resource), {
      vary: 'Accept, Accept-Language',
      contentLanguage: lang,
      compression: 'fast',
    });
  });
}
