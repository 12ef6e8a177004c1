import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../server/api-error.ts';
import { LANGUAGES } from '../../vocabulary/languages.ts';
import { baseUrlOf, chooseFormat, chooseLanguage, type Format } from '../../server/negotiate.ts';

function thrownBy(run: () => unknown): ApiError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error('expected an ApiError, nothing was thrown');
}

const ITEMS: readonly Format[] = ['json', 'csv', 'html'];
const META: readonly Format[] = ['json', 'html'];
const TABLES: readonly Format[] = ['json', 'csv'];

describe('chooseFormat', () => {
  it('takes the f parameter over any Accept header', () => {
    expect(chooseFormat('csv', 'text/html', ITEMS)).toBe('csv');
    expect(chooseFormat('html', 'application/json', ITEMS)).toBe('html');
    expect(chooseFormat('json', 'image/png', ITEMS)).toBe('json');
  });

  it('gives the first offered format without an Accept header', () => {
    expect(chooseFormat(undefined, undefined, ITEMS)).toBe('json');
    expect(chooseFormat(undefined, '', ITEMS)).toBe('json');
    expect(chooseFormat(undefined, undefined, ['html', 'json'])).toBe('html');
  });

  it('maps media types to formats', () => {
    expect(chooseFormat(undefined, 'application/json', ITEMS)).toBe('json');
    expect(chooseFormat(undefined, 'application/geo+json', ITEMS)).toBe('json');
    expect(chooseFormat(undefined, 'application/schema+json', ITEMS)).toBe('json');
    expect(chooseFormat(undefined, 'application/vnd.oai.openapi+json', META)).toBe('json');
    expect(chooseFormat(undefined, 'text/csv', ITEMS)).toBe('csv');
    expect(chooseFormat(undefined, 'text/html', ITEMS)).toBe('html');
  });

  it('ignores case, spaces and media type parameters', () => {
    expect(chooseFormat(undefined, 'Text/HTML', ITEMS)).toBe('html');
    expect(chooseFormat(undefined, ' text/csv ; charset=utf-8 ; header=present', ITEMS)).toBe('csv');
    expect(chooseFormat(undefined, 'application/vnd.oai.openapi+json;version=3.0', META)).toBe('json');
  });

  it('takes the first acceptable type in header order when q-values tie', () => {
    expect(chooseFormat(undefined, 'text/csv, text/html', ITEMS)).toBe('csv');
    expect(chooseFormat(undefined, 'text/html, text/csv', ITEMS)).toBe('html');
  });

  it('takes the highest q-value first, whatever the order', () => {
    expect(chooseFormat(undefined, 'text/csv;q=0.5, text/html;q=0.9', ITEMS)).toBe('html');
    expect(chooseFormat(undefined, 'application/json;q=0.1, text/csv', ITEMS)).toBe('csv');
    expect(chooseFormat(undefined, 'text/html; q=0.2, application/geo+json; q=0.3', ITEMS)).toBe('json');
  });

  it('answers a browser with HTML and a client asking for anything with the first offered format', () => {
    const browser = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
    expect(chooseFormat(undefined, browser, ITEMS)).toBe('html');
    expect(chooseFormat(undefined, browser, TABLES)).toBe('json');
    expect(chooseFormat(undefined, '*/*', ITEMS)).toBe('json');
    expect(chooseFormat(undefined, 'application/*', ITEMS)).toBe('json');
  });

  it('skips types it does not offer and those refused with q=0', () => {
    expect(chooseFormat(undefined, 'text/html, text/csv', TABLES)).toBe('csv');
    expect(chooseFormat(undefined, 'text/html;q=0, text/csv;q=0.1', ITEMS)).toBe('csv');
    expect(chooseFormat(undefined, 'image/png, */*;q=0.1', META)).toBe('json');
  });

  it('refuses with 406 when nothing acceptable is offered, naming the formats and the header', () => {
    const error = thrownBy(() => chooseFormat(undefined, 'image/png, text/plain', ITEMS));
    expect([error.statusCode, error.code, error.description]).toEqual([
      406,
      'NotAcceptable',
      'Header "Accept": expected one of JSON, CSV, HTML (or use the f parameter), got "image/png, text/plain"',
    ]);
    expect(thrownBy(() => chooseFormat(undefined, 'text/csv', META)).description).toBe(
      'Header "Accept": expected one of JSON, HTML (or use the f parameter), got "text/csv"',
    );
    expect(thrownBy(() => chooseFormat(undefined, 'text/html;q=0, */*;q=0', ITEMS)).statusCode).toBe(406);
    expect(thrownBy(() => chooseFormat(undefined, 'text/html', TABLES)).statusCode).toBe(406);
  });

  // Media ranges as RFC 9110 §12.5.1 has them: the most specific range decides a type's quality.
  it('matches "text/*" against the offered text formats', () => {
    expect(chooseFormat(undefined, 'text/*', ITEMS)).toBe('csv');
  });
  it('does not answer with a format the client refused with q=0 because "*/*" is also accepted', () => {
    expect(chooseFormat(undefined, 'text/csv;q=0, */*', ['csv', 'json'])).toBe('json');
  });
  it('answers "application/*" with an application type even when the first offered format is not one', () => {
    expect(chooseFormat(undefined, 'application/*', ['csv', 'json'])).toBe('json');
  });

  it('does not take a type that merely contains an offered one', () => {
    expect(thrownBy(() => chooseFormat(undefined, 'application/jsonx', ITEMS)).statusCode).toBe(406);
    expect(thrownBy(() => chooseFormat(undefined, 'xtext/html', ITEMS)).statusCode).toBe(406);
    expect(thrownBy(() => chooseFormat(undefined, 'text/html-fragment', ITEMS)).statusCode).toBe(406);
  });
});

