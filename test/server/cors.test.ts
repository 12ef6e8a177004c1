import { describe, expect, it } from 'vitest';
import { HOST, useOgcApi } from '../helpers/ogc-client.ts';

/** CORS on /ogc and /api: any origin may read them and their ETags; the page has no CORS header. */

const { real, get } = useOgcApi();

describe('CORS', () => {
  it('lets any origin read the API and its ETag', async () => {
    for (const url of ['/ogc/collections', '/api/indicators']) {
      const response = await get(url, { origin: 'https://example.org' });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['access-control-allow-origin'], url).toBe('*');
      const exposed = String(response.headers['access-control-expose-headers'])
        .split(/,\s*/)
        .map((h) => h.toLowerCase());
      expect(exposed, url).toContain('etag');
      expect(exposed, url).toContain('content-language');
    }
  });

  it('answers the pre-flight of a conditional GET', async () => {
    for (const url of ['/ogc/collections/communes/items', '/api/indicators/population']) {
      const response = await real.app.inject({
        method: 'OPTIONS',
        url,
        headers: {
          host: HOST,
          origin: 'https://example.org',
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'if-none-match',
        },
      });
      expect(response.statusCode, url).toBe(204);
      expect(response.body, url).toBe('');
      expect(response.headers['access-control-allow-origin'], url).toBe('*');
      const methods = String(response.headers['access-control-allow-methods']).split(/,\s*/);
      expect(methods, url).toContain('GET');
      const allowed = String(response.headers['access-control-allow-headers'])
        .split(/,\s*/)
        .map((h) => h.toLowerCase());
      expect(allowed, url).toContain('if-none-match');
    }
  });

  it('keeps CORS headers on errors of the API', async () => {
    const response = await get('/ogc/collections/communes/items?limit=0', { origin: 'https://example.org' });
    expect(response.statusCode).toBe(400);
    expect(response.headers['access-control-allow-origin']).toBe('*');
  });

  it('gives the page no CORS header', async () => {
    const response = await get('/', { origin: 'https://example.org' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(response.headers['access-control-expose-headers']).toBeUndefined();
  });
});
