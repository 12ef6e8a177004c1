import { describe, expect, it } from 'vitest';
import { COLLECTIONS } from '../helpers/atlas-sql.ts';
import { csvCells } from '../helpers/csv-cells.ts';
import { pathOf, useOgcApi } from '../helpers/ogc-client.ts';

/** The formats of items: CSV (read by the project's CSV parser) and HTML by f or Accept, and 406 otherwise. */

const { get, getItems, all, countOf, idsOf } = useOgcApi();

describe('formats', () => {
  it('answers CSV for f=csv: a header of id, the property names and wkt, one row per feature', async () => {
    const json = await getItems('/ogc/collections/communes/items?limit=10000');
    const response = await get('/ogc/collections/communes/items?limit=10000&f=csv');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    const [header, ...rows] = csvCells(response.body);
    expect(header).toEqual(['id', ...Object.keys(json.features[0]!.properties), 'wkt']);
    expect(rows).toHaveLength(countOf('communes'));
    expect(rows.map((r) => r[0])).toEqual(idsOf('communes'));
    expect(rows.every((r) => r.length === header!.length)).toBe(true);
    expect(rows.every((r) => /^(MULTI)?POLYGON \(/.test(r.at(-1)!))).toBe(true);
  });

  it('links each collection to a CSV of the whole layer', async () => {
    for (const id of ['communes', 'services'] as const) {
      const collection = (await get(`/ogc/collections/${id}`)).json();
      const csvLink = collection.links.find(
        (l: { rel: string; type: string }) => l.rel === 'items' && l.type === 'text/csv',
      );
      const rows = csvCells((await get(pathOf(csvLink.href))).body);
      expect(rows.length - 1, id).toBe(countOf(id));
    }
  });

  it('writes lon and lat columns for point layers', async () => {
    for (const id of ['rail-stations', 'services'] as const) {
      const json = await getItems(`/ogc/collections/${id}/items?limit=10000`);
      const [header, ...rows] = csvCells((await get(`/ogc/collections/${id}/items?limit=10000&f=csv`)).body);
      expect(header, id).toEqual(['id', ...Object.keys(json.features[0]!.properties), 'lon', 'lat']);
      expect(rows, id).toHaveLength(countOf(id));
      expect(
        rows.map((r) => r[0]),
        id,
      ).toEqual(idsOf(id));
      const coordinates = all<{ lon: number; lat: number }>(
        `SELECT lon, lat FROM ${COLLECTIONS[id].table} ORDER BY id`,
      );
      expect(
        rows.map((r) => r.slice(-2).map(Number)),
        id,
      ).toEqual(coordinates.map((c) => [c.lon, c.lat]));
    }
  });

  it('answers the same CSV for Accept: text/csv', async () => {
    const byParameter = await get('/ogc/collections/services/items?f=csv');
    const byHeader = await get('/ogc/collections/services/items', { accept: 'text/csv' });
    expect(byHeader.statusCode).toBe(200);
    expect(byHeader.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(byHeader.body).toBe(byParameter.body);
  });

  it('answers HTML for f=html and for Accept: text/html', async () => {
    for (const [url, headers] of [
      ['/ogc/collections/communes/items?f=html', {}],
      [
        '/ogc/collections/communes/items',
        { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
      ],
      ['/ogc/collections/communes/items/05023?f=html', {}],
      ['/ogc/collections', { accept: 'text/html' }],
      ['/ogc', { accept: 'text/html' }],
    ] as const) {
      const response = await get(url, headers);
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type'], url).toBe('text/html; charset=utf-8');
      expect(response.body, url).toMatch(/^<!doctype html><html lang="en">/);
    }
    expect((await get('/ogc/collections/communes/items/05023?f=html')).body).toContain('Briançon');
  });

  it('answers GeoJSON for Accept: application/geo+json', async () => {
    const response = await get('/ogc/collections/communes/items', { accept: 'application/geo+json' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/geo+json');
    expect(response.json().type).toBe('FeatureCollection');
  });

  it('answers a GeoPackage or a FlatGeobuf file to an Accept of its media type', async () => {
    for (const [accept, magic] of [
      ['application/geopackage+sqlite3', 'SQLite format 3'],
      ['application/flatgeobuf', 'fgb'],
    ] as const) {
      const response = await get('/ogc/collections/communes/items', { accept });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe(accept);
      expect(response.rawPayload.subarray(0, magic.length).toString('latin1')).toBe(magic);
    }
  });

  it('answers 406 JSON to an Accept it cannot meet', async () => {
    const response = await get('/ogc/collections/communes/items', { accept: 'image/png' });
    expect(response.statusCode).toBe(406);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.json()).toEqual({
      code: 'NotAcceptable',
      description:
        'Header "Accept": expected one of JSON, CSV, HTML, GPKG, FGB (or use the f parameter), got "image/png"',
    });
  });
});
