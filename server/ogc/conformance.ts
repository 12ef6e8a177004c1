import { htmlPage } from './html.ts';
import { columnLabels, say } from './html-messages.ts';
import { jsonAndHtmlLinks } from './links.ts';
import type { Resource, View } from './resource.ts';

const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters',
];

/** The conformance classes the API implements: Part 1 core, GeoJSON, HTML, OpenAPI 3.0; Part 3 queryables. */
export function conformancePage({ format, lang, base, url }: View): Resource {
  if (format === 'json') return { body: JSON.stringify({ conformsTo: CONFORMANCE }) };
  return {
    body: htmlPage({
      lang,
      base,
      place: { page: 'conformance' },
      title: say(lang, 'conformance'),
      links: jsonAndHtmlLinks(url, format),
      table: {
        columns: ['conformsTo'],
        labels: columnLabels(lang, ['conformsTo']),
        rows: CONFORMANCE.map((c) => ({ cells: { conformsTo: c } })),
      },
    }),
  };
}
