import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { useRealApp } from '../helpers/real-app.ts';
import { CLIENT_DIR, PROJECT_ROOT } from '../helpers/paths.ts';

/**
 * Bad input on every route: generated query strings and path ids (seeded, so every run sends the same
 * requests), the static file server's answers to paths that try to leave the client folder, and broken files
 * sent to the import routes. The server may refuse (400, 404, 406, 413) or answer (200, 304), never fail
 * (5xx); every refusal is JSON {code, description} without a stack trace, and a refused query parameter is
 * named in the description.
 */

const CASES_PER_ROUTE = 1_000;
const ALLOWED_STATUSES = [200, 304, 400, 404, 406, 413];
const COLLECTION_IDS = ['communes', 'territories', 'rail-stations', 'rail-lines', 'services', 'flows'];

/** Every GET route, as the OpenAPI document of /ogc/api writes them and for the JSON API alike. */
const GET_ROUTES = [
  '/ogc', '/ogc/conformance', '/ogc/api', '/ogc/collections',
  ...COLLECTION_IDS.flatMap((id) => ['', '/queryables', '/schema', '/items', '/items/{featureId}'].map((suffix) => `/ogc/collections/${id}${suffix}`)),
  '/api/sources', '/api/sources/{sourceId}', '/api/layers', '/api/basemap', '/api/indicators', '/api/indicators/{indicatorId}',
  '/api/context/healthcare-access', '/api/imports', '/healthz',
];

/** Query parameters of the JSON API routes (the /ogc routes are read from their OpenAPI document). */
const API_QUERY: Record<string, QueryParameter[]> = {
  '/api/indicators/{indicatorId}': [
    { name: 'period', schema: { type: 'string' } }, { name: 'f', schema: { type: 'string', enum: ['json', 'csv'] } },
    { name: 'lang', schema: { type: 'string', enum: ['en', 'fr', 'it', 'de', 'sl'] } },
  ],
};

interface QueryParameter {
  name: string;
  schema: { type: string; enum?: string[]; pattern?: string };
}

interface ErrorBody {
  code: string;
  description: string;
  errors?: string[];
}

/** mulberry32: a small seeded generator, so a failing case is sent again by the next run. */
class Random {
  constructor(private state: number) {}

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }
}

/** A seed per route, so each route's cases do not depend on which other tests run. */
function seedOf(text: string): number {
  let hash = 2166136261;
  for (const c of text) hash = Math.imul(hash ^ c.codePointAt(0)!, 16777619);
  return hash >>> 0;
}

