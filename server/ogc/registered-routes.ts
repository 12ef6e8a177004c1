import type { FastifyInstance, FastifySchema } from 'fastify';

/** A JSON Schema of one value, as the routes write them: the subset OpenAPI 3.0 takes as is. */
export type ValueSchema = { description?: string } & Record<string, unknown>;

declare module 'fastify' {
  /**
   * The OpenAPI keywords a route's schema carries beside what Fastify validates: Fastify keeps them and ignores
   * them, and the OpenAPI document (/ogc/api) is written from them.
   */
  interface FastifySchema {
    /** One line: what the route answers or does. */
    summary?: string;
    /** What the summary cannot say in one line. */
    description?: string;
    /** The groups the route is listed under. */
    tags?: readonly string[];
    /** Media types of the request body the route reads. */
    consumes?: readonly string[];
    /** The body as documented, for routes that check it themselves (to name every problem) instead of by `body`. */
    requestBody?: { description: string; schema: ValueSchema };
    /** Media types of the successful answer; JSON unless given. */
    produces?: readonly string[];
    /** Status of the successful answer, when it is not 200. */
    successStatus?: 201 | 204;
    /** What the route requires of the client: WRITE_TOKEN. */
    security?: readonly Record<string, readonly string[]>[];
  }
  interface FastifyInstance {
    registeredRoutes: RegisteredRoutes;
  }
}

/** The write routes' requirement: `Authorization: Bearer <ATLAS_WRITE_TOKEN>` (server/write-token.ts). */
export const WRITE_TOKEN = [{ writeToken: [] }] as const;

export const SECURITY_SCHEMES = {
  writeToken: {
    type: 'http',
    scheme: 'bearer',
    description:
      'The token the server was started with (ATLAS_WRITE_TOKEN), as "Authorization: Bearer <token>". Without the ' +
      'header the write routes answer 401; on a server started without a token they answer 403.',
  },
} as const;

/**
 * Routes the server registers that are not part of the API, and why the document leaves them out: they serve the
 * files of pages, or answer 404. Registered by plugins that carry no description (@fastify/static, errors.ts) or by
 * other pages, hence listed here, in one place.
 */
const NOT_API: readonly { matches: (url: string) => boolean; reason: string }[] = [
  { matches: (url) => url === '/*', reason: "the dashboard: the built client's files (index.html, hashed assets)" },
  { matches: (url) => url === '/api/*' || url === '/ogc/*', reason: 'the 404 answer to a path no API route takes' },
  { matches: (url) => url.endsWith('.css'), reason: 'a stylesheet of an HTML page' },
];

export interface RegisteredRoute {
  method: string;
  /** Fastify's path, e.g. /api/indicators/:indicatorId */
  url: string;
  schema: FastifySchema;
  /** Why the document leaves the route out, if it does. */
  hidden?: string;
}

const JSON_MEDIA = 'application/json';
const exception = (description: string) => ({
  description,
  content: { [JSON_MEDIA]: { schema: { $ref: '#/components/schemas/exception' } } },
});

/** What the successful answer of a write says. */
const DONE = { 200: 'Done: the changed resource', 201: 'Created: the new resource', 204: 'Done' } as const;

/** The OpenAPI form of a Fastify path: /api/communes/:code → /api/communes/{code}. */
export const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

/**
 * Every route Fastify registers, with its method, path and schema, seen through an onRoute hook: the document
 * describes what the server actually serves, and a route without a description cannot go unnoticed.
 */
export class RegisteredRoutes {
  private readonly routes: RegisteredRoute[] = [];

  /** Collects the routes of `app`, made before any route is registered; tests read them as app.registeredRoutes. */
  static collect(app: FastifyInstance): RegisteredRoutes {
    const collected = new RegisteredRoutes();
    app.addHook('onRoute', ({ method, url, schema = {} }) => {
      const hidden = NOT_API.find((rule) => rule.matches(url))?.reason;
      for (const one of [method].flat()) collected.routes.push({ method: one, url, schema, hidden });
    });
    app.decorate('registeredRoutes', collected);
    return collected;
  }

  list(): readonly RegisteredRoute[] {
    return this.routes;
  }

