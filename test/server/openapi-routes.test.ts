import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RegisteredRoute } from '../../server/ogc/registered-routes.ts';
import { PROJECT_ROOT } from '../helpers/paths.ts';
import { useRealApp } from '../helpers/real-app.ts';

/**
 * The whole API in one OpenAPI document, /ogc/api: every route the app registers, as Fastify's onRoute hook saw it
 * (app.registeredRoutes), is in it with its method, path and query parameters, body and write token, or is left
 * out with the reason why. The app has no write token, as npm start without ATLAS_WRITE_TOKEN: writes answer 403.
 */

const real = useRealApp();

type ValueSchema = { description?: string } & Record<string, unknown>;
interface ObjectSchema {
  properties?: Record<string, ValueSchema>;
  required?: string[];
}
interface Parameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: Record<string, unknown>;
}
interface Operation {
  summary?: string;
  tags?: string[];
  parameters: Parameter[];
  requestBody?: { required: boolean; content: Record<string, { schema?: unknown }> };
  security?: Record<string, string[]>[];
  responses: Record<string, unknown>;
}
interface OpenApiDocument {
  openapi: string;
  info: { title: string };
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, { type: string; scheme: string }> };
}

let document: OpenApiDocument;
/** Every route the app registered, and those the document must describe: not hidden, not the HEAD of a GET. */
let registered: readonly RegisteredRoute[];
let described: RegisteredRoute[];

beforeAll(async () => {
  const response = await real.app.inject('/ogc/api');
  expect(response.statusCode).toBe(200);
  document = response.json();
  registered = real.app.registeredRoutes.list();
  const getUrls = new Set(registered.filter((r) => r.method === 'GET').map((r) => r.url));
  described = registered.filter((r) => !r.hidden && !(r.method === 'HEAD' && getUrls.has(r.url)));
});

const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');
const operationOf = ({ method, url }: { method: string; url: string }): Operation | undefined =>
  document.paths[openApiPath(url)]?.[method.toLowerCase()];
const operations = () =>
  Object.entries(document.paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod).map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
  );
const describedName = (r: RegisteredRoute) => `${r.method} ${r.url}`;