/** 10^400 and other numbers no double holds, or holds only approximately. */
const HUGE = `1${'0'.repeat(400)}`;
const NUMBERS = [
  '', '0', '-0', '+0', '1', '-1', '10000', '10001', '1e308', '1e309', '1e400', '-1e400', HUGE, `-${HUGE}`, '99999999999999999999',
  '9007199254740993', '4294967296', '2147483648', '-2147483649', 'NaN', 'Infinity', '-Infinity', 'infinity', '0x10', '0X1F', '0b101', '0o17',
  '1,5', '1.5', '1.0', '.5', '5.', '1e-7', '-1e-400', '1_000', '007', ' 5', '5 ', '١٢', '１２', '½', 'true', 'false', 'null', 'undefined',
  '[]', '{}', '[1]', '1-1', '--1', '1e', 'e1',
];
/** Strings an attacker or a broken client sends: SQL, paths, markup, templates, control and bidirectional characters. */
const STRINGS = [
  "' OR 1=1 --", '1; DROP TABLE communes', '" OR ""="', "') UNION SELECT sqlite_version() --", "%' --", '*', '%', '_',
  '../../etc/passwd', '..\\..\\windows\\win.ini', '/etc/passwd', 'C:\\Windows', 'file:///etc/passwd', '<script>alert(1)</script>', '"><img src=x>',
  '${7*7}', '{{7*7}}', '%s%n%x', '\u0000', '\u0000abc', 'abc\u0000', '\r\nSet-Cookie: x=1', '\t', ' ', '  ', '\uFEFF', '\u200B', '\u200E', '\u200F',
  '\u202Eevil', '\u2066x\u2069', 'é', 'Ω', '漢字', '🏔️', '👨‍👩‍👧', 'ß', 'İ', 'ﬀ', 'a\u0301', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', '__proto__', 'constructor', 'prototype',
  'toString', 'hasOwnProperty', '{"a":1}', '[1,2]', 'a,b', ',', ',,', ';', '&', '=', '?', '#', '+', '..', '.', '/', '\\',
];
/** Percent escapes written as they travel: NUL, bytes that are not UTF-8, overlong UTF-8, escapes that are not escapes. */
const RAW_ESCAPES = [
  '%00', '%ff', '%FF%FE', '%c0%ae', '%c0%af', '%e0%80%ae', '%c0%ae%c0%ae%c0%af', '%ed%a0%80', '%f4%90%80%80', '%zz', '%', '%%', '%2', '%u0041',
  '%252e%252e', '..%2f..%2f', '%2e%2e%2f', '..%5c..%5c', '%0d%0aSet-Cookie:%20x=1', '+', '++', '%2B', '%20', '%e2%80%ae', '%F0%9F%8F%94', '%80',
];
const UNKNOWN_NAMES = [
  'LIMIT', 'Limit', 'limit ', ' limit', 'limit[]', 'limit[0]', 'limit.x', 'bbox-crs', 'crs', 'filter', 'filter-lang', 'sortby', 'q', 'skipGeometry',
  'callback', 'format', 'page', 'x', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', 'a"b', 'é', '🏔️',
];
const ACCEPT_HEADERS = ['text/html', 'text/csv', 'application/xml', 'image/png', '*/*;q=0', 'text/*', '', ';;;', ',', 'application/json;q=abc', 'a/b/c', '*/*'];

/** Code points for random text: ASCII, controls, Latin, CJK, emoji, combining and bidirectional marks (no lone surrogates). */
const CODE_POINT_RANGES: [number, number][] = [
  [0x20, 0x7e], [0x20, 0x7e], [0x20, 0x7e], [0x00, 0x1f], [0xa0, 0x24f], [0x300, 0x36f], [0x590, 0x6ff], [0x200b, 0x200f], [0x202a, 0x202e],
  [0x4e00, 0x9fff], [0xfff0, 0xfffd], [0x1f300, 0x1faff],
];

function randomText(r: Random): string {
  const length = r.chance(0.05) ? 10_000 + r.int(2_000) : r.chance(0.1) ? 100 + r.int(400) : r.int(12);
  const range = r.chance(0.5) ? r.pick(CODE_POINT_RANGES) : null;
  let text = '';
  while (text.length < length) {
    const [low, high] = range ?? r.pick(CODE_POINT_RANGES);
    text += String.fromCodePoint(low + r.int(high - low + 1));
  }
  return text;
}

function randomNumber(r: Random): string {
  const sign = r.pick(['', '', '-', '+']);
  const digits = (n: number) => Array.from({ length: n }, () => r.int(10)).join('');
  switch (r.int(7)) {
    case 0: return r.pick(NUMBERS);
    case 1: return `${sign}${digits(1 + r.int(r.chance(0.2) ? 400 : 25))}`;
    case 2: return `${sign}${digits(1 + r.int(4))}.${digits(1 + r.int(20))}`;
    case 3: return `${sign}${digits(1 + r.int(3))}${r.pick(['e', 'E'])}${r.pick(['', '+', '-'])}${digits(1 + r.int(4))}`;
    case 4: return `${sign}0x${r.int(2 ** 31).toString(16)}`;
    case 5: return `${sign}${digits(1 + r.int(3))},${digits(1 + r.int(3))}`;
    default: return `${sign}${r.int(1_000)}`;
  }
}

