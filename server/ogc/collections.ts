import { indicatorProperties, referenceInstant } from '../indicator-store.ts';
import type { BBox, Feature, FeatureLayer, PropertySpec } from '../layers/feature.ts';
import type { Language } from '../../vocabulary/languages.ts';
import { htmlPage, pageHref, type Provenance } from './html.ts';
import { columnLabels, say } from './html-messages.ts';
import { MAX_LIMIT } from './items-query.ts';
import { jsonAndHtmlLinks, MEDIA, type Link } from './links.ts';
import type { Resource, View } from './resource.ts';
import type { IndicatorRecord, LayerRecord, SourceRecord } from '../../vocabulary/api-records.ts';

/** Everything the API says about one collection, gathered once at start. */
export interface Collection {
  layer: FeatureLayer;
  record: LayerRecord;
  /** Indicators whose values the features carry. */
  indicators: IndicatorRecord[];
  /** Properties of a feature: the layer's, then each indicator's value, period and source. */
  properties: PropertySpec[];
  /** The layer's sources and its indicators' sources. */
  sources: SourceRecord[];
  bbox: BBox | null;
  /** First and last dated period of its indicators, as RFC 3339 instants. */
  interval: [string, string] | null;
  /** Drawn unlinked under the maps of its HTML pages: the communes, under a collection of points or lines. */
  backdrop: Feature[];
}

export function describeCollection(
  layer: FeatureLayer,
  record: LayerRecord,
  allIndicators: IndicatorRecord[],
  allSources: SourceRecord[],
  communes: Feature[] = [],
): Collection {
  const indicators = allIndicators.filter((i) => i.subject === layer.subject);
  const sourceIds = new Set([...record.sources, ...indicators.flatMap((i) => i.sources)]);
  const boxes = layer.features.flatMap((f) => (f.bbox ? [f.bbox] : []));
  const dates = indicators
    .flatMap((i) => i.periods.flatMap((p) => (p.referenceDate ? [referenceInstant(p.referenceDate)] : [])))
    .sort();
  return {
    layer,
    record,
    indicators,
    properties: [...layer.properties, ...indicators.flatMap(indicatorProperties)],
    sources: allSources.filter((s) => sourceIds.has(s.id)),
    bbox:
      boxes.length === 0
        ? null
        : [
            Math.min(...boxes.map((b) => b[0])),
            Math.min(...boxes.map((b) => b[1])),
            Math.max(...boxes.map((b) => b[2])),
            Math.max(...boxes.map((b) => b[3])),
          ],
    interval: dates.length === 0 ? null : [dates[0]!, dates.at(-1)!],
    backdrop: layer.geometryType === 'Polygon' ? [] : communes,
  };
}

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

