import Fastify from 'fastify';
import { randomBytes } from 'node:crypto';
import { brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chooseEncoding, prebuild, prebuildJson, sendPrebuilt, type Prebuilt } from '../../server/prebuilt.ts';
import { ResponseCache } from '../../server/response-cache.ts';

/** Sends a prebuilt body through a real Fastify reply, as the routes do, and returns the bytes sent. */
async function serve(prebuilt: Prebuilt, encoding: string): Promise<Buffer> {
  const app = Fastify();
  app.get('/', (request, reply) => sendPrebuilt(request, reply, prebuilt));
  const response = await app.inject({ url: '/', headers: { 'accept-encoding': encoding } });
  await app.close();
  expect(response.headers['content-encoding']).toBe(encoding);
  return response.rawPayload;
}

describe('prebuild', () => {
  it('keeps a string body as UTF-8 bytes with a weak ETag, nothing compressed yet', () => {
    const prebuilt = prebuild('Briançon', 'build-1-x', 'text/plain; charset=utf-8');
    expect(prebuilt.body).toEqual(Buffer.from('Briançon', 'utf8'));
    expect(prebuilt.body.length).toBe(9);
    expect(prebuilt).toMatchObject({
      etag: 'W/"build-1-x"',
      contentType: 'text/plain; charset=utf-8',
      vary: null,
      contentLanguage: null,
      encoded: {},
    });
  });

  it('keeps a Buffer body as the same Buffer', () => {
    const body = Buffer.from([0, 1, 2, 255]);
    expect(prebuild(body, 'e', 'application/octet-stream').body).toBe(body);
  });

  it('records Vary and Content-Language when given', () => {
    const prebuilt = prebuild('x', 'e', 'text/html', { vary: 'Accept, Accept-Language', contentLanguage: 'fr' });
    expect([prebuilt.vary, prebuilt.contentLanguage]).toEqual(['Accept, Accept-Language', 'fr']);
    expect(prebuild('x', 'e', 'text/html', { contentLanguage: 'it' }).vary).toBeNull();
  });

  it('prebuildJson serialises the value, names the ETag after the build and the name', () => {
    const prebuilt = prebuildJson({ a: [1, 'é'], b: null }, 'b42', 'sources');
    expect(prebuilt.body.toString('utf8')).toBe('{"a":[1,"é"],"b":null}');
    expect(prebuilt.etag).toBe('W/"b42-sources"');
    expect(prebuilt.contentType).toBe('application/json; charset=utf-8');
  });
});

describe('chooseEncoding', () => {
  it('answers uncompressed without Accept-Encoding', () => {
    expect(chooseEncoding(undefined)).toBeNull();
    expect(chooseEncoding('')).toBeNull();
  });

  it('prefers brotli, then gzip', () => {
    expect(chooseEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(chooseEncoding('br')).toBe('br');
    expect(chooseEncoding('gzip, deflate')).toBe('gzip');
    expect(chooseEncoding('gzip')).toBe('gzip');
  });

  it('prefers brotli whatever the client q-values, as long as it accepts it', () => {
    expect(chooseEncoding('gzip;q=1, br;q=0.1')).toBe('br');
  });

  it('respects a refusal with q=0', () => {
    expect(chooseEncoding('br;q=0, gzip')).toBe('gzip');
    expect(chooseEncoding('br;q=0, gzip;q=0')).toBeNull();
    expect(chooseEncoding('gzip;q=0.0')).toBeNull();
    expect(chooseEncoding('gzip;q=0.000, br;q=0')).toBeNull();
  });

  it('reads "*" as every encoding not named', () => {
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('*;q=0')).toBeNull();
    expect(chooseEncoding('br;q=0, *')).toBe('gzip');
    expect(chooseEncoding('gzip;q=0, *;q=0.5')).toBe('br');
    expect(chooseEncoding('br;q=0, *;q=0')).toBeNull();
    expect(chooseEncoding('gzip, *;q=0')).toBe('gzip');
  });

  it('offers neither to clients asking only for other encodings', () => {
    expect(chooseEncoding('identity')).toBeNull();
    expect(chooseEncoding('deflate, zstd')).toBeNull();
    expect(chooseEncoding('x-gzip')).toBeNull();
    expect(chooseEncoding('gzipx, brotli')).toBeNull();
  });

  it('ignores case and spaces', () => {
    expect(chooseEncoding('GZIP')).toBe('gzip');
    expect(chooseEncoding('  Br ; Q=0 ,  gzip ; q=0.5 ')).toBe('gzip');
  });
});

/** A made-up response of `size` bytes. */
const bodyOf = (size: number, etag: string): Prebuilt => prebuild('x'.repeat(size), etag, 'text/plain');

/** A cache whose renders are counted per key. */
function countingCache(maxBytes: number) {
  const cache = new ResponseCache(maxBytes);
  const renders: string[] = [];
  return {
    renders,
    get(key: string, size: number) {
      return cache.get(key, () => {
        renders.push(key);
        return bodyOf(size, key);
      });
    },
  };
}