function randomBbox(r: Random): string {
  const coordinate = (limit: number) => r.chance(0.7) ? String(Number(((r.next() * 2 - 1) * limit).toFixed(r.int(8)))) : randomNumber(r);
  const [west, south, east, north] = [coordinate(180), coordinate(90), coordinate(180), coordinate(90)];
  const parts = r.chance(0.2) ? [west, north, east, south] : [west, south, east, north];
  const count = r.chance(0.75) ? 4 : r.pick([0, 1, 2, 3, 5, 6]);
  while (parts.length < count) parts.push(coordinate(90));
  if (r.chance(0.1)) parts[r.int(4)] = r.pick([...STRINGS, 'a', 'NaN', '']);
  return parts.slice(0, count).join(r.chance(0.9) ? ',' : r.pick([';', ' ', ', ', ',,', '|']));
}

function randomDatetime(r: Random): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  const date = () => r.chance(0.8)
    ? `${pad(r.pick([0, 1, 1970, 2011, 2020, 2024, 2026, 9999]) + r.int(3), 4)}-${pad(r.int(14), 2)}-${pad(r.int(33), 2)}`
    : r.pick(['2020-02-30', '2021-02-29', '2020-13-01', '2020-00-10', '20200101', '2020-1-1', '-2020-01-01', '+002020-01-01', '2020']);
  const time = () => `T${pad(r.int(26), 2)}:${pad(r.int(61), 2)}:${pad(r.int(62), 2)}${r.pick(['', '.5', '.123456789'])}${r.pick(['Z', 'z', '+01:00', '-12:00', '+99:99', ''])}`;
  const instant = () => `${date()}${r.chance(0.4) ? time() : ''}`;
  switch (r.int(6)) {
    case 0: return instant();
    case 1: return `${instant()}/${instant()}`;
    case 2: return `${r.pick(['..', '', instant()])}/${r.pick(['..', '', instant()])}`;
    case 3: return `${instant()}/${instant()}/${instant()}`;
    case 4: return r.pick(['../..', '/', '..', '', 'now', 'P1Y', '2020-01-01/P1Y', '2020-01-01T00:00:00', '2020-01-01 00:00:00Z']);
    default: return randomText(r);
  }
}

/** A query value as it travels in the URL: a string percent-encoded, or an escape sequence written raw. */
function encodedValue(r: Random, decoded: () => string): string {
  if (r.chance(0.12)) return Array.from({ length: 1 + r.int(3) }, () => r.pick(RAW_ESCAPES)).join(r.pick(['', 'a', '1']));
  return encodeURIComponent(decoded());
}

/** A bad value for a parameter: mostly of the parameter's kind (numbers for integers, boxes for bbox…), else anything. */
function badValue(r: Random, parameter: QueryParameter | null): string {
  const anything = () => r.pick([() => r.pick(STRINGS), () => randomText(r), () => randomNumber(r), () => r.pick(STRINGS) + randomText(r)])();
  if (parameter === null || r.chance(0.3)) return encodedValue(r, anything);
  if (parameter.schema.type === 'integer') return encodedValue(r, () => randomNumber(r));
  if (parameter.name === 'bbox') return encodedValue(r, () => randomBbox(r));
  if (parameter.name === 'datetime') return encodedValue(r, () => randomDatetime(r));
  return encodedValue(r, anything);
}

/**
 * The parameter names the server reads from a query string, as fast-querystring (Fastify's parser) does: pairs
 * split on "&", the name before the first "=", "+" read as a space, escapes decoded unless they are invalid.
 */
function parameterNames(query: string): string[] {
  return query.split('&').filter((pair) => pair !== '').map((pair) => {
    const raw = pair.split('=', 1)[0]!;
    const spaced = raw.replace(/\+/g, ' ');
    if (!raw.includes('%')) return spaced;
    try {
      return decodeURIComponent(spaced) || spaced;
    } catch {
      return spaced;
    }
  });
}

interface Case {
  url: string;
  headers: Record<string, string>;
  /** Names of the query parameters as the server reads them. */
  names: string[];
  /** Whether a path id was replaced by bad input: then a 400 may be about the path. */
  badPath: boolean;
}

interface RouteInput {
  template: string;
  parameters: QueryParameter[];
  /** Values the server accepts, by parameter name; absent ones get random values. */
  valid: Record<string, string[]>;
  /** Existing ids for the route's path parameter. */
  ids: string[];
}

