import { describe, expect, it } from 'vitest';
import { COLLECTION_IDS } from '../helpers/atlas-sql.ts';
import { BASE, useOgcApi, type FeatureJson } from '../helpers/ogc-client.ts';

/** One item of the researchers' API, /ogc/collections/{id}/items/{featureId}. */

const { get, getItems, all, scalar, communeProperties } = useOgcApi();

describe('one item /items/{featureId}', () => {
  it('returns one Feature with its properties and links', async () => {
    const response = await get('/ogc/collections/communes/items/05023');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/geo+json');
    const feature = response.json() as FeatureJson;
    expect(feature.type).toBe('Feature');
    expect(feature.id).toBe('05023');
    expect(feature.geometry).toEqual(JSON.parse(scalar<string>("SELECT geometry FROM communes WHERE code = '05023'")));
    expect(feature.properties).toEqual(communeProperties('05023'));
    const item = `${BASE}/ogc/collections/communes/items/05023`;
    const title = JSON.parse(scalar<string>("SELECT titles FROM layers WHERE id = 'communes'")).en;
    expect(feature.links).toEqual([
      { href: `${item}?f=json`, rel: 'self', type: 'application/geo+json', title: 'This document as JSON' },
      { href: `${item}?f=csv`, rel: 'alternate', type: 'text/csv', title: 'This document as CSV' },
      { href: `${item}?f=html`, rel: 'alternate', type: 'text/html', title: 'This document as HTML' },
      {
        href: `${item}?f=gpkg`,
        rel: 'alternate',
        type: 'application/geopackage+sqlite3',
        title: 'This document as GeoPackage',
      },
      { href: `${item}?f=fgb`, rel: 'alternate', type: 'application/flatgeobuf', title: 'This document as FlatGeobuf' },
      { href: `${BASE}/ogc/collections/communes`, rel: 'collection', type: 'application/json', title },
    ]);
  });

  it('answers a commune of each country by its id: the national code, prefixed outside France and Italy', async () => {
    const firsts = all<{ code: string; country: string; national_code: string }>(
      'SELECT min(code) AS code, country, national_code FROM communes GROUP BY country ORDER BY country',
    );
    expect(firsts.map((c) => c.country)).toEqual(['AT', 'CH', 'DE', 'FR', 'IT', 'SI']);
    for (const { code, country, national_code } of firsts) {
      expect(code, country).toBe(country === 'FR' || country === 'IT' ? national_code : `${country}-${national_code}`);
      const response = await get(`/ogc/collections/communes/items/${code}`);
      expect(response.statusCode, code).toBe(200);
      const feature = response.json() as FeatureJson;
      expect(feature.id, code).toBe(code);
      expect(feature.properties, code).toEqual(communeProperties(code));
    }
  });

  it('answers the same feature as in the items of every collection', async () => {
    for (const id of COLLECTION_IDS) {
      const [first] = (await getItems(`/ogc/collections/${id}/items?limit=1`)).features;
      const one = (await get(`/ogc/collections/${id}/items/${encodeURIComponent(first!.id)}`)).json() as FeatureJson;
      expect({ ...one, links: undefined }, id).toEqual({ ...first, links: undefined });
    }
  });

  it('answers 404 JSON for an unknown feature', async () => {
    const response = await get('/ogc/collections/communes/items/99999');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.json()).toEqual({ code: 'NotFound', description: 'Collection "communes" has no feature "99999"' });
  });
});