describe('the OpenAPI document /ogc/api, whole', () => {
  it('is a valid OpenAPI 3.0 document, titled for the whole API', async () => {
    const result = await new Validator().validate(document as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.0.3');
    expect(document.info.title).toBe('Alpine Territories Atlas API');
  });

  it('lists every route the app registered, or names why it leaves it out', () => {
    const missing = described.filter((r) => operationOf(r) === undefined).map(describedName);
    expect(missing).toEqual([]);
    for (const route of registered.filter((r) => r.hidden !== undefined)) {
      expect(route.hidden, describedName(route)).toMatch(/^\S.{10,}/);
      expect(operationOf(route), describedName(route)).toBeUndefined();
      expect(['GET', 'HEAD'], describedName(route)).toContain(route.method);
    }
    // Left out: the page's files and the 404 catch-alls (and any page's stylesheet).
    const hidden = registered.filter((r) => r.hidden !== undefined && !r.url.endsWith('.css'));
    expect([...new Set(hidden.map((r) => r.url))].sort()).toEqual(['/*', '/api/*', '/ogc/*']);
    expect(registered.some((r) => r.url === '/profile/profile.css' && r.hidden !== undefined)).toBe(true);
    // The HEAD of a GET answers its headers: not listed apart.
    expect(registered.filter((r) => r.method === 'HEAD' && !r.hidden).length).toBeGreaterThan(50);
  });

  it('describes only routes the app serves', () => {
    for (const { method, path } of operations()) {
      const url = path.replace(/\{(\w+)\}/g, ':$1');
      expect(real.app.hasRoute({ method, url }), `${method} ${path}`).toBe(true);
      expect(
        described.some((r) => r.method === method && r.url === url),
        `${method} ${path}`,
      ).toBe(true);
    }
    expect(operations().length).toBe(described.length);
  });

  it("describes each route's path and query parameters as its schema does: names, types, enums, patterns", () => {
    for (const route of described) {
      const name = describedName(route);
      const { parameters } = operationOf(route)!;
      const params = (route.schema.params ?? {}) as ObjectSchema;
      const query = (route.schema.querystring ?? {}) as ObjectSchema;
      const pathNames = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
      const inPath = parameters.filter((p) => p.in === 'path');
      expect(
        inPath.map((p) => [p.name, p.required]),
        name,
      ).toEqual(pathNames.map((n) => [n, true]));
      for (const parameter of inPath) {
        const { description: _, ...expected } = params.properties?.[parameter.name] ?? { type: 'string' };
        expect(parameter.schema, `${name} ${parameter.name}`).toEqual(expected);
      }
      const inQuery = parameters.filter((p) => p.in === 'query');
      expect(
        inQuery.map((p) => p.name),
        name,
      ).toEqual(Object.keys(query.properties ?? {}));
      for (const parameter of inQuery) {
        const { description: _, ...expected } = query.properties![parameter.name]!;
        expect(parameter.schema, `${name} ${parameter.name}`).toEqual(expected);
        expect(parameter.required, `${name} ${parameter.name}`).toBe(query.required?.includes(parameter.name) ?? false);
      }
      expect(parameters.length, name).toBe(inPath.length + inQuery.length);
    }
  });

  it('describes the body of every route that takes one, in each media type the route reads', () => {
    const withBody = described.filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method));
    expect(withBody.map(describedName).sort()).toEqual([
      'PATCH /api/slides/:id',
      'POST /api/imports/:kind',
      'POST /api/slides',
      'POST /api/slides/import',
      'PUT /api/slides/order',
    ]);
    for (const route of described) {
      const { requestBody } = operationOf(route)!;
      if (!withBody.includes(route)) {
        expect(requestBody, describedName(route)).toBeUndefined();
        continue;
      }
      expect(requestBody?.required, describedName(route)).toBe(true);
      expect(Object.keys(requestBody!.content), describedName(route)).toEqual(
        route.schema.consumes ?? ['application/json'],
      );
      for (const { schema } of Object.values(requestBody!.content)) {
        expect(schema, describedName(route)).toEqual(route.schema.body ?? route.schema.requestBody!.schema);
      }
    }
    const file = operationOf({ method: 'POST', url: '/api/imports/:kind' })!.requestBody!.content;
    expect(Object.keys(file)).toEqual([
      'text/csv',
      'application/geo+json',
      'application/json',
      'application/octet-stream',
    ]);
    expect(file['text/csv']!.schema).toEqual({ type: 'string', format: 'binary' });
  });

  it('declares the write token on exactly the routes that refuse a request without it', async () => {
    expect(document.components.securitySchemes.writeToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    const guarded: string[] = [];
    const declared: string[] = [];
    for (const route of described) {
      const operation = operationOf(route)!;
      const sample = (p: Parameter) => String((p.schema.enum as unknown[] | undefined)?.[0] ?? 1);
      const url = operation.parameters
        .filter((p) => p.in === 'path')
        .reduce((u, p) => u.replace(`:${p.name}`, sample(p)), route.url);
      const required = operation.parameters.filter((p) => p.in === 'query' && p.required);
      const query = new URLSearchParams(required.map((p) => [p.name, sample(p)])).toString();
      const response = await real.app.inject({
        method: route.method as 'GET',
        url: query ? `${url}?${query}` : url,
      });
      if (response.statusCode === 403) {
        expect(response.json().code, describedName(route)).toBe('WritesDisabled');
        guarded.push(describedName(route));
      }
      if (operation.security) {
        expect(operation.security, describedName(route)).toEqual([{ writeToken: [] }]);
        expect(Object.keys(operation.responses), describedName(route)).toEqual(expect.arrayContaining(['401', '403']));
        declared.push(describedName(route));
      }
    }
    expect(declared).toEqual(guarded);
    expect(declared.length).toBe(7);
  });

  it('gives every route a summary, a tag and its successful answer', () => {
    for (const { method, path, operation } of operations()) {
      expect(operation.summary, `${method} ${path}`).toMatch(/^\S/);
      expect(operation.tags?.length, `${method} ${path}`).toBe(1);
      expect(Object.keys(operation.responses).filter((s) => s.startsWith('2')).length, `${method} ${path}`).toBe(1);
    }
    expect(operationOf({ method: 'DELETE', url: '/api/imports/:id' })!.responses['204']).toEqual({
      description: 'Done',
    });
    expect(operationOf({ method: 'GET', url: '/api/indicators/:indicatorId' })!.responses['200']).toMatchObject({
      content: { 'application/json': {}, 'text/csv': {} },
    });
  });
});

describe("README's API table and the document", () => {
  /** Method and path of each route the table lists: "`GET /api/sources`, `/api/sources/{id}`" gives two. */
  function tableRoutes(): string[] {
    const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('\n## API\n'));
    const routes: string[] = [];
    for (const line of section.split('\n')) {
      const first = /^\| (`(?:GET|POST|PUT|PATCH|DELETE) [^|]*)\|/.exec(line)?.[1];
      if (!first) continue;
      let method = '';
      for (const [, code] of first.matchAll(/`([^`]+)`/g)) {
        const [given, route] = code!.includes(' ') ? code!.split(' ') : [method, code!];
        method = given!;
        routes.push(`${method} ${route!.split('?')[0]}`);
      }
    }
    return routes;
  }
  /** Path parameters named alike: the table writes {id} where the document has {indicatorId}. */
  const shape = (route: string) => route.replace(/\{\w+\}/g, '{}');

  it('has every route of the table in the document', () => {
    const table = tableRoutes();
    expect(table).toEqual(expect.arrayContaining(['GET /api/indicators/{id}', 'POST /api/imports/{kind}']));
    expect(table.length).toBeGreaterThan(25);
    const documented = new Set(operations().map(({ method, path: p }) => shape(`${method} ${p}`)));
    // The table writes the collections' routes once, with {id}: the document has them for each collection.
    const collectionRoute = (route: string) => route.replace('/ogc/collections/{}', '/ogc/collections/communes');
    const missing = table
      .map(shape)
      .filter((route) => !documented.has(route) && !documented.has(collectionRoute(route)));
    expect(missing).toEqual([]);
  });

  it('lists every route of the document outside /ogc', () => {
    const table = new Set(tableRoutes().map(shape));
    const missing = operations()
      .map(({ method, path: p }) => `${method} ${p}`)
      .filter((route) => !route.includes(' /ogc') && !table.has(shape(route)));
    expect(missing).toEqual([]);
  });
});
