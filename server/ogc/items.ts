import {
  indicatorPropertyNames,
  indicatorValuesOf,
  type IndicatorStore,
  type PeriodSelection,
} from '../indicator-store.ts';
import type { Feature, PropertyValue } from '../layers/feature.ts';
import { type Collection, itemPageHref, provenanceOf } from './collections.ts';
import { featuresToCsv } from './csv.ts';
import { featureTable } from './feature-table.ts';
import { flatGeobuf } from './flatgeobuf.ts';
import { geoPackage } from './geopackage.ts';
import { htmlPage } from './html.ts';
import { featureHeading } from './html-map.ts';
import { columnLabels, say } from './html-messages.ts';
import { formatLinks, MEDIA, withQuery, type Link } from './links.ts';
import { FILE_FORMATS, type Resource, type View } from './resource.ts';

export const ITEM_FORMATS = [
  { format: 'json', type: MEDIA.geojson },
  { format: 'csv', type: MEDIA.csv },
  { format: 'html', type: MEDIA.html },
  { format: 'gpkg', type: MEDIA.gpkg },
  { format: 'fgb', type: MEDIA.fgb },
] as const;

export interface Rendering extends View {
  collection: Collection;
  store: IndicatorStore;
  selection: PeriodSelection;
  /** Properties to return, in schema order. */
  names: string[];
  timeStamp: string;
  /** GeoJSON features without geometry, each with its bbox: the page's list of communes, drawn from tiles. */
  skipGeometry: boolean;
}

const askedIndicators = new WeakMap<Rendering, Collection['indicators']>();

/** The indicators of which a rendering returns a property: only those are looked up, feature by feature. */
function indicatorsAsked(r: Rendering): Collection['indicators'] {
  let asked = askedIndicators.get(r);
  if (!asked) {
    asked = r.collection.indicators.filter((i) =>
      Object.values(indicatorPropertyNames(i.id)).some((n) => r.names.includes(n)),
    );
    askedIndicators.set(r, asked);
  }
  return asked;
}

/** A feature's properties: its own, then its indicators' values for the selected periods, cut to `names`. */
function propertiesOf(r: Rendering, feature: Feature): Record<string, PropertyValue> {
  const indicators = indicatorsAsked(r);
  const all =
    indicators.length === 0
      ? feature.properties
      : { ...feature.properties, ...indicatorValuesOf(r.store, indicators, feature.id, r.selection) };
  const picked: Record<string, PropertyValue> = {};
  for (const name of r.names) picked[name] = all[name] ?? null;
  return picked;
}

function featureJson(
  feature: Feature,
  properties: Record<string, PropertyValue>,
  skipGeometry: boolean,
  links?: Link[],
): string {
  const tail = links ? `,"links":${JSON.stringify(links)}` : '';
  const geometry = skipGeometry
    ? `null${feature.bbox ? `,"bbox":${JSON.stringify(feature.bbox)}` : ''}`
    : (feature.geometry ?? 'null');
  return (
    `{"type":"Feature","id":${JSON.stringify(feature.id)},"geometry":${geometry},` +
    `"properties":${JSON.stringify(properties)}${tail}}`
  );
}

/** A GeoPackage or FlatGeobuf file of the rows, with the collection's sources and licences inside. */
function gisFile(r: Rendering, rows: { feature: Feature; properties: Record<string, PropertyValue> }[]): Buffer {
  const table = featureTable(r.collection, r.lang, r.names, rows, r.url.href);
  return r.format === 'gpkg' ? geoPackage(table) : flatGeobuf(table);
}

/** One page of the items of a collection: GeoJSON FeatureCollection, CSV, HTML, GeoPackage or FlatGeobuf. */
export function renderItems(r: Rendering, matched: Feature[], offset: number, limit: number): Resource {
  return { body: itemsBody(r, matched, offset, limit), jsonType: MEDIA.geojson };
}

