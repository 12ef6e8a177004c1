import { describe, expect, it } from 'vitest';
import { COLLECTION_IDS, COLLECTIONS, EXTENT_TABLE, startInstant, type CollectionId } from '../helpers/atlas-sql.ts';
import { BASE, linksOf, pathOf, useOgcApi, type CollectionJson } from '../helpers/ogc-client.ts';

/** The collections of the researchers' API: their list, titles in five languages, extents, links and queryables. */

const { real, get, column, scalar, indicatorsOf } = useOgcApi();

describe('/ogc/collections', () => {
  const titles = (id: string) =>
    JSON.parse(scalar<string>('SELECT titles FROM layers WHERE id = ?', id)) as Record<string, string>;
  const descriptions = (id: string) =>
    JSON.parse(scalar<string>('SELECT descriptions FROM layers WHERE id = ?', id)) as Record<string, string>;

  async function collections(url: string, headers: Record<string, string> = {}) {
    const response = await get(url, headers);
    expect(response.statusCode).toBe(200);
    return { response, collections: (response.json() as { collections: CollectionJson[] }).collections };
  }

  it('lists the seven collections in order', async () => {
    const { collections: list } = await collections('/ogc/collections');
    expect(list.map((c) => c.id)).toEqual([
      'communes',
      'territories',
      'rail-stations',
      'rail-lines',
      'services',
      'flows',
      'initiatives',
    ]);
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
    const { response, collections: list } = await collections('/ogc/collections', {
      'accept-language': 'it-IT,it;q=0.9,en;q=0.5',
    });
    expect(response.headers['content-language']).toBe('it');
    for (const c of list) {
      expect(c.title, c.id).toBe(titles(c.id).it);
      expect(c.description, c.id).toBe(descriptions(c.id).it);
    }
    expect((await get('/ogc/collections/services', { 'accept-language': 'de' })).json().title).toBe(
      titles('services').de,
    );
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
      const expected = Object.values(
        real.atlas.db.prepare(`SELECT ${bbox.join(', ')} FROM ${EXTENT_TABLE[c.id] ?? table}`).get() as object,
      );
      expect(c.extent.spatial, c.id).toEqual({ bbox: [expected], crs: 'http://www.opengis.net/def/crs/OGC/1.3/CRS84' });
    }
  });

  it(
    'has a temporal extent, from the first to the last dated period of its indicators, ' +
      'only where it has indicators',
    async () => {
      const { collections: list } = await collections('/ogc/collections');
      const withInterval = list.filter((c) => c.extent.temporal).map((c) => c.id);
      expect(withInterval).toEqual(['communes', 'rail-stations']);
      for (const id of withInterval) {
        const instants = column(
          `SELECT p.reference_date FROM indicator_periods p
        JOIN indicators i ON i.id = p.indicator_id
        WHERE i.subject = ? AND p.reference_date IS NOT NULL`,
          COLLECTIONS[id as CollectionId].subject,
        )
          .map(startInstant)
          .sort();
        expect(instants.length).toBeGreaterThan(0);
        expect(list.find((c) => c.id === id)!.extent.temporal).toEqual({
          interval: [[instants[0], instants.at(-1)]],
          trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian',
        });
      }
    },
  );

  /** Ids of the sources of a layer and of its indicators. */
  const sourceIdsOf = (id: CollectionId) =>
    column(
      `SELECT source_id FROM layer_sources WHERE layer_id = ?
      UNION SELECT s.source_id FROM indicator_sources s JOIN indicators i ON i.id = s.indicator_id WHERE i.subject = ?
      ORDER BY 1`,
      id,
      COLLECTIONS[id].subject,
    );

  it('links each licence of its sources once, and each source to /api/sources/{id}', async () => {
    const { collections: list } = await collections('/ogc/collections');
    for (const c of list) {
      const sourceIds = sourceIdsOf(c.id as CollectionId);
      expect(sourceIds.length, c.id).toBeGreaterThan(0);
      // A source that joins several upstreams links each upstream's licence instead of its own summary.
      const licences = column(
        `SELECT DISTINCT coalesce(u.value ->> '$.licence.url', s.licence_url) FROM sources s
        LEFT JOIN json_each(s.upstreams) u WHERE s.id IN (${sourceIds.map(() => '?').join(',')}) ORDER BY 1`,
        ...sourceIds,
      );
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
      const indicatorLinks = linksOf(c.links, 'describedby').filter((l) =>
        l.href.startsWith(`${BASE}/api/indicators/`),
      );
      expect(
        indicatorLinks.map((l) => l.href),
        c.id,
      ).toEqual(indicatorsOf(COLLECTIONS[c.id as CollectionId].subject).map((i) => `${BASE}/api/indicators/${i}`));
    }
  });

  it('links only to resources that answer 200', async () => {
    const { collections: list } = await collections('/ogc/collections');
    const hrefs = new Set(list.flatMap((c) => c.links.filter((l) => l.href.startsWith(BASE)).map((l) => l.href)));
    for (const href of hrefs) expect((await get(pathOf(href))).statusCode, href).toBe(200);
    for (const c of list) {
      expect(
        linksOf(c.links, 'self').map((l) => l.href),
        c.id,
      ).toEqual([`${BASE}/ogc/collections/${c.id}?f=json`]);
      expect(
        linksOf(c.links, 'items').map((l) => l.type),
        c.id,
      ).toEqual([
        'application/geo+json',
        'text/csv',
        'text/html',
        'application/geopackage+sqlite3',
        'application/flatgeobuf',
      ]);
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

describe('queryables', () => {
  it('is a JSON Schema of the filters that items accept', async () => {
    const response = await get('/ogc/collections/communes/queryables');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/schema+json');
    const schema = response.json() as {
      $id: string;
      properties: Record<string, { type: string }>;
      additionalProperties: boolean;
    };
    expect(schema.$id).toBe(`${BASE}/ogc/collections/communes/queryables`);
    expect(Object.keys(schema.properties)).toEqual(['country', 'territory', 'province']);
    expect(Object.values(schema.properties).map((p) => p.type)).toEqual(['string', 'string', 'string']);
    expect(schema.additionalProperties).toBe(false);
  });
});
