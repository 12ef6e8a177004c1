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
} as const;

/** The same URL with some query parameters set (or removed when undefined), the others kept in order. */
export function withQuery(url: URL, changes: Record<string, string | undefined>): string {
  const next = new URL(url);
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) next.searchParams.delete(name);
    else next.searchParams.set(name, value);
  }
  return next.href;
}

/** self and alternate links of a resource offered as JSON (or GeoJSON), HTML and, for items, CSV. */
export function formatLinks(
  url: URL,
  current: 'json' | 'csv' | 'html',
  offered: { format: 'json' | 'csv' | 'html'; type: string }[],
): Link[] {
  return offered.map(({ format, type }) => ({
    href: withQuery(url, { f: format }),
    rel: format === current ? 'self' : 'alternate',
    type,
    title: `This document as ${format.toUpperCase()}`,
  }));
}

/** self and alternate links of a resource offered as JSON (plain, or of its own media type) and HTML. */
export function jsonAndHtmlLinks(url: URL, current: 'json' | 'csv' | 'html', jsonType: string = MEDIA.json): Link[] {
  return formatLinks(url, current, [
    { format: 'json', type: jsonType },
    { format: 'html', type: MEDIA.html },
  ]);
}
