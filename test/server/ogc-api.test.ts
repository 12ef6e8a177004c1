import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { useRealApp } from '../helpers/real-app.ts';

/**
 * The researchers' API under /ogc (OGC API – Features). Every expected figure is read from the same
 * database the server reads, with SQL; hand-written strings are the API's own wording or bad input.
 */

const real = useRealApp();

const HOST = 'real.atlas.test';
const BASE = `http://${HOST}`;

interface Link { href: string; rel: string; type?: string; title?: string }
interface FeatureJson { type: string; id: string; geometry: unknown; properties: Record<string, unknown>; links?: Link[] }
interface FeatureCollectionJson {
  type: string; numberMatched: number; numberReturned: number; timeStamp: string; links: Link[]; features: FeatureJson[];
}
interface CollectionJson {
  id: string; title: string; description: string;
  extent: { spatial?: { bbox: number[][]; crs: string }; temporal?: { interval: string[][]; trs: string } };
  links: Link[];
}
interface OpenApiParameter { name: string; in: 'query' | 'path'; required: boolean; schema: { type: string; enum?: string[]; minimum?: number } }

function get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return real.app.inject({ url, headers: { host: HOST, ...headers } });
}

async function getItems(url: string, headers: Record<string, string> = {}): Promise<FeatureCollectionJson> {
  const response = await get(url, headers);
  expect(response.statusCode, `${url}: ${response.body.slice(0, 300)}`).toBe(200);
  return response.json() as FeatureCollectionJson;
}

/** The path and query of an absolute link of the API, checking it points at the requested host. */
function pathOf(href: string): string {
  const url = new URL(href);
  expect(url.origin).toBe(BASE);
  return url.pathname + url.search;
}

const linksOf = (links: Link[], rel: string) => links.filter((l) => l.rel === rel);
const ids = (collection: FeatureCollectionJson) => collection.features.map((f) => f.id);

const all = <T>(sql: string, ...params: unknown[]) => real.atlas.db.prepare(sql).all(...params) as T[];
const column = <T = string>(sql: string, ...params: unknown[]) => real.atlas.db.prepare(sql).pluck().all(...params) as T[];
const scalar = <T = number>(sql: string, ...params: unknown[]) => real.atlas.db.prepare(sql).pluck().get(...params) as T;

/**
 * The table of each collection, its id column, the order of its features, how its bbox is stored, and the
 * subject of its indicators. Territories keep the order of the curated file (rowid), the others sort by id.
 */
const COLLECTIONS = {
  communes: { table: 'communes', id: 'code', order: 'code', bbox: ['min(min_lon)', 'min(min_lat)', 'max(max_lon)', 'max(max_lat)'], subject: 'commune', point: false },
  territories: { table: 'territories', id: 'id', order: 'rowid', bbox: ['min(min_lon)', 'min(min_lat)', 'max(max_lon)', 'max(max_lat)'], subject: null, point: false },
  'rail-stations': { table: 'rail_stations', id: 'id', order: 'id', bbox: ['min(lon)', 'min(lat)', 'max(lon)', 'max(lat)'], subject: 'rail-station', point: true },
  'rail-lines': { table: 'rail_lines', id: 'id', order: 'id', bbox: ['min(min_lon)', 'min(min_lat)', 'max(max_lon)', 'max(max_lat)'], subject: null, point: false },
  services: { table: 'services', id: 'id', order: 'id', bbox: ['min(lon)', 'min(lat)', 'max(lon)', 'max(lat)'], subject: null, point: true },
  // A flow runs from its origin's reference point to its destination facility (or commune reference point).
  flows: { table: 'flows', id: 'id', order: 'id', bbox: ['min(lon)', 'min(lat)', 'max(lon)', 'max(lat)'], subject: null, point: false },
} as const;
const EXTENT_TABLE: Partial<Record<string, string>> = {
  flows: `(SELECT c.ref_lon AS lon, c.ref_lat AS lat FROM flows f JOIN communes c ON c.code = f.origin_code
    UNION ALL SELECT s.lon, s.lat FROM flows f JOIN services s ON s.id = f.destination_service_id)`,
};
type CollectionId = keyof typeof COLLECTIONS;
const COLLECTION_IDS = Object.keys(COLLECTIONS) as CollectionId[];

const countOf = (id: CollectionId) => scalar(`SELECT count(*) FROM ${COLLECTIONS[id].table}`);
const idsOf = (id: CollectionId) => column(`SELECT ${COLLECTIONS[id].id} FROM ${COLLECTIONS[id].table} ORDER BY ${COLLECTIONS[id].order}`);
const indicatorsOf = (subject: string | null) => column('SELECT id FROM indicators WHERE subject = ? ORDER BY rowid', subject);

/** A period's reference date (year, month or day) as the RFC 3339 instant it starts. */
function startInstant(referenceDate: string): string {
  const [year, month = '01', day = '01'] = referenceDate.split('-');
  return `${year}-${month}-${day}T00:00:00Z`;
}

/** Value, period and source of an indicator for a subject: of the given period, else of its latest period with a value. */
function indicatorValue(indicatorId: string, subjectId: string, period?: string) {
  const row = real.atlas.db.prepare(`SELECT v.value, v.period, v.source_id AS source FROM indicator_values v
      JOIN indicator_periods p ON p.indicator_id = v.indicator_id AND p.period = v.period
    WHERE v.indicator_id = ? AND v.subject_id = ? AND (? IS NULL OR v.period = ?)
    ORDER BY p.sort_order DESC LIMIT 1`).get(indicatorId, subjectId, period ?? null, period ?? null) as
    { value: number; period: string; source: string } | undefined;
  return row ?? null;
}