/** A bad path id: text of any kind, percent-encoded; an escape written raw; longer than the router allows. */
function badId(r: Random): string {
  switch (r.int(5)) {
    case 0: return encodeURIComponent(r.pick(STRINGS));
    case 1: return r.pick(RAW_ESCAPES);
    case 2: return `${encodeURIComponent(randomText(r))}${r.chance(0.5) ? r.pick(RAW_ESCAPES) : ''}`;
    case 3: return encodeURIComponent(r.pick(NUMBERS)) || 'x';
    default: return 'x'.repeat(r.pick([199, 200, 201, 10_000]));
  }
}

function generateCase(r: Random, route: RouteInput): Case {
  let badPath = false;
  let pathname = route.template.replace(/\{\w+\}/, () => {
    if (route.ids.length > 0 && r.chance(0.5)) return encodeURIComponent(r.pick(route.ids));
    badPath = true;
    return badId(r);
  });
  if (pathname.startsWith('/ogc/collections/') && r.chance(0.1)) {
    pathname = pathname.replace(/^\/ogc\/collections\/[^/]+/, () => `/ogc/collections/${badId(r)}`);
    badPath = true;
  }
  const pairs: [string, string][] = [];
  const count = r.chance(0.03) ? 0 : 1 + r.int(4);
  for (let i = 0; i < count; i++) {
    const previous = pairs[pairs.length - 1];
    if (previous && r.chance(0.1)) {
      pairs.push([previous[0], r.chance(0.5) ? previous[1] : badValue(r, null)]);
      continue;
    }
    const parameter = route.parameters.length > 0 && r.chance(0.8) ? r.pick(route.parameters) : null;
    if (parameter === null) {
      const name = r.chance(0.7) ? encodeURIComponent(r.pick(UNKNOWN_NAMES)) : r.chance(0.5) ? r.pick(RAW_ESCAPES) : encodeURIComponent(randomText(r));
      pairs.push([name, badValue(r, null)]);
      continue;
    }
    const valid = route.valid[parameter.name] ?? parameter.schema.enum ?? [];
    pairs.push([encodeURIComponent(parameter.name), valid.length > 0 && r.chance(0.35) ? encodeURIComponent(r.pick(valid)) : badValue(r, parameter)]);
  }
  const query = pairs.map(([name, value]) => (r.chance(0.05) ? name : `${name}=${value}`)).join('&');
  return {
    url: query === '' ? pathname : `${pathname}?${query}`,
    headers: r.chance(0.1) ? { accept: r.pick(ACCEPT_HEADERS) } : {},
    names: parameterNames(query),
    badPath,
  };
}

/** What is wrong with an error answer, or null: JSON {code, description}, a description and no stack trace. */
function errorBodyProblem(response: LightMyRequestResponse): string | null {
  if (!/^application\/json/.test(String(response.headers['content-type']))) return `Content-Type ${String(response.headers['content-type'])}, not JSON`;
  let body: Partial<ErrorBody>;
  try {
    body = response.json() as Partial<ErrorBody>;
  } catch {
    return 'a body that is not JSON';
  }
  if (typeof body.code !== 'string' || typeof body.description !== 'string') return 'a JSON body without string code and description';
  if (body.description.includes('    at ') || body.description.includes('.ts:')) return 'a stack trace in the description';
  return null;
}

/** What is wrong with the answer to a generated case, or null. */
function caseProblem(kase: Case, response: LightMyRequestResponse): string | null {
  if (!ALLOWED_STATUSES.includes(response.statusCode)) return `status ${response.statusCode}`;
  if (response.statusCode < 400) return null;
  const problem = errorBodyProblem(response);
  if (problem) return problem;
  const { description } = response.json() as ErrorBody;
  if (response.statusCode === 400 && !kase.badPath && !kase.names.some((name) => description.startsWith(`Parameter "${name}"`))) {
    return 'a 400 whose description does not name a query parameter of the request';
  }
  return null;
}

const shorten = (text: string, max = 300) => (text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text);

/** Query parameters of a route: from the OpenAPI document for /ogc, from API_QUERY for /api, none for /healthz. */
function queryParameters(openapi: OpenApi, template: string): QueryParameter[] {
  const operation = openapi.paths[template]?.get;
  if (operation) return operation.parameters.filter((p) => p.in === 'query');
  return API_QUERY[template] ?? [];
}