function itemsBody(r: Rendering, matched: Feature[], offset: number, limit: number): string | Buffer {
  const page = matched.slice(offset, offset + limit);
  const rows = page.map((feature) => ({ feature, properties: propertiesOf(r, feature) }));
  if (r.format === 'csv') return featuresToCsv(r.collection.layer, rows, r.names, r.skipGeometry);
  if (FILE_FORMATS.includes(r.format)) return gisFile(r, rows);

  const collectionHref = `${r.base}/ogc/collections/${r.collection.layer.id}`;
  const links: Link[] = [
    ...formatLinks(r.url, r.format, [...ITEM_FORMATS]),
    { href: collectionHref, rel: 'collection', type: MEDIA.json, title: r.collection.record.titles[r.lang] },
  ];
  const type = ITEM_FORMATS.find((f) => f.format === r.format)!.type;
  if (offset + page.length < matched.length) {
    links.push({
      href: withQuery(r.url, { offset: String(offset + page.length) }),
      rel: 'next',
      type,
      title: 'Next page',
    });
  }
  if (offset > 0 && matched.length > 0) {
    // From past the end, the previous page is the last one with features.
    const previous = Math.max(0, Math.min(offset, matched.length) - limit);
    links.push({ href: withQuery(r.url, { offset: String(previous) }), rel: 'prev', type, title: 'Previous page' });
  }

  if (r.format === 'html') {
    const title = r.collection.record.titles[r.lang]!;
    const itemPage = (f: Feature) => itemPageHref(r.collection, f.id, r.base, r.lang);
    return htmlPage({
      lang: r.lang,
      base: r.base,
      place: { page: 'items', collection: { id: r.collection.layer.id, title } },
      title,
      description: r.collection.record.descriptions[r.lang],
      summary:
        matched.length === 0
          ? say(r.lang, 'noFeature')
          : say(r.lang, 'matched', { matched: matched.length, returned: page.length, first: offset + 1 }),
      links,
      map: { features: page, backdrop: r.collection.backdrop, href: itemPage },
      table: {
        columns: ['feature', ...r.names],
        labels: columnLabels(r.lang, ['feature']),
        rows: rows.map(({ feature, properties }) => ({
          cells: { feature: feature.id, ...properties },
          href: itemPage(feature),
        })),
      },
      provenance: provenanceOf(r.collection, r.lang, r.base),
    });
  }
  const head =
    `{"type":"FeatureCollection","numberMatched":${matched.length},"numberReturned":${page.length},` +
    `"timeStamp":"${r.timeStamp}","links":${JSON.stringify(links)},"features":[`;
  const features = rows.map(({ feature, properties }) => featureJson(feature, properties, r.skipGeometry));
  return `${head}${features.join(',')}]}`;
}

/** One feature: GeoJSON Feature, CSV of one row, HTML, GeoPackage or FlatGeobuf. */
export function renderItem(r: Rendering, feature: Feature): Resource {
  return { body: itemBody(r, feature), jsonType: MEDIA.geojson };
}

function itemBody(r: Rendering, feature: Feature): string | Buffer {
  const properties = propertiesOf(r, feature);
  if (r.format === 'csv') return featuresToCsv(r.collection.layer, [{ feature, properties }], r.names, r.skipGeometry);
  if (FILE_FORMATS.includes(r.format)) return gisFile(r, [{ feature, properties }]);
  const collectionHref = `${r.base}/ogc/collections/${r.collection.layer.id}`;
  const links: Link[] = [
    ...formatLinks(r.url, r.format, [...ITEM_FORMATS]),
    { href: collectionHref, rel: 'collection', type: MEDIA.json, title: r.collection.record.titles[r.lang] },
  ];
  if (r.format === 'html') {
    const title = r.collection.record.titles[r.lang]!;
    return htmlPage({
      lang: r.lang,
      base: r.base,
      place: { page: 'item', collection: { id: r.collection.layer.id, title }, id: feature.id },
      title: `${title}: ${featureHeading(feature)}`,
      links,
      fields: properties,
      map: {
        features: [feature],
        around: r.collection.layer.features,
        backdrop: r.collection.backdrop,
        href: (f) => itemPageHref(r.collection, f.id, r.base, r.lang),
      },
      provenance: provenanceOf(r.collection, r.lang, r.base),
    });
  }
  return featureJson(feature, properties, r.skipGeometry, links);
}
