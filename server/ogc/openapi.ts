import type { FastifyInstance, RouteHandlerMethod } from 'fastify';
import { htmlPage } from './html.ts';
import { columnLabels, say } from './html-messages.ts';
import { jsonAndHtmlLinks, MEDIA } from './links.ts';
import { openApiPath, type RegisteredRoutes, SECURITY_SCHEMES } from './registered-routes.ts';
import type { Resource, View } from './resource.ts';

/** The subset of JSON Schema the routes use, which OpenAPI 3.0 accepts as is. */
export interface ParameterSchema {
  type: 'string' | 'integer' | 'number' | 'boolean';
  description: string;
  enum?: readonly string[];
  pattern?: string;
  minimum?: number;
  default?: string | number | boolean;
}

export interface ApiRoute {
  /** Fastify path, e.g. /ogc/collections/communes/items/:featureId */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  query: Record<string, ParameterSchema>;
  pathParameters?: Record<string, ParameterSchema>;
  /** Media types of the 200 response. */
  produces: string[];
  handler: RouteHandlerMethod;
}

/**
 * Registers the GET routes of /ogc with Fastify and keeps them to describe; every other route the server
 * registers is described from its own schema (RegisteredRoutes). The OpenAPI document is made from the same
 * schemas the server validates requests with. Unknown query parameters are refused.
 */
export class ApiRegistry {
  private readonly routes: ApiRoute[] = [];

  constructor(
    private readonly app: FastifyInstance,
    private readonly registered: RegisteredRoutes,
  ) {}

  get(route: ApiRoute): void {
    this.routes.push(route);
    const objectSchema = (properties: Record<string, ParameterSchema>) => ({
      type: 'object',
      properties,
      additionalProperties: false,
    });
    this.app.get(
      route.path,
      {
        schema: {
          querystring: objectSchema(route.query),
          ...(route.pathParameters ? { params: objectSchema(route.pathParameters) } : {}),
        },
      },
      route.handler,
    );
  }

  document(serverUrl: string) {
    const parameter = (name: string, schema: ParameterSchema, where: 'query' | 'path') => {
      const { description, ...rest } = schema;
      return {
        name,
        in: where,
        description,
        required: where === 'path',
        schema: rest,
        ...(where === 'query' ? { style: 'form', explode: false } : {}),
      };
    };
    const paths: Record<string, Record<string, object>> = {};
    for (const route of this.routes) {
      paths[openApiPath(route.path)] = {
        get: {
          operationId: route.operationId,
          summary: route.summary,
          tags: [route.tag],
          parameters: [
            ...Object.entries(route.pathParameters ?? {}).map(([name, s]) => parameter(name, s, 'path')),
            ...Object.entries(route.query).map(([name, s]) => parameter(name, s, 'query')),
          ],
          responses: {
            200: { description: 'The resource', content: Object.fromEntries(route.produces.map((type) => [type, {}])) },
            304: { description: 'Not modified since the ETag given in If-None-Match' },
            400: {
              description: 'A parameter is invalid: {code, description} names it and what was expected',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/exception' } } },
            },
            404: {
              description: 'No such collection or feature',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/exception' } } },
            },
          },
        },
      };
    }
    Object.assign(paths, this.registered.paths(new Set(this.routes.map((r) => r.path))));
    return {
      openapi: '3.0.3',
      info: {
        title: 'Alpine Territories Atlas API',
        version: '1.0.0',
        description:
          'Communes, territories, rail stations and lines and services of the Alpine pilot territories, with the ' +
          "source of every value: OGC API – Features under /ogc, the atlas's own JSON API under /api.",
        license: { name: "Data: see each collection's license links and /api/sources" },
      },
      servers: [{ url: serverUrl }],
      paths,
      components: {
        schemas: {
          exception: {
            type: 'object',
            required: ['code', 'description'],
            properties: { code: { type: 'string' }, description: { type: 'string' } },
          },
        },
        securitySchemes: SECURITY_SCHEMES,
      },
    };
  }

  /** Rows for the HTML view of the API: one per operation (the path alone for GET), with its query parameters. */
  summary() {
    return Object.entries(this.document('').paths).flatMap(([path, operations]) =>
      Object.entries(operations as Record<string, Operation>).map(([method, operation]) => {
        const success = Object.entries(operation.responses).find(([status]) => status.startsWith('2'))?.[1];
        return {
          path: method === 'get' ? path : `${method.toUpperCase()} ${path}`,
          summary: operation.summary ?? '',
          parameters: operation.parameters
            .filter((p) => p.in === 'query')
            .map((p) => p.name)
            .join(', '),
          formats: Object.keys(success?.content ?? {}).join(', '),
        };
      }),
    );
  }
}

/** What the HTML view reads of an operation of the document. */
interface Operation {
  summary?: string;
  parameters: { name: string; in: string }[];
  responses: Record<string, { content?: Record<string, unknown> }>;
}

/** The API definition: the OpenAPI 3.0 document, or a readable list of its paths and parameters. */
export function apiPage(api: ApiRegistry, { format, lang, base, url }: View): Resource {
  if (format === 'json') return { body: JSON.stringify(api.document(base)), jsonType: MEDIA.openapi };
  return {
    body: htmlPage({
      lang,
      base,
      place: { page: 'api' },
      title: say(lang, 'api'),
      description: say(lang, 'apiLead'),
      links: jsonAndHtmlLinks(url, format, MEDIA.openapi),
      table: {
        columns: ['path', 'summary', 'parameters', 'formats'],
        labels: columnLabels(lang, ['path', 'summary', 'parameters', 'formats']),
        rows: api.summary().map((cells) => ({ cells })),
      },
    }),
  };
}
