import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../api-error.ts';
import type { AtlasData } from '../atlas-data.ts';
import { perRelease, type LiveData } from '../live-data.ts';
import { SpatialIndex } from '../ogc/spatial-index.ts';
import { LANGUAGES, type Language } from '../../vocabulary/languages.ts';
import { baseUrlOf, chooseFormat, chooseLanguage, type Format } from '../negotiate.ts';
import { sendPrebuilt } from '../prebuilt.ts';
import { cachedResponse, responseCache } from '../ogc/cache-policy.ts';
import {
  collectionPage,
  collectionsPage,
  describeCollection,
  schemaPage,
  type Collection,
} from '../ogc/collections.ts';
import { conformancePage } from '../ogc/conformance.ts';
import {
  BBOX_PATTERN,
  DATETIME_PATTERN,
  DEFAULT_LIMIT,
  filtersOf,
  MAX_LIMIT,
  pageOf,
  parseBbox,
  parsePropertyList,
  selectFeatures,
  selectPeriods,
} from '../ogc/items-query.ts';
import { renderItem, renderItems, type Rendering } from '../ogc/items.ts';
import { landingPage } from '../ogc/landing.ts';
import { MEDIA } from '../ogc/links.ts';
import { apiPage, ApiRegistry, type ApiRoute, type ParameterSchema } from '../ogc/openapi.ts';
import { FILE_FORMATS, type Resource, type View } from '../ogc/resource.ts';

const DOCUMENT_FORMATS: readonly Format[] = ['json', 'html'];
const FEATURE_FORMATS: readonly Format[] = ['json', 'csv', 'html', 'gpkg', 'fgb'];

const formatParameter = (formats: readonly Format[]): ParameterSchema => ({
  type: 'string',
  enum: formats,
  description: `Response format (overrides the Accept header): ${formats.join(', ')}`,
});
const langParameter: ParameterSchema = {
  type: 'string',
  enum: LANGUAGES,
  description: 'Language of titles and descriptions (overrides Accept-Language); default en',
};
const documentQuery = { f: formatParameter(DOCUMENT_FORMATS), lang: langParameter };

