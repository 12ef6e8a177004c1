import { beforeAll, describe, expect, it } from 'vitest';
import type { FeatureLayer } from '../../server/layers/feature.ts';
import { readFeatureLayers } from '../../server/layers/read-layers.ts';
import { COLLECTION_IDS, type CollectionId } from '../helpers/atlas-sql.ts';
import { BASE, type FeatureCollectionJson, useOgcApi } from '../helpers/ogc-client.ts';

/**
 * The JSON Schemas of each collection (/ogc/collections/{id}/schema and /queryables) and the readable API
 * definition (/ogc/api?f=html), compared whole. What they must say is derived apart from the code that renders
 * them: the property names and their order from the features the items route serves, each served value checked
 * against the type the schema gives it; the indicator properties from the indicators table; titles and geometry
 * types from the layers table; descriptions and queryables from the layer definitions (server/layers/*.ts); the
 * HTML rows from the OpenAPI JSON document. Each queryable the document lists is then used, and must filter.
 */

const { real, get, all } = useOgcApi();

type PropertyType = 'string' | 'integer' | 'number' | 'boolean' | 'array';
const JSON_SCHEMA = 'https://json-schema.org/draft/2019-09/schema';

let layers: Map<string, FeatureLayer>;
const served = new Map<string, FeatureCollectionJson['features']>();
beforeAll(async () => {
  layers = new Map(readFeatureLayers(real.atlas.db, real.local.read()).map((l) => [l.id, l]));
  for (const id of COLLECTION_IDS) {
    const response = await get(`/ogc/collections/${id}/items?limit=10000`);
    served.set(id, (response.json() as FeatureCollectionJson).features);
  }
});

const layerRow = (id: string) =>
  all<{ titles: string; geometry_type: string }>('SELECT titles, geometry_type FROM layers WHERE id = ?', id)[0]!;

/** The indicators whose values a collection's features carry, from the indicators table, in its order. */
function indicatorSpecs(id: CollectionId) {
  const subject = { communes: 'commune', 'rail-stations': 'rail-station' }[id as string] ?? null;
  const rows = all<{ id: string; titles: string; units: string; decimals: number }>(
    'SELECT id, titles, units, decimals FROM indicators WHERE subject = ? ORDER BY rowid',
    subject,
  );
  return rows.flatMap((row) => {
    const name = row.id.replaceAll('-', '_');
    const title = JSON.parse(row.titles).en as string;
    const unit = JSON.parse(row.units).en as string;
    return [
      { name, type: row.decimals === 0 ? 'integer' : 'number', description: `${title} (${unit}); null: no data` },
      {
        name: `${name}_period`,
        type: 'string',
        description: `Period of ${title.toLowerCase()} (see /api/indicators/${row.id})`,
      },
      {
        name: `${name}_source`,
        type: 'string',
        description: `Id of the source of ${title.toLowerCase()} (see /api/sources)`,
      },
    ] as { name: string; type: PropertyType; description: string }[];
  });
}

/** Whether a served value is of the type the schema states (null is "no data" for any type). */
function isOfType(value: unknown, type: PropertyType): boolean {
  if (value === null) return true;
  if (type === 'array') return Array.isArray(value) && value.every((v) => typeof v === 'string');
  if (type === 'integer') return Number.isInteger(value);
  return typeof value === type;
}

