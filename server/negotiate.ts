import type { FastifyRequest } from 'fastify';
import { ApiError } from './api-error.ts';

import { bestLanguage, type Language } from '../vocabulary/languages.ts';

export type Format = 'json' | 'csv' | 'html' | 'gpkg' | 'fgb';

/** The media types each format answers with (JSON resources use one of these, per resource). */
const MEDIA_OF_FORMAT: Record<Format, string[]> = {
  json: ['application/json', 'application/geo+json', 'application/schema+json', 'application/vnd.oai.openapi+json'],
  csv: ['text/csv'],
  html: ['text/html'],
  gpkg: ['application/geopackage+sqlite3'],
  fgb: ['application/flatgeobuf'],
};

interface MediaRange {
  type: string;
  subtype: string;
  q: number;
  index: number;
}

function mediaRanges(header: string): MediaRange[] {
  return header.split(',').flatMap((part, index) => {
    const [value, ...params] = part.trim().toLowerCase().split(';');
    const [type, subtype] = value!.trim().split('/');
    if (!type || !subtype) return [];
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
    return [{ type, subtype, q: q ? Number(q[1]) : 1, index }];
  });
}

/** The range that decides a media type's quality: the most specific one matching it (RFC 9110 §12.5.1). */
function decidingRange(ranges: MediaRange[], media: string): MediaRange | undefined {
  const [type, subtype] = media.split('/');
  const specificity = (r: MediaRange) =>
    r.type === type && r.subtype === subtype
      ? 2
      : r.type === type && r.subtype === '*'
        ? 1
        : r.type === '*' && r.subtype === '*'
          ? 0
          : -1;
  return ranges.filter((r) => specificity(r) >= 0).sort((a, b) => specificity(b) - specificity(a))[0];
}

/**
 * The format of a response: the f parameter if given (the route schema has checked it is offered), else the
 * offered format the Accept header prefers (by q, then by the order of the header, then by the order offered).
 */
export function chooseFormat(f: Format | undefined, accept: string | undefined, offered: readonly Format[]): Format {
  if (f) return f;
  if (!accept || accept.trim() === '') return offered[0]!;
  const ranges = mediaRanges(accept);
  let best: { format: Format; q: number; index: number } | null = null;
  for (const format of offered) {
    for (const media of MEDIA_OF_FORMAT[format]) {
      const range = decidingRange(ranges, media);
      if (!range || range.q <= 0) continue;
      if (!best || range.q > best.q || (range.q === best.q && range.index < best.index))
        best = { format, q: range.q, index: range.index };
    }
  }
  if (best) return best.format;
  throw new ApiError(
    406,
    'NotAcceptable',
    `Header "Accept": expected one of ${offered.map((f) => f.toUpperCase()).join(', ')} (or use the f parameter), ` +
      `got ${JSON.stringify(accept)}`,
  );
}

/** Language tags of Accept-Language, best first. */
function ranked(header: string): string[] {
  return header
    .split(',')
    .map((part, index) => {
      const [value, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
      return { value: value!.trim(), q: q ? Number(q[1]) : 1, index };
    })
    .filter((r) => r.q > 0 && r.value !== '')
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((r) => r.value);
}

/** The lang parameter if given, else the best supported language of Accept-Language, else English. */
export function chooseLanguage(lang: Language | undefined, acceptLanguage: string | undefined): Language {
  return lang ?? bestLanguage(ranked(acceptLanguage ?? ''));
}

const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?$/;

/**
 * The scheme, host and base path of absolute links, from the request: behind a trusted reverse proxy, the scheme
 * and host the client used (X-Forwarded-Proto, X-Forwarded-Host) and the path prefix the proxy serves the atlas
 * under (ATLAS_BASE_PATH). A malformed host is refused.
 */
export function baseUrlOf(request: FastifyRequest, basePath = ''): string {
  // Fastify's request.host is the Host header, or X-Forwarded-Host when the proxy is trusted (trustProxy).
  const host = request.host as string | undefined;
  const port = host ? HOST.exec(host)?.[1] : undefined;
  if (!host || !HOST.test(host) || Number(port ?? 0) > 65535)
    throw new ApiError(
      400,
      'InvalidParameterValue',
      `Header "Host": expected a host name and optional port, got ${JSON.stringify(host ?? null)}`,
    );
  return `${request.protocol}://${host}${basePath}`;
}