/** The properties of a commune as the API should give them, from SQL. */
function communeProperties(code: string): Record<string, unknown> {
  const row = real.atlas.db.prepare('SELECT * FROM communes WHERE code = ?').get(code) as Record<string, string | null>;
  const properties: Record<string, unknown> = {
    code: row.code,
    name: row.name,
    country: row.country,
    region_code: row.region_code,
    region_name: row.region_name,
    province_code: row.province_code,
    province_name: row.province_name,
    territories: column('SELECT territory_id FROM territory_communes WHERE commune_code = ? ORDER BY territory_id', code),
    boundary_source: row.boundary_source_id,
    boundary_note: row.boundary_note,
    ref_lon: row.ref_lon,
    ref_lat: row.ref_lat,
    ref_method: row.ref_method,
    nuts3: row.nuts3,
  };
  for (const indicator of indicatorsOf('commune')) {
    const name = indicator.replaceAll('-', '_');
    const picked = indicatorValue(indicator, code);
    properties[name] = picked?.value ?? null;
    properties[`${name}_period`] = picked?.period ?? null;
    properties[`${name}_source`] = picked?.source ?? null;
  }
  return properties;
}

/** RFC 4180 CSV (quoted cells may hold commas, quotes and line breaks) into rows of cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
    else cell += c;
  }
  expect(row.length === 0 && cell === '', 'the CSV ends with CRLF').toBe(true);
  return rows;
}

describe('landing page /ogc', () => {
  it('has the title, description and every link with exact hrefs and types', async () => {
    const response = await get('/ogc');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.json()).toEqual({
      title: 'Alpine Territories Atlas',
      description: 'Communes, territories, rail stations and lines and services of the Alpine pilot territories (Briançonnais and neighbours, PlurAlps pilots), with the source of every value.',
      links: [
        { href: `${BASE}/ogc?f=json`, rel: 'self', type: 'application/json', title: 'This document as JSON' },
        { href: `${BASE}/ogc?f=html`, rel: 'alternate', type: 'text/html', title: 'This document as HTML' },
        { href: `${BASE}/ogc/api`, rel: 'service-desc', type: 'application/vnd.oai.openapi+json;version=3.0', title: 'The API definition (OpenAPI 3.0)' },
        { href: `${BASE}/ogc/api?f=html`, rel: 'service-doc', type: 'text/html', title: 'The API documentation' },
        { href: `${BASE}/ogc/conformance`, rel: 'conformance', type: 'application/json', title: 'Conformance classes' },
        { href: `${BASE}/ogc/collections`, rel: 'data', type: 'application/json', title: 'Collections' },
        { href: `${BASE}/api/sources`, rel: 'describedby', type: 'application/json', title: 'Every source: publisher, URL, licence, vintage, checksum' },
      ],
    });
  });

  it('links only to resources that answer 200 with the type the link announces', async () => {
    const { links } = (await get('/ogc')).json() as { links: Link[] };
    for (const link of links) {
      const response = await get(pathOf(link.href));
      expect(response.statusCode, link.href).toBe(200);
      expect(response.headers['content-type'], link.href).toMatch(new RegExp(`^${link.type!.replace(/[+.]/g, '\\$&')}`));
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

/** Every GET route the app has registered, as Fastify prints its routing tree. */
function registeredGetPaths(): string[] {
  const stack: string[] = [];
  const paths: string[] = [];
  for (const line of real.app.printRoutes({ method: 'GET', commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+)(?: \(([^)]*)\))?/.exec(line);
    if (!match) continue;
    stack.length = match[1]!.length / 4;
    stack.push(match[2]!);
    if (match[3]?.split(', ').includes('GET')) paths.push(stack.join(''));
  }
  return paths;
}

describe('OpenAPI definition /ogc/api', () => {
  const EXPECTED_PATHS = [
    '/ogc', '/ogc/conformance', '/ogc/api', '/ogc/collections',
    ...COLLECTION_IDS.flatMap((id) => [
      `/ogc/collections/${id}`, `/ogc/collections/${id}/queryables`, `/ogc/collections/${id}/items`, `/ogc/collections/${id}/items/{featureId}`,
    ]),
  ];
  let document: { openapi: string; servers: { url: string }[]; paths: Record<string, { get: { parameters: OpenApiParameter[] } }> };
  beforeAll(async () => {
    const response = await get('/ogc/api');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.oai.openapi+json;version=3.0');
    document = response.json();
  });

  it('is OpenAPI 3.0.3 served from the requested host', () => {
    expect(document.openapi).toBe('3.0.3');
    expect(document.servers).toEqual([{ url: BASE }]);
  });

  it('has a path for every GET route registered under /ogc, and no other', () => {
    const registered = registeredGetPaths().filter((p) => p === '/ogc' || p.startsWith('/ogc/'));
    expect(registered).toEqual(expect.arrayContaining(EXPECTED_PATHS.map((p) => p.replace('{featureId}', ':featureId'))));
    expect(Object.keys(document.paths).sort()).toEqual(registered.map((p) => p.replace(/:(\w+)/g, '{$1}')).sort());
    for (const path of EXPECTED_PATHS) expect(document.paths, path).toHaveProperty([path]);
  });

  it('describes paths that answer 200', async () => {
    for (const path of Object.keys(document.paths)) {
      const id = path.split('/')[3] as CollectionId | undefined;
      const url = path.replace('{featureId}', () => idsOf(id!)[0]!);
      expect((await get(url)).statusCode, url).toBe(200);
    }
  });

  /** A valid value of a documented query parameter, from its schema or, for free text, from the data. */
  function sampleValue(collection: CollectionId, parameter: OpenApiParameter): string {
    if (parameter.schema.enum) return parameter.schema.enum[0]!;
    if (parameter.schema.type === 'integer') return String(parameter.schema.minimum ?? 0);
    switch (parameter.name) {
      case 'bbox': return '-180,-90,180,90';
      case 'datetime': return '2020-01-01';
      case 'properties': return collection === 'flows' ? 'kind' : 'name';
      case 'period': return scalar<string>(`SELECT p.period FROM indicator_periods p JOIN indicators i ON i.id = p.indicator_id
        WHERE i.subject = ? ORDER BY i.rowid, p.sort_order`, COLLECTIONS[collection].subject);
      default: return 'any-value';
    }
  }

  for (const id of COLLECTION_IDS) {
    it(`lists exactly the query parameters the items of ${id} accept`, async () => {
      const parameters = document.paths[`/ogc/collections/${id}/items`]!.get.parameters;
      expect(parameters.every((p) => p.in === 'query' && !p.required)).toBe(true);
      for (const parameter of parameters) {
        const url = `/ogc/collections/${id}/items?${parameter.name}=${encodeURIComponent(sampleValue(id, parameter))}`;
        const response = await get(url);
        expect(response.statusCode, `${url}: ${response.body.slice(0, 200)}`).toBe(200);
      }
      const refused = await get(`/ogc/collections/${id}/items?not-documented=1`);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().description).toBe(
        `Parameter "not-documented" is not accepted here; expected one of: ${parameters.map((p) => p.name).join(', ')}`);
    });

    it(`lists the featureId path parameter and the query parameters of one ${id} item`, async () => {
      const parameters = document.paths[`/ogc/collections/${id}/items/{featureId}`]!.get.parameters;
      expect(parameters.filter((p) => p.in === 'path').map((p) => [p.name, p.required])).toEqual([['featureId', true]]);
      const query = parameters.filter((p) => p.in === 'query').map((p) => p.name);
      const refused = await get(`/ogc/collections/${id}/items/${idsOf(id)[0]}?bbox=0,0,1,1`);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().description).toBe(`Parameter "bbox" is not accepted here; expected one of: ${query.join(', ')}`);
    });
  }
});

