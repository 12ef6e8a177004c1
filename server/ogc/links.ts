import type { Format } from '../negotiate.ts';

export interface Link {
  href: string;
  rel: string;
  type?: string;
  title?: string;
  hreflang?: string;
}

export const MEDIA = {
  json: 'application/json',
  geojson: 'application/geo+json',
  openapi: 'application/vnd.oai.openapi+json;version=3.0',
  schema: 'application/schema+json',
  csv: 'text/csv',
  html: 'text/html',
  gpkg: 'application/geopackage+sqlite3',
  fgb: 'application/flatgeobuf',
} as const;

/** What each format is called in link titles. */
export const FORMAT_NAMES: Record<Format, string> = {
  json: 'JSON',
  csv: 'CSV',
  html: 'HTML',
  gpkg: 'GeoPackage',
  fgb: 'FlatGeobuf',
};

/** The same URL with some query parameters set (or removed when undefined), the others kept in order. */
export function withQuery(url: URL, changes: Record<string, string | undefined>): string {
  const next = new URL(url);
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) next.searchParams.delete(name);
    else next.searchParams.set(name, value);
  }
  return next.href;
}

/** self and alternate links of a resource offered as JSON (or GeoJSON), HTML and, for items, CSV and GIS files. */
export function formatLinks(url: URL, current: Format, offered: { format: Format; type: string }[]): Link[] {
  return offered.map(({ format, type }) => ({
    href: withQuery(url, { f: format }),
    rel: format === current ? 'self' : 'alternate',
    type,
    title: `This document as ${FORMAT_NAMES[format]}`,
  }));
}

/** self and alternate links of a resource offered as JSON (plain, or of its own media type) and HTML. */
export function jsonAndHtmlLinks(url: URL, current: Format, jsonType: string = MEDIA.json): Link[] {
  return formatLinks(url, current, [
    { format: 'json', type: jsonType },
    { format: 'html', type: MEDIA.html },
  ]);
}
