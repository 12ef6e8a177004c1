import { describe, expect, it } from 'vitest';
import { useOgcApi } from '../helpers/ogc-client.ts';

/** Caching of the data responses of /ogc and /api: weak ETags, 304 to a matching If-None-Match, one per variant. */

const { get, idsOf } = useOgcApi();

describe('caching', () => {
  const DATA_URLS = [
    '/ogc',
    '/ogc/conformance',
    '/ogc/api',
    '/ogc/collections',
    '/ogc/collections/communes',
    '/ogc/collections/communes/items',
    '/ogc/collections/communes/items/05023',
    '/ogc/collections/communes/queryables',
    '/ogc/collections/communes/items?f=csv',
    '/api/indicators',
    '/api/indicators/population',
    '/api/sources',
    '/api/sources/istat-census-2011',
  ];

  it('gives every data response a weak ETag and Cache-Control: public, no-cache', async () => {
    for (const url of DATA_URLS) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.headers.etag, url).toMatch(/^W\/"[^"]+"$/);
      expect(response.headers['cache-control'], url).toBe('public, no-cache');
    }
  });

  it('answers 304 with an empty body to If-None-Match with the ETag', async () => {
    for (const url of DATA_URLS) {
      const { headers } = await get(url);
      const again = await get(url, { 'if-none-match': headers.etag as string });
      expect(again.statusCode, url).toBe(304);
      expect(again.body, url).toBe('');
      expect(again.headers.etag, url).toBe(headers.etag);
      const other = await get(url, { 'if-none-match': 'W/"something-else"' });
      expect(other.statusCode, url).toBe(200);
    }
  });

  it('gives a different ETag to a different query, format or language', async () => {
    const pairs: [string, string, Record<string, string>?][] = [
      ['/ogc/collections/communes/items', '/ogc/collections/communes/items?limit=10'],
      ['/ogc/collections/communes/items?country=FR', '/ogc/collections/communes/items?country=IT'],
      ['/ogc/collections/communes/items', '/ogc/collections/communes/items?f=csv'],
      ['/ogc/collections', '/ogc/collections?lang=fr'],
      ['/ogc/collections', '/ogc/collections', { 'accept-language': 'it' }],
      [
        '/ogc/collections/communes/items/05023',
        `/ogc/collections/communes/items/${idsOf('communes').find((code) => code !== '05023')}`,
      ],
      ['/api/indicators/population', '/api/indicators/population?period=anpr-2026-01'],
      ['/api/indicators/population', '/api/indicators/population?f=csv'],
      ['/api/sources/istat-census-2011', '/api/sources/anpr-residenti-2026-01'],
    ];
    for (const [a, b, headers] of pairs) {
      const [first, second] = [await get(a), await get(b, headers)];
      expect(second.statusCode, b).toBe(200);
      expect(first.headers.etag, `${a} vs ${b}`).not.toBe(second.headers.etag);
      expect(
        (await get(b, { ...headers, 'if-none-match': first.headers.etag as string })).statusCode,
        `${a} vs ${b}`,
      ).toBe(200);
    }
  });

  it('answers the same body and ETag to the same request', async () => {
    const url = '/ogc/collections/rail-stations/items?limit=5';
    const [first, second] = [await get(url), await get(url)];
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(second.body).toBe(first.body);
  });
});