describe('/ogc/collections', () => {
  const titles = (id: string) => JSON.parse(scalar<string>('SELECT titles FROM layers WHERE id = ?', id)) as Record<string, string>;
  const descriptions = (id: string) => JSON.parse(scalar<string>('SELECT descriptions FROM layers WHERE id = ?', id)) as Record<string, string>;

  async function collections(url: string, headers: Record<string, string> = {}) {
    const response = await get(url, headers);
    expect(response.statusCode).toBe(200);
    return { response, collections: (response.json() as { collections: CollectionJson[] }).collections };
  }

  it('lists the five collections in order', async () => {
    const { collections: list } = await collections('/ogc/collections');
    expect(list.map((c) => c.id)).toEqual(['communes', 'territories', 'rail-stations', 'rail-lines', 'services', 'flows']);
  });

  it('gives titles and descriptions in the language of ?lang, with Content-Language', async () => {
    const { response, collections: list } = await collections('/ogc/collections?lang=fr');
    expect(response.headers['content-language']).toBe('fr');
    for (const c of list) {
      expect(c.title, c.id).toBe(titles(c.id).fr);
      expect(c.description, c.id).toBe(descriptions(c.id).fr);
    }
  });

  it('gives them in the language of Accept-Language when there is no ?lang', async () => {
    const { response, collections: list } = await collections('/ogc/collections', { 'accept-language': 'it-IT,it;q=0.9,en;q=0.5' });
    expect(response.headers['content-language']).toBe('it');
    for (const c of list) {
      expect(c.title, c.id).toBe(titles(c.id).it);
      expect(c.description, c.id).toBe(descriptions(c.id).it);
    }
    expect((await get('/ogc/collections/services', { 'accept-language': 'de' })).json().title).toBe(titles('services').de);
  });

  it('gives English by default', async () => {
    const { response, collections: list } = await collections('/ogc/collections');
    expect(response.headers['content-language']).toBe('en');
    expect(list.map((c) => c.title)).toEqual(COLLECTION_IDS.map((id) => titles(id).en));
  });

  it('has a spatial extent equal to the bounds of the table', async () => {
    const { collections: list } = await collections('/ogc/collections');
    for (const c of list) {
      const { table, bbox } = COLLECTIONS[c.id as CollectionId];
      const expected = Object.values(real.atlas.db.prepare(`SELECT ${bbox.join(', ')} FROM ${EXTENT_TABLE[c.id] ?? table}`).get() as object);
      expect(c.extent.spatial, c.id).toEqual({ bbox: [expected], crs: 'http://www.opengis.net/def/crs/OGC/1.3/CRS84' });
    }
  });

  it('has a temporal extent, from the first to the last dated period of its indicators, only where it has indicators', async () => {
    const { collections: list } = await collections('/ogc/collections');
    const withInterval = list.filter((c) => c.extent.temporal).map((c) => c.id);
    expect(withInterval).toEqual(['communes', 'rail-stations']);
    for (const id of withInterval) {
      const instants = column(`SELECT p.reference_date FROM indicator_periods p JOIN indicators i ON i.id = p.indicator_id
        WHERE i.subject = ? AND p.reference_date IS NOT NULL`, COLLECTIONS[id as CollectionId].subject).map(startInstant).sort();
      expect(instants.length).toBeGreaterThan(0);
      expect(list.find((c) => c.id === id)!.extent.temporal).toEqual({
        interval: [[instants[0], instants.at(-1)]], trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian',
      });
    }
  });

  /** Ids of the sources of a layer and of its indicators. */
  const sourceIdsOf = (id: CollectionId) => column(`SELECT source_id FROM layer_sources WHERE layer_id = ?
      UNION SELECT s.source_id FROM indicator_sources s JOIN indicators i ON i.id = s.indicator_id WHERE i.subject = ?
      ORDER BY 1`, id, COLLECTIONS[id].subject);

  it('links each licence of its sources once, and each source to /api/sources/{id}', async () => {
    const { collections: list } = await collections('/ogc/collections');
    for (const c of list) {
      const sourceIds = sourceIdsOf(c.id as CollectionId);
      expect(sourceIds.length, c.id).toBeGreaterThan(0);
      // A source that joins several upstreams links each upstream's licence instead of its own summary.
      const licences = column(`SELECT DISTINCT coalesce(u.value ->> '$.licence.url', s.licence_url) FROM sources s
        LEFT JOIN json_each(s.upstreams) u WHERE s.id IN (${sourceIds.map(() => '?').join(',')}) ORDER BY 1`, ...sourceIds);
      const licenceLinks = linksOf(c.links, 'license').map((l) => l.href);
      expect([...licenceLinks].sort(), c.id).toEqual(licences);
      expect(new Set(licenceLinks).size, `${c.id}: no licence twice`).toBe(licenceLinks.length);
      const sourceLinks = linksOf(c.links, 'describedby').filter((l) => l.href.startsWith(`${BASE}/api/sources/`));
      expect(sourceLinks.map((l) => l.href).sort(), c.id).toEqual(sourceIds.map((s) => `${BASE}/api/sources/${s}`));
    }
  });

  it('links the indicators of its features to /api/indicators/{id}', async () => {
    const { collections: list } = await collections('/ogc/collections');
    for (const c of list) {
      const indicatorLinks = linksOf(c.links, 'describedby').filter((l) => l.href.startsWith(`${BASE}/api/indicators/`));
      expect(indicatorLinks.map((l) => l.href), c.id).toEqual(
        indicatorsOf(COLLECTIONS[c.id as CollectionId].subject).map((i) => `${BASE}/api/indicators/${i}`));
    }
  });

  it('links only to resources that answer 200', async () => {
    const { collections: list } = await collections('/ogc/collections');
    const hrefs = new Set(list.flatMap((c) => c.links.filter((l) => l.href.startsWith(BASE)).map((l) => l.href)));
    for (const href of hrefs) expect((await get(pathOf(href))).statusCode, href).toBe(200);
    for (const c of list) {
      expect(linksOf(c.links, 'self').map((l) => l.href), c.id).toEqual([`${BASE}/ogc/collections/${c.id}?f=json`]);
      expect(linksOf(c.links, 'items').map((l) => l.type), c.id).toEqual(['application/geo+json', 'text/csv', 'text/html']);
    }
  });

  it('answers each collection alone with the same document as in the list', async () => {
    const { collections: list } = await collections('/ogc/collections?lang=sl');
    for (const c of list) {
      const one = await get(`/ogc/collections/${c.id}?lang=sl`);
      expect(one.statusCode).toBe(200);
      expect(one.json(), c.id).toEqual(c);
    }
  });
});