/** The collection resource of OGC API – Features, with licence and source links. */
export function collectionDocument(collection: Collection, lang: Language, base: string) {
  const { layer, record } = collection;
  const href = `${base}/ogc/collections/${layer.id}`;
  const licences = new Map<string, Link>();
  const licensed = collection.sources.flatMap(
    (source) => source.upstreams ?? [{ titles: source.titles, licence: source.licence }],
  );
  for (const { titles, licence } of licensed) {
    if (licence.url !== null && !licences.has(licence.url)) {
      const title = `${licence.name} (${titles[lang]})`;
      licences.set(licence.url, { href: licence.url, rel: 'license', type: MEDIA.html, title });
    }
  }
  const links: Link[] = [
    { href: `${href}?f=json`, rel: 'self', type: MEDIA.json, title: 'This collection' },
    { href: `${href}?f=html`, rel: 'alternate', type: MEDIA.html, title: 'This collection as HTML' },
    { href: `${href}/items?f=json`, rel: 'items', type: MEDIA.geojson, title: 'Features as GeoJSON' },
    {
      href: `${href}/items?f=csv&limit=${MAX_LIMIT}`,
      rel: 'items',
      type: MEDIA.csv,
      title: `Features as CSV (up to ${MAX_LIMIT}, the whole layer)`,
    },
    { href: `${href}/items?f=html`, rel: 'items', type: MEDIA.html, title: 'Features as HTML' },
    {
      href: `${href}/items?f=gpkg`,
      rel: 'items',
      type: MEDIA.gpkg,
      title: 'Features as a GeoPackage file (the whole layer)',
    },
    {
      href: `${href}/items?f=fgb`,
      rel: 'items',
      type: MEDIA.fgb,
      title: 'Features as a FlatGeobuf file (the whole layer)',
    },
    {
      href: `${href}/queryables`,
      rel: 'http://www.opengis.net/def/rel/ogc/1.0/queryables',
      type: MEDIA.schema,
      title: 'Queryable properties',
    },
    {
      href: `${href}/schema`,
      rel: 'http://www.opengis.net/def/rel/ogc/1.0/schema',
      type: MEDIA.schema,
      title: 'Schema of the features',
    },
    // The same schema for GDAL 3.6, which finds it only under this spelling (relation names are
    // case-insensitive, RFC 8288) and then types every field from it, not from the first page.
    { href: `${href}/schema`, rel: 'describedBy', type: MEDIA.schema, title: 'Schema of the features' },
    ...licences.values(),
    ...collection.sources.map((source) => ({
      href: `${base}/api/sources/${source.id}`,
      rel: 'describedby',
      type: MEDIA.json,
      title: `Source: ${source.titles[lang]} (${source.publisher}, ${source.vintage})`,
    })),
    ...collection.indicators.map((indicator) => ({
      href: `${base}/api/indicators/${indicator.id}`,
      rel: 'describedby',
      type: MEDIA.json,
      title: `Indicator: ${indicator.titles[lang]}`,
    })),
  ];
  return {
    id: layer.id,
    title: record.titles[lang],
    description: record.descriptions[lang],
    itemType: 'feature',
    crs: [CRS84],
    storageCrs: CRS84,
    extent: {
      ...(collection.bbox ? { spatial: { bbox: [collection.bbox], crs: CRS84 } } : {}),
      ...(collection.interval
        ? { temporal: { interval: [collection.interval], trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian' } }
        : {}),
    },
    links,
  };
}

/**
 * JSON Schema of a feature of the collection: a GeoJSON Feature whose properties have one type each.
 * GDAL reads it to type every field, instead of guessing types from the first page of features.
 */
export function schemaDocument(collection: Collection, lang: Language, base: string) {
  const geometryTypes =
    collection.layer.geometryType === 'Polygon' ? ['Polygon', 'MultiPolygon'] : [collection.layer.geometryType];
  return {
    $schema: 'https://json-schema.org/draft/2019-09/schema',
    $id: `${base}/ogc/collections/${collection.layer.id}/schema`,
    title: collection.record.titles[lang],
    type: 'object',
    required: ['type', 'id', 'geometry', 'properties'],
    properties: {
      type: { type: 'string', enum: ['Feature'] },
      id: { type: 'string' },
      geometry: {
        oneOf: [{ type: 'null' }, { type: 'object', properties: { type: { type: 'string', enum: geometryTypes } } }],
      },
      properties: {
        type: 'object',
        properties: Object.fromEntries(
          collection.properties.map((p) => [
            p.name,
            {
              title: p.name,
              description: p.description,
              ...(p.type === 'array' ? { type: 'array', items: { type: 'string' } } : { type: p.type }),
            },
          ]),
        ),
      },
    },
  };
}

/** The queryables resource (OGC API – Features Part 3): a JSON Schema of the equality filters. */
export function queryablesDocument(collection: Collection, lang: Language, base: string) {
  const types = new Map(collection.properties.map((p) => [p.name, p.type]));
  return {
    $schema: 'https://json-schema.org/draft/2019-09/schema',
    $id: `${base}/ogc/collections/${collection.layer.id}/queryables`,
    type: 'object',
    title: collection.record.titles[lang],
    properties: Object.fromEntries(
      collection.layer.queryables.map((q) => [
        q.name,
        {
          title: q.name,
          description: q.description,
          type: types.get(q.property) === 'array' ? 'string' : types.get(q.property),
        },
      ]),
    ),
    additionalProperties: false,
  };
}

/** The collections of the atlas: each one's metadata, or an HTML table linking to each. */
export function collectionsPage(collections: Collection[], { format, lang, base, url }: View): Resource {
  const links = jsonAndHtmlLinks(url, format);
  const documents = collections.map((c) => collectionDocument(c, lang, base));
  if (format === 'json') return { body: JSON.stringify({ links, collections: documents }) };
  return {
    body: htmlPage({
      lang,
      base,
      place: { page: 'collections' },
      title: say(lang, 'collections'),
      links,
      table: {
        columns: ['id', 'title', 'description'],
        labels: columnLabels(lang, ['id', 'title', 'description']),
        rows: documents.map((d) => ({ cells: d, href: pageHref(base, `/ogc/collections/${d.id}`, lang) })),
      },
    }),
  };
}

/** The sources, licences and indicators of a collection's data, for the footer of its pages. */
export function provenanceOf(collection: Collection, lang: Language, base: string): Provenance {
  const { links } = collectionDocument(collection, lang, base);
  return {
    sources: collection.sources.map((s) => ({
      href: `${base}/api/sources/${s.id}`,
      title: `${s.titles[lang]} (${s.publisher}, ${s.vintage})`,
    })),
    licences: links.filter((l) => l.rel === 'license').map((l) => ({ href: l.href, title: l.title ?? l.href })),
    indicators: collection.indicators.map((i) => ({ href: `${base}/api/indicators/${i.id}`, title: i.titles[lang]! })),
  };
}

/** The HTML page of one feature of a collection. */
export const itemPageHref = (collection: Collection, featureId: string, base: string, lang: Language) =>
  pageHref(base, `/ogc/collections/${collection.layer.id}/items/${encodeURIComponent(featureId)}`, lang);

/** One collection's metadata, or its HTML page: its extent, a map of all its features, its sources. */
export function collectionPage(collection: Collection, { format, lang, base }: View): Resource {
  const document = collectionDocument(collection, lang, base);
  if (format === 'json') return { body: JSON.stringify(document) };
  const { layer, bbox, interval } = collection;
  const title = document.title!;
  const fields: Record<string, unknown> = {
    [say(lang, 'col_id')]: layer.id,
    [say(lang, 'count')]: layer.features.length,
    [say(lang, 'crs')]: CRS84,
    [say(lang, 'spatial')]: bbox?.map((degrees) => Number(degrees.toFixed(4))) ?? null,
  };
  if (interval) fields[say(lang, 'temporal')] = interval.map((instant) => instant.slice(0, 10)).join(' – ');
  return {
    body: htmlPage({
      lang,
      base,
      place: { page: 'collection', collection: { id: layer.id, title } },
      title,
      description: document.description,
      links: document.links,
      fields,
      map: {
        features: layer.features,
        backdrop: collection.backdrop,
        href: (f) => itemPageHref(collection, f.id, base, lang),
      },
      provenance: provenanceOf(collection, lang, base),
    }),
  };
}

/** The JSON Schema resources of a collection, each with the properties its HTML page lists. */
const SCHEMA_RESOURCES = {
  queryables: (collection: Collection, lang: Language, base: string) => {
    const document = queryablesDocument(collection, lang, base);
    return { document, properties: document.properties };
  },
  schema: (collection: Collection, lang: Language, base: string) => {
    const document = schemaDocument(collection, lang, base);
    return { document, properties: document.properties.properties.properties };
  },
};

export type SchemaResource = keyof typeof SCHEMA_RESOURCES;

/** A collection's queryables or feature schema: the JSON Schema, or an HTML table of its properties. */
export function schemaPage(resource: SchemaResource, collection: Collection, view: View): Resource {
  const { format, lang, base, url } = view;
  const { document, properties } = SCHEMA_RESOURCES[resource](collection, lang, base);
  if (format === 'json') return { body: JSON.stringify(document), jsonType: MEDIA.schema };
  return {
    body: htmlPage({
      lang,
      base,
      place: { page: resource, collection: { id: collection.layer.id, title: document.title! } },
      title: `${document.title}: ${say(lang, resource)}`,
      links: jsonAndHtmlLinks(url, format, MEDIA.schema),
      table: {
        columns: ['name', 'type', 'description'],
        labels: columnLabels(lang, ['name', 'type', 'description']),
        rows: Object.entries(properties).map(([name, p]) => ({ cells: { name, ...p } })),
      },
    }),
  };
}
