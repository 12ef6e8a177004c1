import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

type Encoding = 'br' | 'gzip';

/**
 * A response body computed once and kept as a Buffer: sending a Buffer costs no serialisation or
 * re-encoding per request (ARCHITECTURE.md, notes on this stack). Its compressed forms are made once, on first demand,
 * off the
 * event loop (zlib's thread pool). The ETag is weak: the same content may travel in three encodings.
 */
export interface Prebuilt {
  body: Buffer;
  etag: string;
  contentType: string;
  /** Headers the representation varies on, beyond Accept-Encoding. */
  vary: string | null;
  contentLanguage: string | null;
  /**
   * 'max' for bodies made once per data release (layers, basemap): the smallest transfer is worth the
   * time. 'fast' for responses rendered per query: brotli at quality 11 takes about 180 ms for 125 KB,
   * and a client asking for ever new bboxes would otherwise keep the thread pool busy for everyone.
   */
  compression: 'max' | 'fast';
  encoded: Partial<Record<Encoding, Promise<Buffer>>>;
  /** Bytes of the compressed forms made so far; told to `onEncoded` (the response cache's budget) as they come. */
  encodedBytes: number;
  onEncoded: ((bytes: number) => void) | null;
}

/**
 * Browsers and proxies keep a response but revalidate it with the ETag before each use (a 304 is a few
 * bytes): a planner's import changes the data at any moment, and nobody should see the figures of before.
 */
const CACHE_CONTROL = 'public, no-cache';
/** Below this size compression saves less than it costs. */
const MIN_COMPRESSED_SIZE = 1024;

export function prebuild(
  body: string | Buffer,
  etag: string,
  contentType: string,
  {
    vary = null,
    contentLanguage = null,
    compression = 'max',
  }: { vary?: string | null; contentLanguage?: string | null; compression?: 'max' | 'fast' } = {},
): Prebuilt {
  return {
    body: typeof body === 'string' ? Buffer.from(body) : body,
    etag: `W/"${etag}"`,
    contentType,
    vary,
    contentLanguage,
    compression,
    encoded: {},
    encodedBytes: 0,
    onEncoded: null,
  };
}

export function prebuildJson(value: unknown, buildId: string, name: string): Prebuilt {
  return prebuild(JSON.stringify(value), `${buildId}-${name}`, 'application/json; charset=utf-8');
}

const LEVELS = { max: { br: 11, gzip: 9 }, fast: { br: 5, gzip: 6 } } as const;

function compress(prebuilt: Prebuilt, encoding: Encoding): Promise<Buffer> {
  const level = LEVELS[prebuilt.compression][encoding];
  prebuilt.encoded[encoding] ??= (
    encoding === 'br'
      ? brotli(prebuilt.body, {
          params: { [constants.BROTLI_PARAM_QUALITY]: level, [constants.BROTLI_PARAM_SIZE_HINT]: prebuilt.body.length },
        })
      : gzipAsync(prebuilt.body, { level })
  ).then((encoded) => {
    prebuilt.encodedBytes += encoded.length;
    prebuilt.onEncoded?.(encoded.length);
    return encoded;
  });
  return prebuilt.encoded[encoding]!;
}

/** The encoding to answer with: brotli, then gzip, if the client accepts it (q > 0). */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding | null {
  if (!acceptEncoding) return null;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
    accepted.set(name!.trim(), q ? Number(q[1]) : 1);
  }
  const wildcard = accepted.get('*') ?? 0;
  for (const encoding of ['br', 'gzip'] as const) {
    if ((accepted.get(encoding) ?? wildcard) > 0) return encoding;
  }
  return null;
}

function etagMatches(ifNoneMatch: string, etag: string): boolean {
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((tag) => opaque(tag) === opaque(etag));
}

/** Sends the body, or 304 to a matching If-None-Match; synchronous unless a compressed form must be awaited. */
export function sendPrebuilt(
  request: FastifyRequest,
  reply: FastifyReply,
  prebuilt: Prebuilt,
): FastifyReply | Promise<FastifyReply> {
  const compressible = prebuilt.body.length >= MIN_COMPRESSED_SIZE;
  reply.header('ETag', prebuilt.etag).header('Cache-Control', CACHE_CONTROL);
  const vary = [prebuilt.vary, compressible ? 'Accept-Encoding' : null].filter(Boolean).join(', ');
  if (vary) reply.header('Vary', vary);
  if (prebuilt.contentLanguage) reply.header('Content-Language', prebuilt.contentLanguage);
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch && etagMatches(ifNoneMatch, prebuilt.etag)) return reply.code(304).send();
  reply.type(prebuilt.contentType);
  const encoding = compressible ? chooseEncoding(request.headers['accept-encoding']) : null;
  if (encoding === null) return reply.send(prebuilt.body);
  reply.header('Content-Encoding', encoding);
  return compress(prebuilt, encoding).then((compressed) => reply.send(compressed));
}