describe('items: counts, limits and paging', () => {
  it('matches every feature of the table and returns 100 by default', async () => {
    for (const id of COLLECTION_IDS) {
      const items = await getItems(`/ogc/collections/${id}/items`);
      const count = countOf(id);
      expect(items.type).toBe('FeatureCollection');
      expect(items.numberMatched, id).toBe(count);
      expect(items.numberReturned, id).toBe(Math.min(count, 100));
      expect(items.features, id).toHaveLength(items.numberReturned);
      expect(ids(items), id).toEqual(idsOf(id).slice(0, 100));
      expect(linksOf(items.links, 'next').length, id).toBe(count > 100 ? 1 : 0);
      expect(items.timeStamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    }
  });

  it('treats a limit above 10000 as 10000: every feature on one page', async () => {
    const items = await getItems('/ogc/collections/communes/items?limit=20000');
    expect(items.numberReturned).toBe(countOf('communes'));
    expect(ids(items)).toEqual(idsOf('communes'));
    expect(linksOf(items.links, 'next')).toEqual([]);
  });

  it('pages through every commune by next links, in order, with no duplicate', async () => {
    const seen: string[] = [];
    let url: string | undefined = '/ogc/collections/communes/items?limit=10';
    let pages = 0;
    while (url) {
      const page = await getItems(url);
      expect(page.numberReturned, url).toBeLessThanOrEqual(10);
      expect(linksOf(page.links, 'prev').length, url).toBe(pages === 0 ? 0 : 1);
      seen.push(...ids(page));
      const next = linksOf(page.links, 'next');
      expect(next.length).toBeLessThanOrEqual(1);
      if (next[0]) expect(next[0].type).toBe('application/geo+json');
      url = next[0] && pathOf(next[0].href);
      pages += 1;
      expect(pages, 'pages never end').toBeLessThan(100);
    }
    expect(seen).toEqual(idsOf('communes'));
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages).toBe(Math.ceil(countOf('communes') / 10));
  });

  it('pages back by prev links to the first page', async () => {
    const count = countOf('communes');
    const lastOffset = Math.floor((count - 1) / 10) * 10;
    let url: string | undefined = `/ogc/collections/communes/items?limit=10&offset=${lastOffset}`;
    const seen: string[][] = [];
    while (url) {
      const page = await getItems(url);
      seen.unshift(ids(page));
      const prev = linksOf(page.links, 'prev')[0];
      url = prev && pathOf(prev.href);
      expect(seen.length).toBeLessThan(100);
    }
    expect(seen.flat()).toEqual(idsOf('communes'));
  });

  it('points prev from past the end to the last page with features', async () => {
    const count = countOf('communes');
    const page = await getItems(`/ogc/collections/communes/items?limit=10&offset=${count + 100}`);
    expect(page.numberReturned).toBe(0);
    expect(linksOf(page.links, 'next')).toEqual([]);
    const last = await getItems(pathOf(linksOf(page.links, 'prev')[0]!.href));
    expect(ids(last)).toEqual(idsOf('communes').slice(count - 10));
  });

  it('keeps every other query parameter in next and prev links', async () => {
    const page = await getItems('/ogc/collections/communes/items?country=FR&properties=name&limit=10&offset=20&lang=de');
    const params = (rel: string) => Object.fromEntries(new URL(linksOf(page.links, rel)[0]!.href).searchParams);
    expect(params('next')).toEqual({ country: 'FR', properties: 'name', limit: '10', offset: '30', lang: 'de' });
    expect(params('prev')).toEqual({ country: 'FR', properties: 'name', limit: '10', offset: '10', lang: 'de' });
    expect(new URL(linksOf(page.links, 'next')[0]!.href).pathname).toBe('/ogc/collections/communes/items');
    expect(ids(page)).toEqual(column("SELECT code FROM communes WHERE country = 'FR' ORDER BY code LIMIT 10 OFFSET 20"));
  });

  it('has self, alternate and collection links', async () => {
    const page = await getItems('/ogc/collections/services/items?category=hospital&lang=fr');
    expect(page.links.filter((l) => l.rel !== 'next' && l.rel !== 'prev')).toEqual([
      { href: `${BASE}/ogc/collections/services/items?category=hospital&lang=fr&f=json`, rel: 'self', type: 'application/geo+json', title: 'This document as JSON' },
      { href: `${BASE}/ogc/collections/services/items?category=hospital&lang=fr&f=csv`, rel: 'alternate', type: 'text/csv', title: 'This document as CSV' },
      { href: `${BASE}/ogc/collections/services/items?category=hospital&lang=fr&f=html`, rel: 'alternate', type: 'text/html', title: 'This document as HTML' },
      { href: `${BASE}/ogc/collections/services`, rel: 'collection', type: 'application/json', title: JSON.parse(scalar<string>("SELECT titles FROM layers WHERE id = 'services'")).fr },
    ]);
  });
});

