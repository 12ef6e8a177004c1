import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { useOgcApi } from '../helpers/ogc-client.ts';

/** Brotli and gzip forms of the responses of /ogc and /api: the same bytes once decompressed, none under 1 KB. */

const { get, countOf } = useOgcApi();

describe('compression', () => {
  const URL_ALL = '/ogc/collections/communes/items?limit=10000';

  it('compresses the full communes items with brotli or gzip to the same bytes as the identity body', async () => {
    const identity = await get(URL_ALL);
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.headers.vary).toBe('Accept, Accept-Language, Accept-Encoding');
    expect(identity.json().numberReturned).toBe(countOf('communes'));
    const br = await get(URL_ALL, { 'accept-encoding': 'br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.rawPayload.length).toBeLessThan(identity.rawPayload.length);
    expect(brotliDecompressSync(br.rawPayload).equals(identity.rawPayload)).toBe(true);
    const gzip = await get(URL_ALL, { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).equals(identity.rawPayload)).toBe(true);
    expect(br.headers.etag).toBe(identity.headers.etag);
  });

  it('prefers brotli, honours q=0, and falls back to identity', async () => {
    expect((await get(URL_ALL, { 'accept-encoding': 'gzip, deflate, br' })).headers['content-encoding']).toBe('br');
    expect((await get(URL_ALL, { 'accept-encoding': 'br;q=0, gzip' })).headers['content-encoding']).toBe('gzip');
    expect((await get(URL_ALL, { 'accept-encoding': 'deflate' })).headers['content-encoding']).toBeUndefined();
  });

  it('compresses the indicator and source lists too', async () => {
    const identity = await get('/api/indicators/population');
    const gzip = await get('/api/indicators/population', { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).equals(identity.rawPayload)).toBe(true);
  });

  it('does not compress bodies under 1 KB', async () => {
    const response = await get('/ogc/conformance', { 'accept-encoding': 'br, gzip' });
    expect(response.rawPayload.length).toBeLessThan(1024);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.headers.vary).toBe('Accept, Accept-Language');
    expect(response.rawPayload.equals((await get('/ogc/conformance')).rawPayload)).toBe(true);
  });
});
