import type { FastifyInstance, RouteHandlerMethod } from 'fastify';
import { htmlPage } from './html.ts';
import { jsonAndHtmlLinks, MEDIA } from './links.ts';
import type { Resource, View } from './resource.ts';

/** The subset of JSON Schema the routes use, which OpenAPI 3.0 accepts as is. */
export interface ParameterSchema {
  type: 'string' | 'integer' | 'number';
  description: string;
  enum?: readonly string[];
  pattern?: string;
  minimum?: number;
  default?: string | number;
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
 * Registers GET routes with Fastify and keeps them to describe: the OpenAPI document is made from the
 * same schemas the server validates requests with. Unknown query parameters are refused.
 */
export class ApiRegistry {
  private readonly routes: ApiRoute[] = [];

  constructor(private readonly app: FastifyInstance) {}

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
    const paths: Record<string, unknown> = {};
    for (const route of this.routes) {
      const path = route.path.replace(/:(\w+)/g, '{$1}');
      paths[path] = {
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
    return {
      openapi: '3.0.3',
      info: {
        title: 'Alpine Territories Atlas – OGC API – Features',
        version: '1.0.0',
        description:
          'Communes, territories, rail stations and lines and services of the Alpine pilot territories, with the ' +
          'source of every value.',
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
      },
    };
  }

  /** Rows for the HTML view of the API: one per route and parameter. */
  summary() {
    return this.routes.map((route) => ({
      path: route.path.replace(/:(\w+)/g, '{$1}'),
      summary: route.summary,
      parameters: Object.keys(route.query).join(', '),
      formats: route.produces.join(', '),
    }));
  }
}

/** The API definition: the OpenAPI 3.0 document, or a readable list of its paths and parameters. */
export function apiPage(api: ApiRegistry, { format, lang, base, url }: View): Resource {
  if (format === 'json') return { body: JSON.stringify(api.document(base)), jsonType: MEDIA.openapi };
  return {
    body: htmlPage({
      lang,
      title: 'Alpine Territories Atlas – API',
      description:
        'Every path of the API with its query parameters. ' +
        'The OpenAPI 3.0 document has their types and allowed values.',
      links: jsonAndHtmlLinks(url, format, MEDIA.openapi),
      table: { columns: ['path', 'summary', 'parameters', 'formats'], rows: api.summary().map((cells) => ({ cells })) },
    }),
  };
}