describe('items: filters', () => {
  it('filters communes by country', async () => {
    const items = await getItems('/ogc/collections/communes/items?country=IT&limit=10000');
    const expected = column("SELECT code FROM communes WHERE country = 'IT' ORDER BY code");
    expect(items.numberMatched).toBe(expected.length);
    expect(ids(items)).toEqual(expected);
    expect(items.features.every((f) => f.properties.country === 'IT')).toBe(true);
  });

  it('filters communes by territory: exactly the member communes', async () => {
    const items = await getItems('/ogc/collections/communes/items?territory=cc-brianconnais');
    const expected = column("SELECT commune_code FROM territory_communes WHERE territory_id = 'cc-brianconnais' ORDER BY commune_code");
    expect(expected).toHaveLength(13);
    expect(items.numberMatched).toBe(13);
    expect(ids(items)).toEqual(expected);
  });

  it('filters communes by province', async () => {
    const items = await getItems('/ogc/collections/communes/items?province=05');
    expect(ids(items)).toEqual(column("SELECT code FROM communes WHERE province_code = '05' ORDER BY code"));
  });

  it('filters services by category', async () => {
    const items = await getItems('/ogc/collections/services/items?category=hospital&limit=10000');
    const expected = column("SELECT id FROM services WHERE category = 'hospital' ORDER BY id");
    expect(items.numberMatched).toBe(expected.length);
    expect(ids(items)).toEqual(expected);
  });

  it('combines filters', async () => {
    const items = await getItems('/ogc/collections/services/items?category=france-services&territory=cc-brianconnais');
    expect(ids(items)).toEqual(column(`SELECT s.id FROM services s JOIN territory_communes t ON t.commune_code = s.commune_code
      WHERE s.category = 'france-services' AND t.territory_id = 'cc-brianconnais' ORDER BY s.id`));
  });

  it('matches nothing, without an error, for unknown values', async () => {
    for (const url of [
      '/ogc/collections/communes/items?country=XX',
      '/ogc/collections/communes/items?territory=no-such-territory',
      '/ogc/collections/services/items?category=bakery',
      '/ogc/collections/rail-stations/items?commune=99999',
    ]) {
      const items = await getItems(url);
      expect(items.numberMatched, url).toBe(0);
      expect(items.numberReturned, url).toBe(0);
      expect(items.features, url).toEqual([]);
    }
  });
});

describe('items: properties and periods', () => {
  it('gives a commune every property, with the latest value of each indicator', async () => {
    const feature = (await getItems('/ogc/collections/communes/items?territory=cc-brianconnais')).features.find((f) => f.id === '05023')!;
    const expected = communeProperties('05023');
    expect(expected.name).toBe('Briançon');
    expect(feature.properties).toEqual(expected);
    expect(Object.keys(feature.properties)).toEqual(Object.keys(expected));
  });

  it('gives every commune the properties computed from SQL', async () => {
    const items = await getItems('/ogc/collections/communes/items?limit=10000');
    for (const feature of items.features) expect(feature.properties, feature.id).toEqual(communeProperties(feature.id));
  });

  it('returns exactly the properties asked for', async () => {
    const items = await getItems('/ogc/collections/communes/items?properties=name,population&limit=10000');
    for (const feature of items.features) {
      expect(Object.keys(feature.properties), feature.id).toEqual(['name', 'population']);
      expect(feature.properties.population, feature.id).toBe(indicatorValue('population', feature.id)?.value ?? null);
    }
  });

  it('shows the values of ?period, and null where a commune has none for it', async () => {
    const items = await getItems('/ogc/collections/communes/items?period=istat-2011&limit=10000');
    const countries = new Map(all<{ code: string; country: string }>('SELECT code, country FROM communes').map((r) => [r.code, r.country]));
    const census = new Map(all<{ subject_id: string; value: number; source_id: string }>(
      "SELECT subject_id, value, source_id FROM indicator_values WHERE indicator_id = 'population' AND period = 'istat-2011'").map((r) => [r.subject_id, r]));
    expect(census.size).toBeGreaterThan(0);
    for (const { id, properties } of items.features) {
      const value = census.get(id);
      if (countries.get(id) === 'FR') expect(value, id).toBeUndefined();
      expect(properties.population, id).toBe(value?.value ?? null);
      expect(properties.population_period, id).toBe('istat-2011');
      expect(properties.population_source, id).toBe(value?.source_id ?? null);
      // Area has no istat-2011 period: it keeps its latest value.
      expect(properties.area_period, id).toBe(indicatorValue('area', id)?.period ?? null);
    }
    expect(items.features.some((f) => countries.get(f.id) === 'IT' && f.properties.population !== null)).toBe(true);
    expect(items.features.some((f) => countries.get(f.id) === 'FR' && f.properties.population === null)).toBe(true);
  });

  it('shows, for ?datetime, the latest value among the dated periods at or before the instant', async () => {
    const instant = '2019-06-01T00:00:00Z';
    const allowed = all<{ period: string; reference_date: string }>(`SELECT period, reference_date FROM indicator_periods
        WHERE indicator_id = 'rail-passengers' AND reference_date IS NOT NULL ORDER BY sort_order`)
      .filter((p) => startInstant(p.reference_date) <= instant).map((p) => p.period);
    expect(allowed.at(-1)).toBe('2019');
    const items = await getItems(`/ogc/collections/rail-stations/items?datetime=${instant}&limit=10000`);
    expect(items.numberReturned).toBe(countOf('rail-stations'));
    const with2019 = new Set(column("SELECT subject_id FROM indicator_values WHERE indicator_id = 'rail-passengers' AND period = '2019'"));
    expect(with2019.size).toBeGreaterThan(0);
    for (const { id, properties } of items.features) {
      const latest = [...allowed].reverse().map((period) => indicatorValue('rail-passengers', id, period)).find(Boolean) ?? null;
      if (with2019.has(id)) expect(properties.rail_passengers_period, id).toBe('2019');
      expect(properties.rail_passengers_period, id).toBe(latest?.period ?? null);
      expect(properties.rail_passengers, id).toBe(latest?.value ?? null);
      expect(properties.rail_passengers_source, id).toBe(latest?.source ?? null);
    }
  });

  it('gives the properties of each collection in the documented order, with the same names as ?properties accepts', async () => {
    for (const id of COLLECTION_IDS) {
      const [feature] = (await getItems(`/ogc/collections/${id}/items?limit=1`)).features;
      const names = Object.keys(feature!.properties);
      const refused = await get(`/ogc/collections/${id}/items?properties=nope`);
      expect(refused.json().description, id).toBe(`Parameter "properties": expected property names of ${id}: ${names.join(', ')}, got "nope"`);
    }
  });
});

