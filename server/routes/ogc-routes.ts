import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { invalidParameter, notFound } from '../api-error.ts';
import type { AtlasData } from '../atlas-data.ts';
import { perRelease, type LiveData } from '../live-data.ts';
import { LANGUAGES, type Language } from '../../vocabulary/languages.ts';
import { baseUrlOf, chooseFormat, chooseLanguage, type Format } from '../negotiate.ts';
import { prebuild, sendPrebuilt } from '../prebuilt.ts';
import { ResponseCache } from '../response-cache.ts';
import { collectionDocument, describeCollection, queryablesDocument, schemaDocument, type Collection } from '../ogc/collections.ts';
import { htmlPage } from '../ogc/html.ts';
import { BBOX_PATTERN, DATETIME_PATTERN, DEFAULT_LIMIT, MAX_LIMIT, parseBbox, parsePropertyList, selectFeatures, selectPeriods } from '../ogc/items-query.ts';
import { CONTENT_TYPES, renderItem, renderItems, type Rendering } from '../ogc/items.ts';
import { formatLinks, MEDIA } from '../ogc/links.ts';
import { ApiRegistry, type ParameterSchema } from '../ogc/openapi.ts';

export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters',
];

/** Rendered responses kept in memory, at most this many bytes of bodies. */
const CACHE_BYTES = 64 * 1024 * 1024;

interface View {
  format: Format;
  lang: Language;
  base: string;
  url: URL;
}

interface Resource {
  body: string;
  /** Media type of the JSON form; the other forms have theirs. */
  jsonType?: string;
}

const formatParameter = (formats: readonly Format[]): ParameterSchema => ({
  type: 'string', enum: formats, description: `Response format (overrides the Accept header): ${formats.join(', ')}`,
});
const langParameter: ParameterSchema = {
  type: 'string', enum: LANGUAGES, description: 'Language of titles and descriptions (overrides Accept-Language); default en',
};
const metaQuery = { f: formatParameter(['json', 'html']), lang: langParameter };

