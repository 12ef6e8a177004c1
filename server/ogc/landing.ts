import { htmlPage } from './html.ts';
import { say } from './html-messages.ts';
import { jsonAndHtmlLinks, MEDIA } from './links.ts';
import type { Resource, View } from './resource.ts';

const TITLE = 'Alpine Territories Atlas';
const DESCRIPTION =
  'Communes, territories, rail stations and lines and services of the Alpine pilot territories ' +
  '(Briançonnais and neighbours, PlurAlps pilots), with the source of every value.';

const API_DEFINITION = 'The API definition (OpenAPI 3.0): the routes of /ogc and of the JSON API under /api';

/** The landing page: links to the API definition, its documentation, conformance, collections and sources. */
export function landingPage({ format, lang, base, url }: View): Resource {
  const links = [
    ...jsonAndHtmlLinks(url, format),
    // One document for the whole API: OGC API – Features here, and the atlas's own JSON API under /api.
    { href: `${base}/ogc/api`, rel: 'service-desc', type: MEDIA.openapi, title: API_DEFINITION },
    { href: `${base}/ogc/api?f=html`, rel: 'service-doc', type: MEDIA.html, title: 'The API documentation' },
    { href: `${base}/ogc/conformance`, rel: 'conformance', type: MEDIA.json, title: 'Conformance classes' },
    { href: `${base}/ogc/collections`, rel: 'data', type: MEDIA.json, title: 'Collections' },
    {
      href: `${base}/api/sources`,
      rel: 'describedby',
      type: MEDIA.json,
      title: 'Every source: publisher, URL, licence, vintage, checksum',
    },
  ];
  if (format === 'html') {
    const [title, description] = [say(lang, 'atlas'), say(lang, 'landingLead')];
    return { body: htmlPage({ lang, base, place: { page: 'landing' }, title, description, links }) };
  }
  return { body: JSON.stringify({ title: TITLE, description: DESCRIPTION, links }) };
}