describe('chooseLanguage', () => {
  it('offers English, French, Italian, German and Slovenian', () => {
    expect(LANGUAGES).toEqual(['en', 'fr', 'it', 'de', 'sl']);
  });

  it('takes the lang parameter over Accept-Language', () => {
    expect(chooseLanguage('it', 'fr-FR,fr;q=0.9')).toBe('it');
    expect(chooseLanguage('sl', undefined)).toBe('sl');
  });

  it('defaults to English', () => {
    expect(chooseLanguage(undefined, undefined)).toBe('en');
    expect(chooseLanguage(undefined, '')).toBe('en');
    expect(chooseLanguage(undefined, '*')).toBe('en');
    expect(chooseLanguage(undefined, 'es, pt;q=0.5')).toBe('en');
  });

  it('takes the primary tag of a regional variant', () => {
    expect(chooseLanguage(undefined, 'fr-CH')).toBe('fr');
    expect(chooseLanguage(undefined, 'de-AT, en;q=0.5')).toBe('de');
    expect(chooseLanguage(undefined, 'SL-si')).toBe('sl');
  });

  it('takes the best supported language by q-value, skipping unsupported and refused ones', () => {
    expect(chooseLanguage(undefined, 'es, it;q=0.5, fr;q=0.7')).toBe('fr');
    expect(chooseLanguage(undefined, 'en;q=0.1, de;q=0.8')).toBe('de');
    expect(chooseLanguage(undefined, 'fr;q=0, it;q=0.1')).toBe('it');
    expect(chooseLanguage(undefined, 'fr;q=0')).toBe('en');
  });

  it('does not take a language whose tag merely starts like a supported one', () => {
    expect(chooseLanguage(undefined, 'frr, it;q=0.1')).toBe('it');
    expect(chooseLanguage(undefined, 'enm')).toBe('en');
    expect(chooseLanguage(undefined, 'fra, deu')).toBe('en');
  });
});

/** Only what baseUrlOf reads of a request: Fastify's host (Host, or X-Forwarded-Host from a trusted proxy). */
const request = (host: string | undefined, protocol: 'http' | 'https' = 'http') =>
  ({ host, protocol }) as unknown as FastifyRequest;

describe('baseUrlOf', () => {
  it('joins the scheme and the Host header', () => {
    expect(baseUrlOf(request('localhost:3000'))).toBe('http://localhost:3000');
    expect(baseUrlOf(request('atlas.example.org', 'https'))).toBe('https://atlas.example.org');
    expect(baseUrlOf(request('127.0.0.1:8080'))).toBe('http://127.0.0.1:8080');
    expect(baseUrlOf(request('[::1]:3000'))).toBe('http://[::1]:3000');
    expect(baseUrlOf(request('[2001:db8::1]'))).toBe('http://[2001:db8::1]');
  });

  it('adds the base path a reverse proxy serves the atlas under', () => {
    expect(baseUrlOf(request('maps.example.org', 'https'), '/atlas')).toBe('https://maps.example.org/atlas');
  });

  it.each([
    'evil.example/path',
    'evil.example?x=1',
    'evil.example#frag',
    'user@evil.example',
    'a b',
    'host:',
    'host:123456',
    'host:port',
    '::1',
    '[::1',
    'host"><script>',
    'host\r\nX-Injected: 1',
    '',
  ])('refuses the malformed Host %j with 400', (host) => {
    const error = thrownBy(() => baseUrlOf(request(host)));
    expect([error.statusCode, error.code, error.description]).toEqual([
      400,
      'InvalidParameterValue',
      `Header "Host": expected a host name and optional port, got ${JSON.stringify(host)}`,
    ]);
  });

  it('refuses a request without Host, saying so', () => {
    const error = thrownBy(() => baseUrlOf(request(undefined)));
    expect([error.statusCode, error.description]).toEqual([
      400,
      'Header "Host": expected a host name and optional port, got null',
    ]);
  });
});