  /**
   * The OpenAPI path items of the routes, but for hidden ones, those at `describedElsewhere` (Fastify paths) and
   * the HEAD Fastify adds to each GET, which answers its headers.
   */
  paths(describedElsewhere: ReadonlySet<string>): Record<string, Record<string, object>> {
    const paths: Record<string, Record<string, object>> = {};
    const getUrls = new Set(this.routes.filter((r) => r.method === 'GET').map((r) => r.url));
    for (const { method, url, schema, hidden } of this.routes) {
      if (hidden || describedElsewhere.has(url) || (method === 'HEAD' && getUrls.has(url))) continue;
      const path = openApiPath(url);
      paths[path] = { ...paths[path], [method.toLowerCase()]: operation(method, url, schema) };
    }
    return paths;
  }
}

interface ObjectSchema {
  properties: Record<string, ValueSchema>;
  required: readonly string[];
}

function objectSchema(schema: unknown): ObjectSchema {
  const { properties = {}, required = [] } = (schema ?? {}) as Partial<ObjectSchema>;
  return { properties, required };
}

function parameter(name: string, where: 'path' | 'query', value: ValueSchema, required: boolean) {
  const { description, ...schema } = value;
  return { name, in: where, ...(description === undefined ? {} : { description }), required, schema };
}

/** The OpenAPI operation of one route, from its schema's validated parts and its OpenAPI keywords. */
function operation(method: string, url: string, schema: FastifySchema) {
  const params = objectSchema(schema.params);
  const query = objectSchema(schema.querystring);
  const pathNames = [...url.matchAll(/:(\w+)/g)].map((match) => match[1]!);
  const body = requestBody(schema);
  const secured = schema.security !== undefined && schema.security.length > 0;
  const status = schema.successStatus ?? 200;
  const produces = schema.produces ?? [JSON_MEDIA];
  return {
    operationId: `${method.toLowerCase()}${url.replace(/[^\w]+/g, '-')}`.replace(/-$/, ''),
    ...(schema.summary === undefined ? {} : { summary: schema.summary }),
    ...(schema.description === undefined ? {} : { description: schema.description }),
    ...(schema.tags === undefined ? {} : { tags: schema.tags }),
    parameters: [
      ...pathNames.map((name) => parameter(name, 'path', params.properties[name] ?? { type: 'string' }, true)),
      ...Object.entries(query.properties).map(([name, value]) =>
        parameter(name, 'query', value, query.required.includes(name)),
      ),
    ],
    ...(body ? { requestBody: body } : {}),
    ...(secured ? { security: schema.security } : {}),
    responses: {
      [status]: {
        description: method === 'GET' ? (schema.summary ?? 'The answer') : DONE[status],
        ...(status === 204 ? {} : { content: Object.fromEntries(produces.map((type) => [type, {}])) }),
      },
      400: exception(
        body
          ? 'A parameter or the body is invalid: {code, description}, and for a body every problem (errors)'
          : 'A parameter is invalid: {code, description} names it and what was expected',
      ),
      ...(secured
        ? {
            401: exception('The write token is missing or wrong'),
            403: exception('Writes are off: the server was started without ATLAS_WRITE_TOKEN'),
          }
        : {}),
      ...(pathNames.length > 0 ? { 404: exception(`Nothing has this ${pathNames.join(', ')}`) } : {}),
      ...(body
        ? {
            413: exception('The body is larger than the route accepts'),
            415: exception(`The body's Content-Type is not one of: ${Object.keys(body.content).join(', ')}`),
          }
        : {}),
    },
  };
}

/** The request body: validated by Fastify (`body`), or documented for a route that checks it itself. */
function requestBody(schema: FastifySchema) {
  const documented = schema.requestBody;
  if (schema.body === undefined && documented === undefined) return undefined;
  const bodySchema = (schema.body ?? documented!.schema) as ValueSchema;
  const consumes = schema.consumes ?? [JSON_MEDIA];
  return {
    ...(documented === undefined ? {} : { description: documented.description }),
    required: true,
    content: Object.fromEntries(consumes.map((type) => [type, { schema: bodySchema }])),
  };
}