interface OpenApi {
  paths: Record<string, { get: { parameters: (QueryParameter & { in: string })[] } } | undefined>;
}

const real = useRealApp();

/** Names and values the server accepts, read through the API itself so they follow the data. */
interface Known {
  openapi: OpenApi;
  sources: string[];
  indicators: string[];
  periods: string[];
  features: Record<string, { ids: string[]; properties: string[]; values: Record<string, string[]> }>;
}
const known = {} as Known;

async function getJson<T>(url: string): Promise<T> {
  const response = await real.app.inject(url);
  expect(response.statusCode, `${url}: ${response.body.slice(0, 300)}`).toBe(200);
  return response.json() as T;
}

beforeAll(async () => {
  known.openapi = await getJson<OpenApi>('/ogc/api');
  known.sources = (await getJson<{ sources: { id: string }[] }>('/api/sources')).sources.map((s) => s.id);
  const { indicators } = await getJson<{ indicators: { id: string; periods: { period: string }[] }[] }>('/api/indicators');
  known.indicators = indicators.map((i) => i.id);
  known.periods = [...new Set(indicators.flatMap((i) => i.periods.map((p) => p.period)))];
  known.features = {};
  for (const id of COLLECTION_IDS) {
    const { features } = await getJson<{ features: { id: string; properties: Record<string, unknown> }[] }>(`/ogc/collections/${id}/items?limit=5`);
    const values: Record<string, string[]> = {};
    for (const feature of features) {
      for (const [name, value] of Object.entries(feature.properties)) {
        if (typeof value === 'string') (values[name] ??= []).push(value);
      }
    }
    known.features[id] = { ids: features.map((f) => f.id), properties: Object.keys(features[0]?.properties ?? {}), values };
  }
});

function routeInput(template: string): RouteInput {
  const collection = /^\/ogc\/collections\/([^/]+)/.exec(template)?.[1];
  const features = collection === undefined ? undefined : known.features[collection];
  const properties = features?.properties ?? [];
  const valid: Record<string, string[]> = {
    ...features?.values,
    limit: ['1', '2', '3', '5', '10'],
    offset: ['0', '1', '10', '200', '9007199254740991'],
    bbox: ['5,44,7,46', '-180,-90,180,90', '7,45,6,46', '6.5,44.9,6.5,44.9', '-0,-0,0,0'],
    datetime: ['2020-01-01', '2026-12-01T10:00:00Z', '../..', '2011-01-01/2020-12-31', '/2024-01-01'],
    period: known.periods,
    properties: [...properties.slice(0, 3), properties.slice(0, 2).join(','), properties.slice(-3).join(',')].filter(Boolean),
  };
  const ids = template.includes('{featureId}') ? features?.ids ?? []
    : template.includes('{sourceId}') ? known.sources
    : template.includes('{indicatorId}') ? known.indicators : [];
  return { template, parameters: queryParameters(known.openapi, template), valid, ids };
}

describe('generated bad query strings and path ids on every GET route', () => {
  it('covers every path of the OpenAPI document', () => {
    const documented = Object.keys(known.openapi.paths);
    expect(documented.filter((p) => !GET_ROUTES.includes(p))).toEqual([]);
  });

  for (const template of GET_ROUTES) {
    it(`${template}: ${CASES_PER_ROUTE} cases, never 5xx, refusals as JSON naming the parameter`, async () => {
      const route = routeInput(template);
      const r = new Random(seedOf(template));
      /** The first request of each kind of failure, and how many cases failed that way. */
      const failures = new Map<string, { count: number; first: string }>();
      for (let i = 0; i < CASES_PER_ROUTE; i++) {
        const kase = generateCase(r, route);
        const response = await real.app.inject({ method: 'GET', url: kase.url, headers: kase.headers });
        const problem = caseProblem(kase, response);
        if (problem === null) continue;
        const seen = failures.get(problem);
        if (seen) seen.count++;
        else {
          const accept = kase.headers.accept === undefined ? '' : ` (Accept: ${kase.headers.accept})`;
          failures.set(problem, { count: 1, first: `GET ${shorten(kase.url)}${accept} answered ${response.statusCode} ${shorten(response.body)}` });
        }
      }
      const failed = [...failures.values()].reduce((sum, { count }) => sum + count, 0);
      const report = [...failures].map(([problem, { count, first }]) => `${problem} in ${count} cases; the first: ${first}`).join('\n');
      expect(failed, `${failed} of ${CASES_PER_ROUTE} cases failed:\n${report}`).toBe(0);
    });
  }
});

