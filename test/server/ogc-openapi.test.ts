import { beforeAll, describe, expect, it } from 'vitest';
import { COLLECTION_IDS, COLLECTIONS, type CollectionId } from '../helpers/atlas-sql.ts';
import { BASE, useOgcApi, type OpenApiParameter } from '../helpers/ogc-client.ts';

/**
 * The OpenAPI definition of the researchers' API, /ogc/api, against the routes the app has registered: its /ogc
 * part (the rest of the document, /api and /healthz, is checked in openapi-routes.test.ts).
 */

const { real, get, scalar, idsOf } = useOgcApi();
const isOgc = (path: string) => path === '/ogc' || path.startsWith('/ogc/');

/** Every GET route the app has registered, as Fastify prints its routing tree. */
function registeredGetPaths(): string[] {
  const stack: string[] = [];
  const paths: string[] = [];
  for (const line of real.app.printRoutes({ method: 'GET', commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+)(?: \(([^)]*)\))?/.exec(line);
    if (!match) continue;
    stack.length = match[1]!.length / 4;
    stack.push(match[2]!);
    if (match[3]?.split(', ').includes('GET')) paths.push(stack.join(''));
  }
  return paths;
}

describe('OpenAPI definition /ogc/api', () => {
  const EXPECTED_PATHS = [
    '/ogc',
    '/ogc/conformance',
    '/ogc/api',
    '/ogc/collections',
    ...COLLECTION_IDS.flatMap((id) => [
      `/ogc/collections/${id}`,
      `/ogc/collections/${id}/queryables`,
      `/ogc/collections/${id}/items`,
      `/ogc/collections/${id}/items/{featureId}`,
    ]),
  ];
  let document: {
    openapi: string;
    servers: { url: string }[];
    paths: Record<string, { get: { parameters: OpenApiParameter[] } }>;
  };
  beforeAll(async () => {
    const response = await get('/ogc/api');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.oai.openapi+json;version=3.0');
    document = response.json();
  });

  it('is OpenAPI 3.0.3 served from the requested host', () => {
    expect(document.openapi).toBe('3.0.3');
    expect(document.servers).toEqual([{ url: BASE }]);
  });

  it('has a path for every GET route registered under /ogc, and no other', () => {
    // The HTML pages' stylesheet, /ogc/ogc.css, is no part of the API (NOT_API in server/ogc/registered-routes.ts).
    const registered = registeredGetPaths()
      .filter(isOgc)
      .filter((p) => !p.endsWith('.css'));
    expect(registered).toEqual(
      expect.arrayContaining(EXPECTED_PATHS.map((p) => p.replace('{featureId}', ':featureId'))),
    );
    expect(Object.keys(document.paths).filter(isOgc).sort()).toEqual(
      registered.map((p) => p.replace(/:(\w+)/g, '{$1}')).sort(),
    );
    for (const path of EXPECTED_PATHS) expect(document.paths, path).toHaveProperty([path]);
  });

  it('describes paths that answer 200', async () => {
    for (const path of Object.keys(document.paths).filter(isOgc)) {
      const id = path.split('/')[3] as CollectionId | undefined;
      const url = path.replace('{featureId}', () => idsOf(id!)[0]!);
      expect((await get(url)).statusCode, url).toBe(200);
    }
  });

  /** A valid value of a documented query parameter, from its schema or, for free text, from the data. */
  function sampleValue(collection: CollectionId, parameter: OpenApiParameter): string {
    if (parameter.schema.enum) return parameter.schema.enum[0]!;
    if (parameter.schema.type === 'integer') return String(parameter.schema.minimum ?? 0);
    if (parameter.schema.type === 'boolean') return 'true';
    switch (parameter.name) {
      case 'bbox':
        return '-180,-90,180,90';
      case 'datetime':
        return '2020-01-01';
      case 'properties':
        return collection === 'flows' ? 'kind' : 'name';
      case 'period':
        return scalar<string>(
          `SELECT p.period FROM indicator_periods p
        JOIN indicators i ON i.id = p.indicator_id
        WHERE i.subject = ? ORDER BY i.rowid, p.sort_order`,
          COLLECTIONS[collection].subject,
        );
      default:
        return 'any-value';
    }
  }

  for (const id of COLLECTION_IDS) {
    it(`lists exactly the query parameters the items of ${id} accept`, async () => {
      const parameters = document.paths[`/ogc/collections/${id}/items`]!.get.parameters;
      expect(parameters.every((p) => p.in === 'query' && !p.required)).toBe(true);
      // Every collection can be asked for without its geometry (the page's list of communes is asked so).
      expect(parameters.find((p) => p.name === 'skipGeometry')?.schema.type).toBe('boolean');
      for (const parameter of parameters) {
        const url = `/ogc/collections/${id}/items?${parameter.name}=${encodeURIComponent(sampleValue(id, parameter))}`;
        const response = await get(url);
        expect(response.statusCode, `${url}: ${response.body.slice(0, 200)}`).toBe(200);
      }
      const refused = await get(`/ogc/collections/${id}/items?not-documented=1`);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().description).toBe(
        `Parameter "not-documented" is not accepted here; expected one of: ${parameters.map((p) => p.name).join(', ')}`,
      );
    });

    it(`lists the featureId path parameter and the query parameters of one ${id} item`, async () => {
      const parameters = document.paths[`/ogc/collections/${id}/items/{featureId}`]!.get.parameters;
      expect(parameters.filter((p) => p.in === 'path').map((p) => [p.name, p.required])).toEqual([['featureId', true]]);
      const query = parameters.filter((p) => p.in === 'query').map((p) => p.name);
      const refused = await get(`/ogc/collections/${id}/items/${idsOf(id)[0]}?bbox=0,0,1,1`);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().description).toBe(
        `Parameter "bbox" is not accepted here; expected one of: ${query.join(', ')}`,
      );
    });
  }
});