describe('/ogc/collections/{id}/schema', () => {
  for (const id of COLLECTION_IDS) {
    it(`${id}: the whole schema, naming every property served, each with the type of every value served`, async () => {
      const specs = [...layers.get(id)!.properties, ...indicatorSpecs(id)];
      const features = served.get(id)!;
      // Every feature carries the same properties, in the order the schema lists them.
      for (const f of features) expect(Object.keys(f.properties), f.id).toEqual(specs.map((s) => s.name));
      for (const spec of specs) {
        const wrong = features.filter((f) => !isOfType(f.properties[spec.name], spec.type as PropertyType));
        expect(
          wrong.map((f) => `${f.id}: ${JSON.stringify(f.properties[spec.name])}`),
          spec.name,
        ).toEqual([]);
      }
      const { titles, geometry_type } = layerRow(id);
      // A Polygon layer holds polygons and multipolygons (communes made of several parts).
      const geometryTypes = geometry_type === 'Polygon' ? ['Polygon', 'MultiPolygon'] : [geometry_type];
      for (const f of features) {
        const geometry = f.geometry as { type: string } | null;
        if (geometry !== null) expect(geometryTypes, f.id).toContain(geometry.type);
      }

      const response = await get(`/ogc/collections/${id}/schema`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/schema+json');
      expect(response.json()).toEqual({
        $schema: JSON_SCHEMA,
        $id: `${BASE}/ogc/collections/${id}/schema`,
        title: JSON.parse(titles).en,
        type: 'object',
        required: ['type', 'id', 'geometry', 'properties'],
        properties: {
          type: { type: 'string', enum: ['Feature'] },
          id: { type: 'string' },
          geometry: {
            oneOf: [
              { type: 'null' },
              { type: 'object', properties: { type: { type: 'string', enum: geometryTypes } } },
            ],
          },
          properties: {
            type: 'object',
            properties: Object.fromEntries(
              specs.map(({ name, type, description }) => [
                name,
                { title: name, description, ...(type === 'array' ? { type, items: { type: 'string' } } : { type }) },
              ]),
            ),
          },
        },
      });
    });
  }
});

describe('/ogc/collections/{id}/queryables', () => {
  for (const id of COLLECTION_IDS) {
    it(`${id}: the whole document, and each queryable it lists filters the items by equality`, async () => {
      const layer = layers.get(id)!;
      const types = new Map([...layer.properties, ...indicatorSpecs(id)].map((p) => [p.name, p.type]));
      const response = await get(`/ogc/collections/${id}/queryables`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/schema+json');
      expect(response.json()).toEqual({
        $schema: JSON_SCHEMA,
        $id: `${BASE}/ogc/collections/${id}/queryables`,
        type: 'object',
        title: JSON.parse(layerRow(id).titles).en,
        properties: Object.fromEntries(
          layer.queryables.map((q) => [
            q.name,
            // A list property is filtered on one of its elements: a string.
            {
              title: q.name,
              description: q.description,
              type: types.get(q.property) === 'array' ? 'string' : types.get(q.property),
            },
          ]),
        ),
        additionalProperties: false,
      });

      const features = served.get(id)!;
      for (const q of layer.queryables) {
        // The first value some feature has (a list's first element).
        const value = String(
          features.flatMap((f) => [f.properties[q.property]].flat()).find((v) => v !== null && v !== undefined),
        );
        const expected = features
          .filter((f) => {
            const actual = f.properties[q.property];
            return Array.isArray(actual) ? actual.includes(value) : actual === value;
          })
          .map((f) => f.id);
        const filtered = await get(`/ogc/collections/${id}/items?limit=10000&${q.name}=${encodeURIComponent(value)}`);
        expect(filtered.statusCode, `${q.name}=${value}`).toBe(200);
        const ids = (filtered.json() as FeatureCollectionJson).features.map((f) => f.id);
        expect(ids, `${q.name}=${value}`).toEqual(expected);
        expect(ids.length, `${q.name}=${value}`).toBeGreaterThan(0);
      }
      // A property that is not queryable is refused, as additionalProperties: false says.
      const notQueryable = layer.properties.find((p) => !layer.queryables.some((q) => q.name === p.name))!.name;
      expect((await get(`/ogc/collections/${id}/items?${notQueryable}=x`)).statusCode).toBe(400);
    });
  }
});

describe('/ogc/api?f=html', () => {
  it('lists every operation of the OpenAPI document: path, summary, query parameters, formats', async () => {
    type Operation = {
      summary: string;
      parameters: { name: string; in: string }[];
      responses: Record<string, { content?: object }>;
    };
    const document = (await get('/ogc/api?f=json')).json() as { paths: Record<string, Record<string, Operation>> };
    const escaped = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    const cells = (values: string[]) => values.map((v) => `<td>${escaped(v)}</td>`).join('');
    // A GET is listed by its path alone, another method before its path; the formats are the successful answer's.
    const rows = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]) =>
        cells([
          method === 'get' ? path : `${method.toUpperCase()} ${path}`,
          operation.summary,
          operation.parameters
            .filter((p) => p.in === 'query')
            .map((p) => p.name)
            .join(', '),
          Object.keys(Object.entries(operation.responses).find(([status]) => status < '300')![1].content ?? {}).join(
            ', ',
          ),
        ]),
      ),
    );
    const format = (query: string, rel: string, type: string, name: string, extra = '') =>
      `<li><a href="${escaped(`${BASE}/ogc/api?${query}`)}" rel="${rel}" ` +
      `type="${escaped(type)}"${extra}>${name}</a></li>`;

    const response = await get('/ogc/api?f=html');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    const body = response.body;
    expect(body).toMatch(/^<!doctype html><html lang="en"><head>/);
    expect(body).toContain('<title>API definition – Alpine Territories Atlas</title>');
    expect(body).toContain(
      '<main><h1>API definition</h1><p class="lead">Every path of the API with its query parameters. ' +
        'The OpenAPI 3.0 document has their types and allowed values.</p>' +
        '<div class="formats"><span class="label">This page as:</span><ul>' +
        format('f=json', 'alternate', 'application/vnd.oai.openapi+json;version=3.0', 'OpenAPI') +
        format('f=html', 'self', 'text/html', 'HTML', ' title="HTML, this page" aria-current="page"') +
        '</ul></div><div class="table-scroll"><table><thead><tr><th scope="col">Path</th>' +
        '<th scope="col">Summary</th><th scope="col">Query parameters</th><th scope="col">Formats</th></tr></thead>' +
        `<tbody>${rows.map((r) => `<tr>${r}</tr>`).join('')}</tbody></table></div></main>`,
    );
    // Every operation the JSON document describes is a row: those of /ogc, and those of /api, /profile, /healthz.
    expect(rows.filter((row) => row.startsWith('<td>/ogc')).length).toBe(4 + 5 * COLLECTION_IDS.length);
    expect(rows.filter((row) => /^<td>(\w+ )?\/(api|profile|healthz)/.test(row)).length).toBeGreaterThanOrEqual(20);
    expect(rows.length).toBe(Object.values(document.paths).flatMap((operations) => Object.keys(operations)).length);
  });
});