describe('static files: nothing outside the client folder', () => {
  let indexHtml: string;
  beforeAll(() => {
    indexHtml = readFileSync(path.join(CLIENT_DIR, 'index.html'), 'utf8');
  });
  /** Text of files outside the client folder: /etc/passwd, package.json, the server sources, git's config. */
  const FOREIGN = ['root:x:0:0', '"name": "alpine-territories-atlas"', 'buildApp', '[core]', 'repositoryformatversion'];
  // app.inject, like browsers, resolves "." and ".." segments (also written %2e) before sending: the server sees /package.json.
  const PATHS = [
    '/..%2f..%2fetc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/%252e%252e/', '/%252e%252e/%252e%252e/etc/passwd', '/..%5c..%5cetc%5cpasswd',
    '/..%255c..%255cetc%255cpasswd', '//etc/passwd', '/./index.html', '/index.html%00.js', '/index.html%00', '/%00/etc/passwd', '/etc/passwd',
    '/%2Fetc%2Fpasswd', '/%2fetc/passwd', `/${PROJECT_ROOT}/package.json`, `/${encodeURIComponent(path.join(PROJECT_ROOT, 'package.json'))}`,
    '/file:///etc/passwd', '/C:%5CWindows%5Cwin.ini', '/assets/../../package.json', '/assets/..%2f..%2fpackage.json', '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
    '/assets/..%5c..%5cpackage.json', '/..;/package.json', '/..%2fpackage.json', '/.%2e/.%2e/package.json', '/index.html/..%2f..%2f..%2fpackage.json',
    '/.git/config', '/.git/HEAD', '/.%67it/config', '/%2egit/config', '/.env', '/../server/app.ts', '/..%2fserver%2fapp.ts', `/..%2f..%2f${path.basename(PROJECT_ROOT)}%2fserver%2fapp.ts`,
    '/server/app.ts', '/package.json', '/node_modules/fastify/package.json', '/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd', '/%c0%ae%c0%ae%c0%afetc%c0%afpasswd',
    '/..%c0%af..%c0%afetc/passwd', '/%e0%80%ae%e0%80%ae/etc/passwd', '/%zz', '/index.html%zz', `/${'..%2f'.repeat(50)}etc/passwd`, `/${'a'.repeat(10_000)}`,
  ];

  for (const url of PATHS) {
    it(`GET ${shorten(url, 80)}: 403 or 404 (400 for a malformed path), or the client's own index.html`, async () => {
      const response = await real.app.inject(url);
      for (const text of FOREIGN) expect(response.body, `${url}: ${shorten(response.body)}`).not.toContain(text);
      if (response.statusCode === 200) {
        expect(response.body, url).toBe(indexHtml);
        return;
      }
      expect([400, 403, 404], `${url}: ${response.statusCode} ${shorten(response.body)}`).toContain(response.statusCode);
      expect(errorBodyProblem(response), `${url}: ${shorten(response.body)}`).toBeNull();
    });
  }
});

const TOKEN = 'x'.repeat(20);
const AUTH = { authorization: `Bearer ${TOKEN}` };

/** A services GeoJSON of one feature, a valid point unless the caller changes it. */
function servicesGeojson(feature: Record<string, unknown>): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    features: [{
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [6.64, 44.9] },
      properties: { category: 'hospital', name: 'Test', address: '', country: 'FR', languages: '', contact: '', source: 'Test', licence: 'CC BY 4.0' },
      ...feature,
    }],
  });
}

const INDICATOR_HEADER = 'indicator,commune,period,value,source,licence';