/** OGC API – Features, Part 1 Core with GeoJSON, HTML and OpenAPI 3.0, plus CSV items and queryables. */
export async function ogcRoutes(app: FastifyInstance, { live, basePath }: { live: LiveData; basePath: string }) {
  const api = new ApiRegistry(app, app.registeredRoutes);
  /** Collections and rendered responses of one release: imports change features, periods and sources. */
  const release = perRelease(live, (data: AtlasData) => {
    const communes = data.featureLayers.find((layer) => layer.id === 'communes')?.features ?? [];
    const collections = data.featureLayers.map((layer) =>
      describeCollection(
        layer,
        data.layerRecords.find((r) => r.id === layer.id)!,
        data.indicators.indicators,
        data.sources,
        communes,
      ),
    );
    const byId = (c: Collection) => new Map(c.layer.features.map((f) => [f.id, f]));
    const indexed = (c: Collection) => ({ features: c.layer.features, index: new SpatialIndex(c.layer.features) });
    return {
      data,
      collections,
      byLayer: new Map(collections.map((c) => [c.layer.id, { collection: c, byId: byId(c), indexed: indexed(c) }])),
      cache: responseCache(),
    };
  });

  /** Negotiates the format and language, then answers from the release's cache, rendering on a miss. */
  function respond(
    request: FastifyRequest,
    reply: FastifyReply,
    offered: readonly Format[],
    render: (view: View) => Resource,
    fileName?: string,
  ) {
    const query = request.query as { f?: Format; lang?: Language };
    const format = chooseFormat(query.f, request.headers.accept, offered);
    // A GIS file is saved, not shown: named after its collection.
    if (fileName && FILE_FORMATS.includes(format))
      reply.header('Content-Disposition', `attachment; filename="${fileName}.${format}"`);
    const asked = {
      format,
      lang: chooseLanguage(query.lang, request.headers['accept-language']),
      base: baseUrlOf(request, basePath),
      path: request.url,
    };
    const { cache, data } = release();
    return sendPrebuilt(request, reply, cachedResponse(cache, data.buildId, asked, render));
  }

  /** A resource offered as JSON (of its media type) and HTML. */
  function getDocument(
    route: Omit<ApiRoute, 'query' | 'produces' | 'handler'>,
    jsonType: string,
    render: (view: View) => Resource,
  ) {
    api.get({
      ...route,
      query: documentQuery,
      produces: [jsonType, MEDIA.html],
      handler: (request, reply) => respond(request, reply, DOCUMENT_FORMATS, render),
    });
  }

  getDocument(
    {
      path: '/ogc',
      operationId: 'getLandingPage',
      tag: 'Capabilities',
      summary: 'Landing page',
    },
    MEDIA.json,
    landingPage,
  );
  getDocument(
    {
      path: '/ogc/conformance',
      operationId: 'getConformance',
      tag: 'Capabilities',
      summary: 'Conformance classes the API implements',
    },
    MEDIA.json,
    conformancePage,
  );
  getDocument(
    {
      path: '/ogc/api',
      operationId: 'getApiDescription',
      tag: 'Capabilities',
      summary: 'This API definition (OpenAPI 3.0)',
    },
    MEDIA.openapi,
    (view) => apiPage(api, view),
  );
  getDocument(
    {
      path: '/ogc/collections',
      operationId: 'getCollections',
      tag: 'Capabilities',
      summary: 'The collections of the atlas',
    },
    MEDIA.json,
    (view) => collectionsPage(release().collections, view),
  );

  // The routes of each collection are registered once; their handlers read the current release's features.
  for (const collection of release().collections) registerCollection(collection);

  function registerCollection(registered: Collection) {
    const { layer } = registered;
    const path = `/ogc/collections/${layer.id}`;
    const propertyNames = registered.properties.map((p) => p.name);
    const current = () => release().byLayer.get(layer.id)!;
    const periods = registered.indicators.flatMap((i) => i.periods.map((p) => p.period));
    const periodQuery: Record<string, ParameterSchema> =
      registered.indicators.length === 0
        ? {}
        : {
            period: {
              type: 'string',
              description:
                'Periods of the indicator values (comma-separated), each applied to the indicators that have it; ' +
                `by default each feature shows its latest value. One of: ${[...new Set(periods)].join(', ')}`,
            },
            datetime: {
              type: 'string',
              pattern: DATETIME_PATTERN,
              description:
                'RFC 3339 date, date-time or interval (open ends ".."): ' +
                'each indicator shows its latest dated period at or before the instant, or within the interval',
            },
          };
    const featureQuery = {
      f: formatParameter(FEATURE_FORMATS),
      lang: langParameter,
      properties: {
        type: 'string',
        description: `Properties to return (comma-separated) from: ${propertyNames.join(', ')}`,
      },
      skipGeometry: {
        type: 'boolean',
        default: false,
        description: 'true: features without their geometry (GeoJSON: each with its bbox; CSV: no lon, lat or wkt)',
      },
      ...periodQuery,
    } satisfies Record<string, ParameterSchema>;

    function rendering(request: FastifyRequest, view: View): Rendering {
      const query = request.query as { properties?: string; period?: string; datetime?: string; skipGeometry: boolean };
      const { collection } = current();
      return {
        ...view,
        collection,
        store: release().data.indicators,
        selection: selectPeriods(collection.indicators, query.period, query.datetime),
        names:
          query.properties === undefined ? propertyNames : parsePropertyList(query.properties, layer, propertyNames),
        timeStamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        skipGeometry: query.skipGeometry,
      };
    }

    getDocument(
      {
        path,
        operationId: `describe-${layer.id}`,
        tag: layer.id,
        summary: `Metadata of ${layer.id}: titles, extent, licences and sources`,
      },
      MEDIA.json,
      (view) => collectionPage(current().collection, view),
    );

    const schemas = [
      ['queryables', `Properties of ${layer.id} that items can be filtered on`],
      ['schema', `Properties of the features of ${layer.id}: names, types, descriptions`],
    ] as const;
    for (const [resource, summary] of schemas) {
      getDocument(
        { path: `${path}/${resource}`, operationId: `${resource}-${layer.id}`, tag: layer.id, summary },
        MEDIA.schema,
        (view) => schemaPage(resource, current().collection, view),
      );
    }

    api.get({
      path: `${path}/items`,
      operationId: `items-${layer.id}`,
      tag: layer.id,
      summary: `Features of ${layer.id}, filtered and paged`,
      query: {
        ...featureQuery,
        bbox: {
          type: 'string',
          pattern: BBOX_PATTERN,
          description: 'west,south,east,north in degrees (WGS84): features whose geometry intersects the box',
        },
        limit: {
          type: 'integer',
          minimum: 1,
          default: DEFAULT_LIMIT,
          description:
            `Features per page; larger values than ${MAX_LIMIT} are treated as ${MAX_LIMIT}. ` +
            'A GeoPackage or FlatGeobuf file (f=gpkg, f=fgb) holds every matching feature unless limit is given',
        },
        offset: {
          type: 'integer',
          minimum: 0,
          default: 0,
          description: 'Number of matching features to skip (the next and prev links set it)',
        },
        ...Object.fromEntries(
          layer.queryables.map((q) => [
            q.name,
            { type: 'string', description: `Equality filter: ${q.description}` } satisfies ParameterSchema,
          ]),
        ),
      },
      produces: [MEDIA.geojson, MEDIA.csv, MEDIA.html],
      handler: (request, reply) =>
        respond(
          request,
          reply,
          FEATURE_FORMATS,
          (view) => {
            const query = request.query as Record<string, string | undefined> & { limit: number; offset: number };
            const { limit, offset } = pageOf(query);
            const r = rendering(request, view);
            const bbox = query.bbox === undefined ? undefined : parseBbox(query.bbox);
            const matched = selectFeatures(current().indexed, bbox, filtersOf(layer.queryables, query));
            // A file holds every matching feature unless a limit is asked for.
            const whole = FILE_FORMATS.includes(view.format) && !view.url.searchParams.has('limit');
            return renderItems(r, matched, offset, whole ? matched.length : limit);
          },
          layer.id,
        ),
    });

    api.get({
      path: `${path}/items/:featureId`,
      operationId: `item-${layer.id}`,
      tag: layer.id,
      summary: `One feature of ${layer.id}`,
      pathParameters: {
        featureId: { type: 'string', description: `Id of the feature, e.g. ${layer.features[0]?.id ?? ''}` },
      },
      query: featureQuery,
      produces: [MEDIA.geojson, MEDIA.csv, MEDIA.html],
      handler: (request, reply) => {
        const { featureId } = request.params as { featureId: string };
        const feature = current().byId.get(featureId);
        if (!feature) throw notFound(`Collection "${layer.id}" has no feature "${featureId}"`);
        return respond(
          request,
          reply,
          FEATURE_FORMATS,
          (view) => renderItem(rendering(request, view), feature),
          `${layer.id}-${featureId.replace(/[^\w.-]/g, '_')}`,
        );
      },
    });
  }
}