describe('ResponseCache', () => {
  it('renders a key once and answers the same response after', () => {
    const cache = countingCache(100);
    const first = cache.get('a', 10);
    expect(cache.get('a', 10)).toBe(first);
    expect(cache.get('a', 10)).toBe(first);
    expect(first.etag).toBe('W/"a"');
    expect(cache.renders).toEqual(['a']);
  });

  it('renders each key separately', () => {
    const cache = countingCache(100);
    expect(cache.get('a', 10).etag).toBe('W/"a"');
    expect(cache.get('b', 10).etag).toBe('W/"b"');
    expect(cache.renders).toEqual(['a', 'b']);
  });

  it('keeps everything while the bodies fit the budget, the budget included', () => {
    const cache = countingCache(30);
    for (const key of ['a', 'b', 'c']) cache.get(key, 10);
    for (const key of ['a', 'b', 'c']) cache.get(key, 10);
    expect(cache.renders).toEqual(['a', 'b', 'c']);
  });

  it('drops the oldest entry first once the budget is passed', () => {
    const cache = countingCache(30);
    for (const key of ['a', 'b', 'c', 'd']) cache.get(key, 10);
    cache.get('d', 10);
    cache.get('c', 10);
    cache.get('b', 10);
    expect(cache.renders).toEqual(['a', 'b', 'c', 'd']);
    cache.get('a', 10); // dropped: rendered again, which drops d, now the least recently used
    expect(cache.renders).toEqual(['a', 'b', 'c', 'd', 'a']);
    cache.get('b', 10);
    cache.get('c', 10);
    expect(cache.renders).toEqual(['a', 'b', 'c', 'd', 'a']);
    cache.get('d', 10);
    expect(cache.renders).toEqual(['a', 'b', 'c', 'd', 'a', 'd']);
  });

  it('drops the least recently used, not the least recently rendered', () => {
    const cache = countingCache(30);
    for (const key of ['a', 'b', 'c']) cache.get(key, 10);
    cache.get('a', 10); // a is now the most recently used; b the least
    cache.get('d', 10);
    cache.get('a', 10);
    cache.get('c', 10);
    cache.get('d', 10);
    expect(cache.renders).toEqual(['a', 'b', 'c', 'd']);
    cache.get('b', 10);
    expect(cache.renders).toEqual(['a', 'b', 'c', 'd', 'b']);
  });

  it('drops as many old entries as the new one needs', () => {
    const cache = countingCache(30);
    for (const key of ['a', 'b', 'c']) cache.get(key, 10);
    cache.get('big', 25); // 55 bytes: a, b and c go (25 left)
    cache.get('big', 25);
    expect(cache.renders).toEqual(['a', 'b', 'c', 'big']);
    cache.get('c', 5); // 30 bytes: fits with big
    cache.get('big', 25);
    expect(cache.renders).toEqual(['a', 'b', 'c', 'big', 'c']);
  });

  it('never drops the newest entry, even larger than the whole budget', () => {
    const cache = countingCache(30);
    cache.get('a', 10);
    const huge = cache.get('huge', 100);
    expect(cache.get('huge', 100)).toBe(huge);
    expect(cache.renders).toEqual(['a', 'huge']);
    cache.get('a', 10); // a was dropped for huge; huge goes now for a
    expect(cache.renders).toEqual(['a', 'huge', 'a']);
    cache.get('a', 10);
    cache.get('huge', 100);
    expect(cache.renders).toEqual(['a', 'huge', 'a', 'huge']);
  });

  it('keeps only the newest entry with a zero budget', () => {
    const cache = countingCache(0);
    expect(cache.get('a', 1).body.length).toBe(1);
    expect(cache.get('b', 1).body.length).toBe(1);
    cache.get('b', 1);
    cache.get('a', 1);
    expect(cache.renders).toEqual(['a', 'b', 'a']);
  });

  it('counts bytes, not characters', () => {
    const cache = new ResponseCache(4);
    const renders: string[] = [];
    const get = (key: string, text: string) =>
      cache.get(key, () => {
        renders.push(key);
        return prebuild(text, key, 'text/plain');
      });
    get('ascii', 'ab'); // 2 bytes
    get('accented', 'éé'); // 4 bytes: 6 in all, ascii dropped
    get('accented', 'éé');
    get('ascii', 'ab');
    expect(renders).toEqual(['ascii', 'accented', 'ascii']);
  });

  it('counts the compressed forms in the budget as they are made, and drops old entries for them', async () => {
    const cache = new ResponseCache(3_000);
    const renders: string[] = [];
    const get = (key: string) =>
      cache.get(key, () => {
        renders.push(key);
        // Random-looking text barely compresses: each compressed form is about as large as the body.
        return prebuild(randomBytes(1_200).toString('base64').slice(0, 1_200), key, 'text/plain', {
          compression: 'fast',
        });
      });
    get('a');
    get('b');
    expect(cache.size).toBe(2_400);
    await serve(get('b'), 'gzip');
    expect(cache.size).toBeGreaterThan(3_000 - 1_200);
    expect(cache.size).toBeLessThanOrEqual(3_000);
    get('a');
    expect(renders).toEqual(['a', 'b', 'a']);
  });
});

describe('compression levels', () => {
  it(
    'compresses per-release bodies at the highest ' + 'levels and per-query renders at fast ones, both decodable',
    async () => {
      const text = JSON.stringify(
        Array.from({ length: 2_000 }, (_, i) => ({ code: String(i).padStart(5, '0'), value: i * 1.5 })),
      );
      const sizes: Record<string, number> = {};
      for (const compression of ['max', 'fast'] as const) {
        const sent = await serve(prebuild(text, compression, 'application/json', { compression }), 'br');
        expect(brotliDecompressSync(sent).toString()).toBe(text);
        sizes[compression] = sent.length;
      }
      expect(sizes.max).toBeLessThan(sizes.fast!);
    },
  );
});