interface BadFile {
  title: string;
  kind: string;
  name: string;
  contentType?: string;
  body: string | Buffer;
  /** Statuses allowed: 400 unless the body's size or type is refused first. */
  statuses?: number[];
  /** What the description or the listed problems must say. */
  says: RegExp;
}

const BAD_FILES: BadFile[] = [
  { title: 'invalid UTF-8', kind: 'indicator', name: 'latin1.csv', body: Buffer.concat([Buffer.from(`${INDICATOR_HEADER}\npopulation,05023,p-1,1,Montagn`), Buffer.from([0xe9, 0xff, 0xc0, 0xae]), Buffer.from(',x\n')]), says: /UTF-8/ },
  { title: 'overlong UTF-8 in a GeoJSON', kind: 'services', name: 'overlong.geojson', body: Buffer.concat([Buffer.from('{"type":"FeatureCollection","features":[],"x":"'), Buffer.from([0xc0, 0xae, 0xc0, 0xaf]), Buffer.from('"}')]), says: /UTF-8/ },
  { title: 'invalid JSON', kind: 'services', name: 'broken.geojson', body: '{"type": "FeatureCollection", "features": [{"type": "Feature",', says: /valid JSON/ },
  { title: 'JSON that is not a FeatureCollection', kind: 'services', name: 'array.json', contentType: 'application/json', body: '[1, 2, 3]', says: /FeatureCollection/ },
  { title: 'deeply nested JSON', kind: 'services', name: 'nested.geojson', body: `${'['.repeat(100_000)}${']'.repeat(100_000)}`, says: /FeatureCollection|JSON/ },
  {
    title: 'a GeoJSON with an unclosed polygon ring', kind: 'services', name: 'polygon.geojson',
    body: servicesGeojson({ geometry: { type: 'Polygon', coordinates: [[[6.6, 44.9], [6.7, 44.9], [6.7, 45], [6.6, 45]]] } }), says: /Point/,
  },
  {
    title: '__proto__ and constructor keys', kind: 'services', name: 'proto.geojson',
    body: '{"__proto__": {"polluted": "yes"}, "type": "FeatureCollection", "features": [{"type": "Feature", "__proto__": {"polluted": "yes"}, '
      + '"geometry": {"type": "Point", "coordinates": [6.64, 44.9]}, "properties": {"__proto__": {"polluted": "yes"}, '
      + '"constructor": {"prototype": {"polluted": "yes"}}, "category": "hospital", "name": "Test", "country": "FR", "source": "Test", "licence": "CC BY 4.0"}}]}',
    says: /__proto__/,
  },
  { title: 'a __proto__ column', kind: 'indicator', name: 'proto.csv', body: `${INDICATOR_HEADER},__proto__\npopulation,05023,p-1,1,Test,CC BY 4.0,{"polluted":"yes"}\n`, says: /__proto__/ },
  { title: 'unknown commune codes', kind: 'indicator', name: 'communes.csv', body: `${INDICATOR_HEADER}\npopulation,99999,p-1,1,Test,CC BY 4.0\npopulation,' OR 1=1 --,p-1,2,Test,CC BY 4.0\n`, says: /99999/ },
  { title: 'an unknown origin commune', kind: 'flows', name: 'flows.csv', body: 'origin,destination,kind,period,value,source,licence\n00000,FR,other,p-1,5,Test,CC BY 4.0\n', says: /00000/ },
  { title: 'numbers no double holds, NaN and decimal commas', kind: 'indicator', name: 'numbers.csv', body: `${INDICATOR_HEADER}\npopulation,05023,p-1,${HUGE},Test,CC BY 4.0\npopulation,05027,p-1,NaN,Test,CC BY 4.0\npopulation,05023,p-2,"1,5",Test,CC BY 4.0\n`, says: /number/ },
  { title: 'a CSV with an unterminated quote', kind: 'indicator', name: 'quote.csv', body: `${INDICATOR_HEADER}\npopulation,05023,p-1,1,"Test,CC BY 4.0\n`, says: /quote/ },
  { title: 'an empty body', kind: 'indicator', name: 'empty.csv', body: '', says: /header|file/ },
  { title: 'an empty body without Content-Type', kind: 'indicator', name: 'empty.csv', contentType: '', body: '', says: /Content-Type|file/ },
  { title: 'a body with only a BOM', kind: 'indicator', name: 'bom.csv', body: Buffer.from([0xef, 0xbb, 0xbf]), says: /header/ },
  { title: 'a GeoJSON with only a BOM', kind: 'services', name: 'bom.geojson', body: Buffer.from([0xef, 0xbb, 0xbf]), says: /header|data|file/ },
  { title: 'an unsupported Content-Type', kind: 'indicator', name: 'plain.csv', contentType: 'text/plain', body: `${INDICATOR_HEADER}\n`, statuses: [400, 415], says: /Content-Type/ },
  { title: 'a file over 5 MB', kind: 'indicator', name: 'large.csv', body: Buffer.alloc(5 * 1024 * 1024 + 1, 0x61), statuses: [413], says: /5 MB/ },
  { title: 'a file name that leaves the folder', kind: 'indicator', name: '../../etc/passwd.csv', body: `${INDICATOR_HEADER}\n`, says: /Parameter "name"/ },
  { title: 'a file name of 10,000 characters', kind: 'indicator', name: `${'a'.repeat(10_000)}.csv`, body: `${INDICATOR_HEADER}\n`, says: /Parameter "name"/ },
  { title: 'an unknown kind', kind: '..%2f..%2fetc', name: 'x.csv', body: `${INDICATOR_HEADER}\n`, statuses: [400, 404], says: /kind|Nothing at/ },
];

