import type { FastifyRequest } from 'fastify';
import { ApiError } from './api-error.ts';

export const LANGUAGES = ['en', 'fr', 'it', 'de', 'sl'] as const;
export type Language = (typeof LANGUAGES)[number];

export type Format = 'json' | 'csv' | 'html';

const FORMAT_OF_MEDIA: [RegExp, Format][] = [
  [/^application\/(geo\+)?json$/, 'json'],
  [/^application\/[\w.+-]*\+json$/, 'json'],
  [/^text\/csv$/, 'csv'],
  [/^text\/html$/, 'html'],
];

/** Media ranges of an Accept-like header, best first (by q, then by order). */
function ranked(header: string): string[] {
  return header.split(',')
    .map((part, index) => {
      const [value, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
      return { value: value!.trim(), q: q ? Number(q[1]) : 1, index };
    })
    .filter((r) => r.q > 0 && r.value !== '')
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((r) => r.value);
}

/**
 * The format of a response: the f parameter if given (the route schema has checked it is offered), else the
 * best offered match of the Accept header, else the first offered format.
 */
export function chooseFormat(f: Format | undefined, accept: string | undefined, offered: readonly Format[]): Format {
  if (f) return f;
  if (!accept) return offered[0]!;
  for (const media of ranked(accept)) {
    if (media === '*/*' || media === 'application/*') return offered[0]!;
    const format = FORMAT_OF_MEDIA.find(([pattern]) => pattern.test(media))?.[1];
    if (format && offered.includes(format)) return format;
  }
  throw new ApiError(406, 'NotAcceptable', `Header "Accept": expected one of ${offered.map((f) => f.toUpperCase()).join(', ')} (or use the f parameter), got ${JSON.stringify(accept)}`);
}

/** The lang parameter if given, else the best supported language of Accept-Language, else English. */
export function chooseLanguage(lang: Language | undefined, acceptLanguage: string | undefined): Language {
  if (lang) return lang;
  for (const tag of ranked(acceptLanguage ?? '')) {
    const primary = tag.split('-')[0] as Language;
    if (LANGUAGES.includes(primary)) return primary;
  }
  return 'en';
}

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/** The scheme and host of absolute links, from the request; a malformed Host header is refused. */
export function baseUrlOf(request: FastifyRequest): string {
  const host = request.headers.host;
  if (!host || !HOST.test(host)) throw new ApiError(400, 'InvalidParameterValue', `Header "Host": expected a host name and optional port, got ${JSON.stringify(host ?? null)}`);
  return `${request.protocol}://${host}`;
}
