import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

type Encoding = 'br' | 'gzip';

/**
 * A response body computed once and kept as a Buffer: sending a Buffer costs no serialisation or
 * re-encoding per request (see DESIGN.md). Its compressed forms are made once, on first demand, off the
 * event loop (zlib's thread pool). The ETag is weak: the same content may travel in three encodings.
 */
export interface Prebuilt {
  body: Buffer;
  etag: string;
  contentType: string;
  /** Headers the representation varies on, beyond Accept-Encoding. */
  vary: string | null;
  contentLanguage: string | null;
  encoded: Partial<Record<Encoding, Promise<Buffer>>>;
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
  { vary = null, contentLanguage = null }: { vary?: string | null; contentLanguage?: string | null } = {},
): Prebuilt {
  return { body: typeof body === 'string' ? Buffer.from(body) : body, etag: `W/"${etag}"`, contentType, vary, contentLanguage, encoded: {} };
}

export function prebuildJson(value: unknown, buildId: string, name: string): Prebuilt {
  return prebuild(JSON.stringify(value), `${buildId}-${name}`, 'application/json; charset=utf-8');
}

function compress(prebuilt: Prebuilt, encoding: Encoding): Promise<Buffer> {
  prebuilt.encoded[encoding] ??= encoding === 'br'
    ? brotli(prebuilt.body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: prebuilt.body.length } })
    : gzipAsync(prebuilt.body, { level: 9 });
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
export function sendPrebuilt(request: FastifyRequest, reply: FastifyReply, prebuilt: Prebuilt): FastifyReply | Promise<FastifyReply> {
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