describe('items: bbox', () => {
  it('matches nothing in a box far away', async () => {
    for (const id of COLLECTION_IDS) {
      const items = await getItems(`/ogc/collections/${id}/items?bbox=-75,40,-73,41`);
      expect(items.numberMatched, id).toBe(0);
    }
  });

  it('matches Briançon in a box around it, and fewer than all communes', async () => {
    const box = Object.values(real.atlas.db.prepare("SELECT min_lon, min_lat, max_lon, max_lat FROM communes WHERE code = '05023'").get() as object);
    const items = await getItems(`/ogc/collections/communes/items?bbox=${box.join(',')}&limit=10000`);
    expect(ids(items)).toContain('05023');
    expect(items.numberMatched).toBeLessThan(countOf('communes'));
  });

  it('matches exactly the stations inside a box', async () => {
    const [lon, lat] = Object.values(real.atlas.db.prepare("SELECT lon, lat FROM rail_stations ORDER BY id LIMIT 1").get() as object) as number[];
    const box = [lon! - 0.2, lat! - 0.2, lon! + 0.2, lat! + 0.2];
    const items = await getItems(`/ogc/collections/rail-stations/items?bbox=${box.join(',')}&limit=10000`);
    expect(ids(items)).toEqual(column('SELECT id FROM rail_stations WHERE lon BETWEEN ? AND ? AND lat BETWEEN ? AND ? ORDER BY id', box[0], box[2], box[1], box[3]));
  });
});

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
    expect(feature.links).toEqual([
      { href: `${BASE}/ogc/collections/communes/items/05023?f=json`, rel: 'self', type: 'application/geo+json', title: 'This document as JSON' },
      { href: `${BASE}/ogc/collections/communes/items/05023?f=csv`, rel: 'alternate', type: 'text/csv', title: 'This document as CSV' },
      { href: `${BASE}/ogc/collections/communes/items/05023?f=html`, rel: 'alternate', type: 'text/html', title: 'This document as HTML' },
      { href: `${BASE}/ogc/collections/communes`, rel: 'collection', type: 'application/json', title: JSON.parse(scalar<string>("SELECT titles FROM layers WHERE id = 'communes'")).en },
    ]);
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

describe('queryables', () => {
  it('is a JSON Schema of the filters that items accept', async () => {
    const response = await get('/ogc/collections/communes/queryables');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/schema+json');
    const schema = response.json() as { $id: string; properties: Record<string, { type: string }>; additionalProperties: boolean };
    expect(schema.$id).toBe(`${BASE}/ogc/collections/communes/queryables`);
    expect(Object.keys(schema.properties)).toEqual(['country', 'territory', 'province']);
    expect(Object.values(schema.properties).map((p) => p.type)).toEqual(['string', 'string', 'string']);
    expect(schema.additionalProperties).toBe(false);
  });
});