describe('imports with writes on: broken files are refused and nothing is stored', () => {
  const writable = useRealApp({ writeToken: TOKEN });

  async function expectNothingStored(): Promise<void> {
    const listed = await writable.app.inject('/api/imports');
    expect(listed.statusCode).toBe(200);
    expect((listed.json() as { imports: unknown[] }).imports).toEqual([]);
    expect(writable.local.list()).toEqual([]);
    expect((await writable.app.inject('/healthz')).statusCode).toBe(200);
  }

  for (const file of BAD_FILES) {
    it(`POST /api/imports/${file.kind} with ${file.title}: ${(file.statuses ?? [400]).join(' or ')} as JSON saying what is wrong`, async () => {
      const contentType = file.contentType ?? (file.name.endsWith('.csv') ? 'text/csv' : 'application/geo+json');
      const response = await writable.app.inject({
        method: 'POST', url: `/api/imports/${file.kind}?name=${encodeURIComponent(file.name)}`,
        headers: { ...AUTH, ...(contentType === '' ? {} : { 'content-type': contentType }) }, payload: file.body,
      });
      const context = `${file.title}: ${response.statusCode} ${shorten(response.body, 600)}`;
      expect(file.statuses ?? [400], context).toContain(response.statusCode);
      expect(errorBodyProblem(response), context).toBeNull();
      const body = response.json() as ErrorBody;
      expect([body.description, ...body.errors ?? []].join('\n'), context).toMatch(file.says);
      expect(({} as Record<string, unknown>).polluted, 'Object.prototype stays clean').toBeUndefined();
      await expectNothingStored();
    });
  }

  it('DELETE /api/imports/{id} with ids that are not imports: 400, 404 or 414 as JSON', async () => {
    const ids = ['abc', '0', '-1', '1.5', '1e400', 'Infinity', 'NaN', '99999999999999999999', HUGE, '%00', '%zz', '1%20OR%201=1', '1;DROP%20TABLE%20imports'];
    const problems: string[] = [];
    for (const id of ids) {
      const response = await writable.app.inject({ method: 'DELETE', url: `/api/imports/${id}`, headers: AUTH });
      const problem = [400, 404, 414].includes(response.statusCode) ? errorBodyProblem(response) : `status ${response.statusCode}`;
      if (problem) problems.push(`DELETE /api/imports/${shorten(id, 40)}: ${problem}; answered ${response.statusCode} ${shorten(response.body, 200)}`);
    }
    expect(problems, problems.join('\n')).toEqual([]);
    await expectNothingStored();
  });
});
