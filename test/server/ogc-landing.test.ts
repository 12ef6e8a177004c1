import { describe, expect, it } from 'vitest';
import { BASE, pathOf, useOgcApi, type Link } from '../helpers/ogc-client.ts';

/** The landing page of the researchers' API, /ogc, and its conformance classes. */

const { get } = useOgcApi();

describe('landing page /ogc', () => {
  it('has the title, description and every link with exact hrefs and types', async () => {
    const response = await get('/ogc');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.json()).toEqual({
      title: 'Alpine Territories Atlas',
      description:
        'Communes, territories, rail stations and lines and services of the Alpine pilot territories ' +
        '(Briançonnais and neighbours, PlurAlps pilots), with the source of every value.',
      links: [
        { href: `${BASE}/ogc?f=json`, rel: 'self', type: 'application/json', title: 'This document as JSON' },
        { href: `${BASE}/ogc?f=html`, rel: 'alternate', type: 'text/html', title: 'This document as HTML' },
        {
          href: `${BASE}/ogc/api`,
          rel: 'service-desc',
          type: 'application/vnd.oai.openapi+json;version=3.0',
          title: 'The API definition (OpenAPI 3.0): the routes of /ogc and of the JSON API under /api',
        },
        { href: `${BASE}/ogc/api?f=html`, rel: 'service-doc', type: 'text/html', title: 'The API documentation' },
        { href: `${BASE}/ogc/conformance`, rel: 'conformance', type: 'application/json', title: 'Conformance classes' },
        { href: `${BASE}/ogc/collections`, rel: 'data', type: 'application/json', title: 'Collections' },
        {
          href: `${BASE}/api/sources`,
          rel: 'describedby',
          type: 'application/json',
          title: 'Every source: publisher, URL, licence, vintage, checksum',
        },
      ],
    });
  });

  it('links only to resources that answer 200 with the type the link announces', async () => {
    const { links } = (await get('/ogc')).json() as { links: Link[] };
    for (const link of links) {
      const response = await get(pathOf(link.href));
      expect(response.statusCode, link.href).toBe(200);
      expect(response.headers['content-type'], link.href).toMatch(
        new RegExp(`^${link.type!.replace(/[+.]/g, '\\$&')}`),
      );
    }
  });
});

describe('/ogc/conformance', () => {
  it('lists the conformance classes', async () => {
    const response = await get('/ogc/conformance');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      conformsTo: [
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html',
        'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
        'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters',
      ],
    });
  });
});