describe('formats', () => {
  it('answers CSV for f=csv: a header of id, the property names and wkt, one row per feature', async () => {
    const json = await getItems('/ogc/collections/communes/items?limit=10000');
    const response = await get('/ogc/collections/communes/items?limit=10000&f=csv');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    const [header, ...rows] = parseCsv(response.body);
    expect(header).toEqual(['id', ...Object.keys(json.features[0]!.properties), 'wkt']);
    expect(rows).toHaveLength(countOf('communes'));
    expect(rows.map((r) => r[0])).toEqual(idsOf('communes'));
    expect(rows.every((r) => r.length === header!.length)).toBe(true);
    expect(rows.every((r) => /^(MULTI)?POLYGON \(/.test(r.at(-1)!))).toBe(true);
  });

  it('links each collection to a CSV of the whole layer', async () => {
    for (const id of ['communes', 'services'] as const) {
      const collection = (await get(`/ogc/collections/${id}`)).json();
      const csvLink = collection.links.find((l: { rel: string; type: string }) => l.rel === 'items' && l.type === 'text/csv');
      const rows = parseCsv((await get(pathOf(csvLink.href))).body);
      expect(rows.length - 1, id).toBe(countOf(id));
    }
  });

  it('writes lon and lat columns for point layers', async () => {
    for (const id of ['rail-stations', 'services'] as const) {
      const json = await getItems(`/ogc/collections/${id}/items?limit=10000`);
      const [header, ...rows] = parseCsv((await get(`/ogc/collections/${id}/items?limit=10000&f=csv`)).body);
      expect(header, id).toEqual(['id', ...Object.keys(json.features[0]!.properties), 'lon', 'lat']);
      expect(rows, id).toHaveLength(countOf(id));
      expect(rows.map((r) => r[0]), id).toEqual(idsOf(id));
      const coordinates = all<{ lon: number; lat: number }>(`SELECT lon, lat FROM ${COLLECTIONS[id].table} ORDER BY id`);
      expect(rows.map((r) => r.slice(-2).map(Number)), id).toEqual(coordinates.map((c) => [c.lon, c.lat]));
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
      ['/ogc/collections/communes/items', { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' }],
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

  it('answers 406 JSON to an Accept it cannot meet', async () => {
    const response = await get('/ogc/collections/communes/items', { accept: 'image/png' });
    expect(response.statusCode).toBe(406);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.json()).toEqual({
      code: 'NotAcceptable',
      description: 'Header "Accept": expected one of JSON, CSV, HTML (or use the f parameter), got "image/png"',
    });
  });
});

describe('errors', () => {
  const ITEMS = '/ogc/collections/communes/items';
  const BAD_PARAMETERS: [query: string, parameter: string][] = [
    ['limit=0', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=1.5', 'limit'],
    ['offset=-1', 'offset'],
    ['offset=Infinity', 'offset'],
    ['limit=1e400', 'limit'],
    ['bbox=1,2,3', 'bbox'],
    ['bbox=0,50,1,40', 'bbox'],
    ['bbox=0,-91,1,40', 'bbox'],
    ['bbox=a,b,c,d', 'bbox'],
    ['datetime=yesterday', 'datetime'],
    ['datetime=2020-01-01/2019-01-01', 'datetime'],
    ['datetime=2019-13-45', 'datetime'],
    ['period=nope', 'period'],
    ['period=istat-2011,nope', 'period'],
    ['period=istat-2011&datetime=2019-01-01', 'datetime'],
    ['properties=nope', 'properties'],
    ['properties=name,nope', 'properties'],
    ['f=xml', 'f'],
    ['lang=xx', 'lang'],
    ['unknown=1', 'unknown'],
    ['country=FR&country=IT', 'country'],
  ];

  for (const [query, parameter] of BAD_PARAMETERS) {
    it(`answers 400 naming "${parameter}" for ?${query}`, async () => {
      const response = await get(`${ITEMS}?${query}`);
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      const body = response.json();
      expect(Object.keys(body)).toEqual(['code', 'description']);
      expect(body.code).toBe('InvalidParameterValue');
      expect(body.description).toMatch(new RegExp(`^Parameter "${parameter}"`));
    });
  }

  it('refuses parameters of other routes: no period on a layer without indicators, no bbox on the collection', async () => {
    for (const url of ['/ogc/collections/services/items?period=2019', '/ogc/collections/communes?bbox=0,0,1,1', '/ogc?limit=1']) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.json().code, url).toBe('InvalidParameterValue');
    }
  });

  it('answers 404 JSON for an unknown collection or path', async () => {
    for (const url of ['/ogc/collections/nope', '/ogc/collections/nope/items', '/ogc/nope', '/ogc/collections/communes/items/05023/more']) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type'], url).toBe('application/json; charset=utf-8');
      expect(response.json(), url).toEqual({ code: 'NotFound', description: `Nothing at GET ${url}; /ogc lists the API` });
    }
  });

  it('never answers 5xx to hostile input', async () => {
    const long = 'x'.repeat(10_000);
    const requests: [url: string, headers?: Record<string, string>][] = [
      [`${ITEMS}?country=${long}`],
      [`${ITEMS}/${long}`],
      [`/ogc/collections/${long}`],
      [`${ITEMS}?${long}=1`],
      [`${ITEMS}?properties=${'name,'.repeat(2000)}name`],
      [`${ITEMS}?period=${'istat-2011,'.repeat(2000)}istat-2011`],
      ['/ogc/collections/%00'],
      [`${ITEMS}/%00`],
      [`${ITEMS}?country=%00`],
      [`${ITEMS}?bbox=%00`],
      [`${ITEMS}/%F0%9F%8F%94`],
      [`${ITEMS}?territory=%E2%80%AE%F0%9F%98%80`],
      [`${ITEMS}?country=%FF%FE`],
      [`${ITEMS}?%FF=1`],
      [`${ITEMS}/..%2F..%2Fpackage.json`],
      ['/ogc/collections/../../package.json'],
      ['/api/sources/..%2Fsources'],
      [`${ITEMS}?limit=1e400`],
      [`${ITEMS}?limit=99999999999999999999`],
      [`${ITEMS}?limit=-99999999999999999999`],
      [`${ITEMS}?offset=99999999999999999999`],
      [`${ITEMS}?offset=1e400`],
      [`${ITEMS}?bbox=1e400,0,1,1`],
      [`${ITEMS}?bbox=`],
      [`${ITEMS}?limit=`],
      [`${ITEMS}?offset=`],
      [`${ITEMS}?datetime=`],
      [`${ITEMS}?period=`],
      [`${ITEMS}?properties=`],
      [`${ITEMS}?datetime=99999-01-01`],
      [`${ITEMS}?datetime=../..`],
      [`${ITEMS}?__proto__=1`],
      [`${ITEMS}?constructor[prototype][x]=1`],
      [`${ITEMS}?limit[]=1`],
      [`${ITEMS}?f=json&f=csv`],
      ['/api/indicators/__proto__'],
      ['/api/indicators/population?period=constructor'],
      ['/api/sources/hasOwnProperty'],
      [ITEMS, { accept: long }],
      [ITEMS, { 'accept-language': long }],
      [ITEMS, { 'if-none-match': long }],
      [ITEMS, { 'accept-encoding': 'br;q=abc, gzip;q=-1' }],
      [ITEMS, { host: 'evil.example/<script>' }],
    ];
    for (const [url, headers] of requests) {
      const response = await get(url, headers);
      const label = `${url.slice(0, 80)} ${JSON.stringify(headers ?? {}).slice(0, 80)}`;
      expect(response.statusCode, label).toBeLessThan(500);
      if (response.statusCode >= 400) {
        expect(response.headers['content-type'], label).toBe('application/json; charset=utf-8');
        expect(Object.keys(response.json()), label).toEqual(['code', 'description']);
      }
    }
  });
});

describe('caching', () => {
  const DATA_URLS = [
    '/ogc', '/ogc/conformance', '/ogc/api', '/ogc/collections', '/ogc/collections/communes',
    '/ogc/collections/communes/items', '/ogc/collections/communes/items/05023', '/ogc/collections/communes/queryables',
    '/ogc/collections/communes/items?f=csv',
    '/api/indicators', '/api/indicators/population', '/api/sources', '/api/sources/istat-census-2011',
  ];

  it('gives every data response a weak ETag and Cache-Control: public, no-cache', async () => {
    for (const url of DATA_URLS) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.headers.etag, url).toMatch(/^W\/"[^"]+"$/);
      expect(response.headers['cache-control'], url).toBe('public, no-cache');
    }
  });

  it('answers 304 with an empty body to If-None-Match with the ETag', async () => {
    for (const url of DATA_URLS) {
      const { headers } = await get(url);
      const again = await get(url, { 'if-none-match': headers.etag as string });
      expect(again.statusCode, url).toBe(304);
      expect(again.body, url).toBe('');
      expect(again.headers.etag, url).toBe(headers.etag);
      const other = await get(url, { 'if-none-match': 'W/"something-else"' });
      expect(other.statusCode, url).toBe(200);
    }
  });

  it('gives a different ETag to a different query, format or language', async () => {
    const pairs: [string, string, Record<string, string>?][] = [
      ['/ogc/collections/communes/items', '/ogc/collections/communes/items?limit=10'],
      ['/ogc/collections/communes/items?country=FR', '/ogc/collections/communes/items?country=IT'],
      ['/ogc/collections/communes/items', '/ogc/collections/communes/items?f=csv'],
      ['/ogc/collections', '/ogc/collections?lang=fr'],
      ['/ogc/collections', '/ogc/collections', { 'accept-language': 'it' }],
      ['/ogc/collections/communes/items/05023', `/ogc/collections/communes/items/${idsOf('communes').find((code) => code !== '05023')}`],
      ['/api/indicators/population', '/api/indicators/population?period=anpr-2026-01'],
      ['/api/indicators/population', '/api/indicators/population?f=csv'],
      ['/api/sources/istat-census-2011', '/api/sources/anpr-residenti-2026-01'],
    ];
    for (const [a, b, headers] of pairs) {
      const [first, second] = [await get(a), await get(b, headers)];
      expect(second.statusCode, b).toBe(200);
      expect(first.headers.etag, `${a} vs ${b}`).not.toBe(second.headers.etag);
      expect((await get(b, { ...headers, 'if-none-match': first.headers.etag as string })).statusCode, `${a} vs ${b}`).toBe(200);
    }
  });

  it('answers the same body and ETag to the same request', async () => {
    const url = '/ogc/collections/rail-stations/items?limit=5';
    const [first, second] = [await get(url), await get(url)];
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(second.body).toBe(first.body);
  });
});

describe('compression', () => {
  const URL_ALL = '/ogc/collections/communes/items?limit=10000';

  it('compresses the full communes items with brotli or gzip to the same bytes as the identity body', async () => {
    const identity = await get(URL_ALL);
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.headers.vary).toBe('Accept, Accept-Language, Accept-Encoding');
    expect(identity.json().numberReturned).toBe(countOf('communes'));
    const br = await get(URL_ALL, { 'accept-encoding': 'br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.rawPayload.length).toBeLessThan(identity.rawPayload.length);
    expect(brotliDecompressSync(br.rawPayload).equals(identity.rawPayload)).toBe(true);
    const gzip = await get(URL_ALL, { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).equals(identity.rawPayload)).toBe(true);
    expect(br.headers.etag).toBe(identity.headers.etag);
  });

  it('prefers brotli, honours q=0, and falls back to identity', async () => {
    expect((await get(URL_ALL, { 'accept-encoding': 'gzip, deflate, br' })).headers['content-encoding']).toBe('br');
    expect((await get(URL_ALL, { 'accept-encoding': 'br;q=0, gzip' })).headers['content-encoding']).toBe('gzip');
    expect((await get(URL_ALL, { 'accept-encoding': 'deflate' })).headers['content-encoding']).toBeUndefined();
  });

  it('compresses the indicator and source lists too', async () => {
    const identity = await get('/api/indicators/population');
    const gzip = await get('/api/indicators/population', { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).equals(identity.rawPayload)).toBe(true);
  });

  it('does not compress bodies under 1 KB', async () => {
    const response = await get('/ogc/conformance', { 'accept-encoding': 'br, gzip' });
    expect(response.rawPayload.length).toBeLessThan(1024);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.headers.vary).toBe('Accept, Accept-Language');
    expect(response.rawPayload.equals((await get('/ogc/conformance')).rawPayload)).toBe(true);
  });
});

describe('CORS', () => {
  it('lets any origin read the API and its ETag', async () => {
    for (const url of ['/ogc/collections', '/api/indicators']) {
      const response = await get(url, { origin: 'https://example.org' });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['access-control-allow-origin'], url).toBe('*');
      const exposed = String(response.headers['access-control-expose-headers']).split(/,\s*/).map((h) => h.toLowerCase());
      expect(exposed, url).toContain('etag');
      expect(exposed, url).toContain('content-language');
    }
  });

  it('answers the pre-flight of a conditional GET', async () => {
    for (const url of ['/ogc/collections/communes/items', '/api/indicators/population']) {
      const response = await real.app.inject({
        method: 'OPTIONS', url,
        headers: { host: HOST, origin: 'https://example.org', 'access-control-request-method': 'GET', 'access-control-request-headers': 'if-none-match' },
      });
      expect(response.statusCode, url).toBe(204);
      expect(response.body, url).toBe('');
      expect(response.headers['access-control-allow-origin'], url).toBe('*');
      const methods = String(response.headers['access-control-allow-methods']).split(/,\s*/);
      expect(methods, url).toContain('GET');
      const allowed = String(response.headers['access-control-allow-headers']).split(/,\s*/).map((h) => h.toLowerCase());
      expect(allowed, url).toContain('if-none-match');
    }
  });

  it('keeps CORS headers on errors of the API', async () => {
    const response = await get('/ogc/collections/communes/items?limit=0', { origin: 'https://example.org' });
    expect(response.statusCode).toBe(400);
    expect(response.headers['access-control-allow-origin']).toBe('*');
  });

  it('gives the page no CORS header', async () => {
    const response = await get('/', { origin: 'https://example.org' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(response.headers['access-control-expose-headers']).toBeUndefined();
  });
});
