import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorBodyProblem, shorten } from '../helpers/error-body.ts';
import {
  ACCEPT_HEADERS,
  badId,
  badValue,
  RAW_ESCAPES,
  randomText,
  UNKNOWN_NAMES,
  type QueryParameter,
} from '../helpers/hostile-values.ts';
import type { ErrorBody } from '../helpers/json-error.ts';
import { useRealApp } from '../helpers/real-app.ts';
import { Random, seedOf } from '../helpers/seeded-random.ts';

/**
 * Bad input on every GET route: generated query strings and path ids (seeded, so every run sends the same
 * requests). The server may refuse (400, 404, 406, 413) or answer (200, 304), never fail (5xx); every refusal
 * is JSON {code, description} without a stack trace, and a refused query parameter is named in the description.
 */

const CASES_PER_ROUTE = 1_000;
const ALLOWED_STATUSES = [200, 304, 400, 404, 406, 413];
const COLLECTION_IDS = ['communes', 'territories', 'rail-stations', 'rail-lines', 'services', 'flows', 'initiatives'];

/** Every GET route, as the OpenAPI document of /ogc/api writes them. */
const GET_ROUTES = [
  '/ogc',
  '/ogc/conformance',
  '/ogc/api',
  '/ogc/collections',
  ...COLLECTION_IDS.flatMap((id) =>
    ['', '/queryables', '/schema', '/items', '/items/{featureId}'].map((suffix) => `/ogc/collections/${id}${suffix}`),
  ),
  '/api/sources',
  '/api/sources/{sourceId}',
  '/api/layers',
  '/api/basemap',
  '/api/indicators',
  '/api/indicators/{indicatorId}',
  '/api/communes/{code}',
  '/api/context/healthcare-access',
  '/api/imports',
  '/api/slides',
  '/api/slides/export',
  '/profile/{code}',
  '/tiles/{tileset}/{z}/{x}/{y}.pbf',
  '/healthz',
];

/**
 * The parameter names the server reads from a query string, as fast-querystring (Fastify's parser) does: pairs
 * split on "&", the name before the first "=", "+" read as a space, escapes decoded unless they are invalid.
 */
function parameterNames(query: string): string[] {
  return query
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
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

function generateCase(r: Random, route: RouteInput): Case {
  let badPath = false;
  // Each path parameter: an existing id (ids hold one per parameter, slash-separated, for the tiles) or a bad one.
  const picked = route.ids.length > 0 && r.chance(0.5) ? r.pick(route.ids).split('/') : null;
  let position = 0;
  let pathname = route.template.replace(/\{\w+\}/g, () => {
    const good = picked?.[position++];
    if (good !== undefined) return encodeURIComponent(good);
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
      const name = r.chance(0.7)
        ? encodeURIComponent(r.pick(UNKNOWN_NAMES))
        : r.chance(0.5)
          ? r.pick(RAW_ESCAPES)
          : encodeURIComponent(randomText(r));
      pairs.push([name, badValue(r, null)]);
      continue;
    }
    const valid = route.valid[parameter.name] ?? parameter.schema.enum ?? [];
    const value = valid.length > 0 && r.chance(0.35) ? encodeURIComponent(r.pick(valid)) : badValue(r, parameter);
    pairs.push([encodeURIComponent(parameter.name), value]);
  }
  const query = pairs.map(([name, value]) => (r.chance(0.05) ? name : `${name}=${value}`)).join('&');
  return {
    url: query === '' ? pathname : `${pathname}?${query}`,
    headers: r.chance(0.1) ? { accept: r.pick(ACCEPT_HEADERS) } : {},
    names: parameterNames(query),
    badPath,
  };
}

/** What is wrong with the answer to a generated case, or null. */
function caseProblem(kase: Case, response: LightMyRequestResponse): string | null {
  // A bad id in one of the tile route's four path parameters can make a path that is no longer the route's; it
  // reaches the client's static files, which refuse odd names (too long for a file name, climbing with "..") with 403.
  const refusedFile = kase.badPath && kase.url.startsWith('/tiles/') && response.statusCode === 403;
  if (!ALLOWED_STATUSES.includes(response.statusCode) && !refusedFile) return `status ${response.statusCode}`;
  if (response.statusCode < 400) return null;
  const problem = errorBodyProblem(response);
  if (problem) return problem;
  const { description } = response.json() as ErrorBody;
  const namesParameter = kase.names.some((name) => description.startsWith(`Parameter "${name}"`));
  if (response.statusCode === 400 && !kase.badPath && !namesParameter) {
    return 'a 400 whose description does not name a query parameter of the request';
  }
  return null;
}

/** Query parameters of a route, as its OpenAPI document gives them. */
function queryParameters(openapi: OpenApi, template: string): QueryParameter[] {
  return openapi.paths[template]!.get!.parameters.filter((p) => p.in === 'query');
}

interface OpenApi {
  paths: Record<string, { get?: { parameters: (QueryParameter & { in: string })[] } } | undefined>;
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
  const { indicators } = await getJson<{ indicators: { id: string; periods: { period: string }[] }[] }>(
    '/api/indicators',
  );
  known.indicators = indicators.map((i) => i.id);
  known.periods = [...new Set(indicators.flatMap((i) => i.periods.map((p) => p.period)))];
  known.features = {};
  for (const id of COLLECTION_IDS) {
    const { features } = await getJson<{ features: { id: string; properties: Record<string, unknown> }[] }>(
      `/ogc/collections/${id}/items?limit=5`,
    );
    const values: Record<string, string[]> = {};
    for (const feature of features) {
      for (const [name, value] of Object.entries(feature.properties)) {
        if (typeof value === 'string') values[name] = [...(values[name] ?? []), value];
      }
    }
    known.features[id] = {
      ids: features.map((f) => f.id),
      properties: Object.keys(features[0]?.properties ?? {}),
      values,
    };
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
    properties: [...properties.slice(0, 3), properties.slice(0, 2).join(','), properties.slice(-3).join(',')].filter(
      Boolean,
    ),
  };
  const ids = template.includes('{featureId}')
    ? (features?.ids ?? [])
    : template.includes('{sourceId}')
      ? known.sources
      : template.includes('{indicatorId}')
        ? known.indicators
        : template.includes('{code}')
          ? known.features.communes!.ids
          : template.includes('{tileset}')
            ? ['communes/4/8/5', 'territories/10/530/363', 'communes/10/530/363']
            : [];
  return { template, parameters: queryParameters(known.openapi, template), valid, ids };
}

describe('generated bad query strings and path ids on every GET route', () => {
  it('covers every GET path of the OpenAPI document', () => {
    const documented = Object.keys(known.openapi.paths).filter((p) => known.openapi.paths[p]!.get);
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
          const first = `GET ${shorten(kase.url)}${accept} answered ${response.statusCode} ${shorten(response.body)}`;
          failures.set(problem, { count: 1, first });
        }
      }
      const failed = [...failures.values()].reduce((sum, { count }) => sum + count, 0);
      const report = [...failures]
        .map(([problem, { count, first }]) => `${problem} in ${count} cases; the first: ${first}`)
        .join('\n');
      expect(failed, `${failed} of ${CASES_PER_ROUTE} cases failed:\n${report}`).toBe(0);
    });
  }
});