/** OGC API – Features, Part 1 Core with GeoJSON, HTML and OpenAPI 3.0, plus CSV items and queryables. */
export async function ogcRoutes(app: FastifyInstance, { live }: { live: LiveData }) {
  const api = new ApiRegistry(app);
  /** Collections and rendered responses of one release: imports change features, periods and sources. */
  const release = perRelease(live, (data: AtlasData) => {
    const collections = data.featureLayers.map((layer) =>
      describeCollection(layer, data.layerRecords.find((r) => r.id === layer.id)!, data.indicators.indicators, data.sources));
    return {
      data,
      collections,
      byLayer: new Map(collections.map((c) => [c.layer.id, { collection: c, byId: new Map(c.layer.features.map((f) => [f.id, f])) }])),
      cache: new ResponseCache(CACHE_BYTES),
    };
  });

  /** Answers from the cache, rendering on a miss: one render per URL, format, language and host. */
  function respond(request: FastifyRequest, reply: FastifyReply, offered: readonly Format[], render: (view: View) => Resource) {
    const query = request.query as { f?: Format; lang?: Language };
    const format = chooseFormat(query.f, request.headers.accept, offered);
    const lang = chooseLanguage(query.lang, request.headers['accept-language']);
    const base = baseUrlOf(request);
    const key = `${format} ${lang} ${base}${request.url}`;
    const { cache, data } = release();
    const prebuilt = cache.get(key, () => {
      const { body, jsonType = MEDIA.json } = render({ format, lang, base, url: new URL(request.url, base) });
      const contentType = format === 'json' ? jsonType : CONTENT_TYPES[format];
      const etag = `${data.buildId}-${createHash('sha1').update(key).digest('hex').slice(0, 16)}`;
      return prebuild(body, etag, contentType, { vary: 'Accept, Accept-Language', contentLanguage: lang, compression: 'fast' });
    });
    return sendPrebuilt(request, reply, prebuilt);
  }

  api.get({
    path: '/ogc', operationId: 'getLandingPage', tag: 'Capabilities', summary: 'Landing page',
    query: metaQuery, produces: [MEDIA.json, MEDIA.html],
    handler: (request, reply) => respond(request, reply, ['json', 'html'], ({ format, lang, base, url }) => {
      const title = 'Alpine Territories Atlas';
      const description = 'Communes, territories, rail stations and lines and services of the Alpine pilot territories (Briançonnais and neighbours, PlurAlps pilots), with the source of every value.';
      const links = [
        ...formatLinks(url, format, [{ format: 'json', type: MEDIA.json }, { format: 'html', type: MEDIA.html }]),
        { href: `${base}/ogc/api`, rel: 'service-desc', type: MEDIA.openapi, title: 'The API definition (OpenAPI 3.0)' },
        { href: `${base}/ogc/api?f=html`, rel: 'service-doc', type: MEDIA.html, title: 'The API documentation' },
        { href: `${base}/ogc/conformance`, rel: 'conformance', type: MEDIA.json, title: 'Conformance classes' },
        { href: `${base}/ogc/collections`, rel: 'data', type: MEDIA.json, title: 'Collections' },
        { href: `${base}/api/sources`, rel: 'describedby', type: MEDIA.json, title: 'Every source: publisher, URL, licence, vintage, checksum' },
      ];
      return { body: format === 'html' ? htmlPage({ lang, title, description, links }) : JSON.stringify({ title, description, links }) };
    }),
  });

  api.get({
    path: '/ogc/conformance', operationId: 'getConformance', tag: 'Capabilities', summary: 'Conformance classes the API implements',
    query: metaQuery, produces: [MEDIA.json, MEDIA.html],
    handler: (request, reply) => respond(request, reply, ['json', 'html'], ({ format, lang, url }) => ({
      body: format === 'html'
        ? htmlPage({ lang, title: 'Conformance', links: formatLinks(url, format, [{ format: 'json', type: MEDIA.json }, { format: 'html', type: MEDIA.html }]), table: { columns: ['conformsTo'], rows: CONFORMANCE.map((c) => ({ cells: { conformsTo: c } })) } })
        : JSON.stringify({ conformsTo: CONFORMANCE }),
    })),
  });

  api.get({
    path: '/ogc/api', operationId: 'getApiDescription', tag: 'Capabilities', summary: 'This API definition (OpenAPI 3.0)',
    query: metaQuery, produces: [MEDIA.openapi, MEDIA.html],
    handler: (request, reply) => respond(request, reply, ['json', 'html'], ({ format, lang, base, url }) => ({
      jsonType: MEDIA.openapi,
      body: format === 'html'
        ? htmlPage({
          lang, title: 'Alpine Territories Atlas – API',
          description: 'Every path of the API with its query parameters. The OpenAPI 3.0 document has their types and allowed values.',
          links: formatLinks(url, format, [{ format: 'json', type: MEDIA.openapi }, { format: 'html', type: MEDIA.html }]),
          table: { columns: ['path', 'summary', 'parameters', 'formats'], rows: api.summary().map((cells) => ({ cells })) },
        })
        : JSON.stringify(api.document(base)),
    })),
  });

  api.get({
    path: '/ogc/collections', operationId: 'getCollections', tag: 'Capabilities', summary: 'The collections of the atlas',
    query: metaQuery, produces: [MEDIA.json, MEDIA.html],
    handler: (request, reply) => respond(request, reply, ['json', 'html'], ({ format, lang, base, url }) => {
      const links = formatLinks(url, format, [{ format: 'json', type: MEDIA.json }, { format: 'html', type: MEDIA.html }]);
      const documents = release().collections.map((c) => collectionDocument(c, lang, base));
      if (format === 'json') return { body: JSON.stringify({ links, collections: documents }) };
      return {
        body: htmlPage({
          lang, title: 'Collections', links,
          table: {
            columns: ['id', 'title', 'description'],
            rows: documents.map((d) => ({ cells: d, href: `${base}/ogc/collections/${d.id}?f=html` })),
          },
        }),
      };
    }),
  });

  // The routes of each collection are registered once; their handlers read the current release's features.
  for (const collection of release().collections) registerCollection(collection);

  function registerCollection(registered: Collection) {
    const { layer } = registered;
    const path = `/ogc/collections/${layer.id}`;
    const propertyNames = registered.properties.map((p) => p.name);
    const current = () => release().byLayer.get(layer.id)!;
    const periods = registered.indicators.flatMap((i) => i.periods.map((p) => p.period));
    const periodQuery: Record<string, ParameterSchema> = registered.indicators.length === 0 ? {} : {
      period: {
        type: 'string',
        description: `Periods of the indicator values (comma-separated), each applied to the indicators that have it; by default each feature shows its latest value. One of: ${[...new Set(periods)].join(', ')}`,
      },
      datetime: {
        type: 'string', pattern: DATETIME_PATTERN,
        description: 'RFC 3339 date, date-time or interval (open ends ".."): each indicator shows its latest dated period at or before the instant, or within the interval',
      },
    };
    const featureQuery = {
      f: formatParameter(['json', 'csv', 'html']),
      lang: langParameter,
      properties: { type: 'string', description: `Properties to return (comma-separated) from: ${propertyNames.join(', ')}` },
      ...periodQuery,
    } satisfies Record<string, ParameterSchema>;

    function rendering(request: FastifyRequest, view: View): Rendering {
      const query = request.query as { properties?: string; period?: string; datetime?: string };
      const { collection } = current();
      return {
        ...view,
        collection,
        store: release().data.indicators,
        selection: selectPeriods(collection.indicators, query.period, query.datetime),
        names: query.properties === undefined ? propertyNames : parsePropertyList(query.properties, layer, propertyNames),
        timeStamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      };
    }

    api.get({
      path, operationId: `describe-${layer.id}`, tag: layer.id, summary: `Metadata of ${layer.id}: titles, extent, licences and sources`,
      query: metaQuery, produces: [MEDIA.json, MEDIA.html],
      handler: (request, reply) => respond(request, reply, ['json', 'html'], ({ format, lang, base }) => {
        const document = collectionDocument(current().collection, lang, base);
        if (format === 'json') return { body: JSON.stringify(document) };
        const { title, description, links, ...fields } = document;
        return { body: htmlPage({ lang, title: title!, description, links, fields }) };
      }),
    });

    const schemas = [
      {
        resource: 'queryables', summary: `Properties of ${layer.id} that items can be filtered on`,
        describe: (lang: Language, base: string) => {
          const document = queryablesDocument(current().collection, lang, base);
          return { document, title: document.title, properties: document.properties };
        },
      },
      {
        resource: 'schema', summary: `Properties of the features of ${layer.id}: names, types, descriptions`,
        describe: (lang: Language, base: string) => {
          const document = schemaDocument(current().collection, lang, base);
          return { document, title: document.title, properties: document.properties.properties.properties };
        },
      },
    ];
    for (const { resource, summary, describe } of schemas) {
      api.get({
        path: `${path}/${resource}`, operationId: `${resource}-${layer.id}`, tag: layer.id, summary,
        query: metaQuery, produces: [MEDIA.schema, MEDIA.html],
        handler: (request, reply) => respond(request, reply, ['json', 'html'], ({ format, lang, base, url }) => {
          const { document, title, properties } = describe(lang, base);
          if (format === 'json') return { body: JSON.stringify(document), jsonType: MEDIA.schema };
          return {
            body: htmlPage({
              lang, title: `${title}: ${resource}`,
              links: formatLinks(url, format, [{ format: 'json', type: MEDIA.schema }, { format: 'html', type: MEDIA.html }]),
              table: { columns: ['name', 'type', 'description'], rows: Object.entries(properties).map(([name, p]) => ({ cells: { name, ...p } })) },
            }),
          };
        }),
      });
    }

    api.get({
      path: `${path}/items`, operationId: `items-${layer.id}`, tag: layer.id, summary: `Features of ${layer.id}, filtered and paged`,
      query: {
        ...featureQuery,
        bbox: { type: 'string', pattern: BBOX_PATTERN, description: 'west,south,east,north in degrees (WGS84): features whose geometry intersects the box' },
        limit: { type: 'integer', minimum: 1, default: DEFAULT_LIMIT, description: `Features per page; larger values than ${MAX_LIMIT} are treated as ${MAX_LIMIT}` },
        offset: { type: 'integer', minimum: 0, default: 0, description: 'Number of matching features to skip (the next and prev links set it)' },
        ...Object.fromEntries(layer.queryables.map((q) => [q.name, { type: 'string', description: `Equality filter: ${q.description}` } satisfies ParameterSchema])),
      },
      produces: [MEDIA.geojson, MEDIA.csv, MEDIA.html],
      handler: (request, reply) => respond(request, reply, ['json', 'csv', 'html'], (view) => {
        const query = request.query as Record<string, string | undefined> & { limit: number; offset: number };
        // ajv coerces "Infinity" and "1e400" to Infinity and lets it pass as an integer.
        for (const name of ['limit', 'offset'] as const) {
          if (!Number.isSafeInteger(query[name])) throw invalidParameter(name, 'a whole number', String(query[name]));
        }
        const r = rendering(request, view);
        const filters = layer.queryables.filter((q) => query[q.name] !== undefined).map((queryable) => ({ queryable, value: query[queryable.name]! }));
        const matched = selectFeatures(current().collection.layer.features, query.bbox === undefined ? undefined : parseBbox(query.bbox), filters);
        return { body: renderItems(r, matched, query.offset, Math.min(query.limit, MAX_LIMIT)), jsonType: MEDIA.geojson };
      }),
    });

    api.get({
      path: `${path}/items/:featureId`, operationId: `item-${layer.id}`, tag: layer.id, summary: `One feature of ${layer.id}`,
      pathParameters: { featureId: { type: 'string', description: `Id of the feature, e.g. ${layer.features[0]?.id ?? ''}` } },
      query: featureQuery,
      produces: [MEDIA.geojson, MEDIA.csv, MEDIA.html],
      handler: (request, reply) => {
        const { featureId } = request.params as { featureId: string };
        const feature = current().byId.get(featureId);
        if (!feature) throw notFound(`Collection "${layer.id}" has no feature "${featureId}"`);
        return respond(request, reply, ['json', 'csv', 'html'], (view) => ({ body: renderItem(rendering(request, view), feature), jsonType: MEDIA.geojson }));
      },
    });
  }
}
