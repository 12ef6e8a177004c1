import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { COLLECTION_IDS } from '../helpers/atlas-sql.ts';
import { type FeatureCollectionJson, ids, useOgcApi } from '../helpers/ogc-client.ts';

/** Items of the researchers' API filtered by their queryables and by a bounding box. */

const { real, getItems, column, countOf } = useOgcApi();

describe('items: filters', () => {
  /** The communes a filter matches, checked to come on one page; without geometry, which is not at issue here. */
  async function matchedCommunes(filter: string, properties = 'name'): Promise<FeatureCollectionJson> {
    const items = await getItems(
      `/ogc/collections/communes/items?${filter}&limit=10000&skipGeometry=true&properties=${properties}`,
    );
    expect(items.numberReturned, filter).toBe(items.numberMatched);
    return items;
  }

  it('filters communes by country: every municipality of the perimeter, in its country', async () => {
    const countries = column('SELECT DISTINCT country FROM communes ORDER BY country');
    expect(countries).toEqual(['AT', 'CH', 'DE', 'FR', 'IT', 'SI']);
    const seen: string[] = [];
    for (const country of countries) {
      const items = await matchedCommunes(`country=${country}`, 'country');
      const expected = column('SELECT code FROM communes WHERE country = ? ORDER BY code', country);
      expect(items.numberMatched, country).toBe(expected.length);
      expect(ids(items), country).toEqual(expected);
      expect(
        items.features.filter((f) => f.properties.country !== country).map((f) => f.id),
        country,
      ).toEqual([]);
      seen.push(...ids(items));
    }
    expect(seen.sort()).toEqual(column('SELECT code FROM communes ORDER BY code'));
  });

  it('filters communes by territory: exactly the member communes', async () => {
    const items = await getItems('/ogc/collections/communes/items?territory=cc-brianconnais');
    const expected = column(
      "SELECT commune_code FROM territory_communes WHERE territory_id = 'cc-brianconnais' ORDER BY commune_code",
    );
    expect(expected).toHaveLength(13);
    expect(items.numberMatched).toBe(13);
    expect(ids(items)).toEqual(expected);
  });

  it('filters communes by every territory: EPCIs, study area, pilots and the Alpine Convention', async () => {
    const territories = column('SELECT id FROM territories ORDER BY rowid');
    const wrong: string[] = [];
    for (const territory of territories) {
      const items = await matchedCommunes(`territory=${territory}`, 'territories');
      const expected = column(
        'SELECT commune_code FROM territory_communes WHERE territory_id = ? ORDER BY commune_code',
        territory,
      );
      if (!isDeepStrictEqual(ids(items), expected)) wrong.push(`${territory}: ${ids(items).length} communes`);
      const without = items.features.filter((f) => !(f.properties.territories as string[]).includes(territory));
      if (without.length > 0) wrong.push(`${territory}: not in the properties of ${without[0]!.id}`);
    }
    expect(wrong).toEqual([]);
    // The 89 communes of the eight EPCIs, with their INSEE codes, among every municipality of the perimeter.
    const epci = column(`SELECT DISTINCT t.commune_code FROM territory_communes t
      JOIN territories k ON k.id = t.territory_id WHERE k.kind = 'epci' ORDER BY t.commune_code`);
    expect(epci).toHaveLength(89);
    expect(epci.every((code) => /^(05|73)\d{3}$/.test(code))).toBe(true);
    const alps = ids(await matchedCommunes('territory=alpine-convention'));
    expect(alps).toEqual(column('SELECT code FROM communes ORDER BY code'));
    expect(alps).toEqual(expect.arrayContaining(epci));
    // A country's part of the perimeter is its municipalities; Liechtenstein and Monaco have no commune polygon.
    for (const country of ['AT', 'CH', 'DE', 'FR', 'IT', 'SI', 'LI', 'MC']) {
      const part = await matchedCommunes(`territory=alpine-convention-${country.toLowerCase()}`);
      expect(ids(part), country).toEqual(column('SELECT code FROM communes WHERE country = ? ORDER BY code', country));
    }
  });

  it('filters communes by province, French and Italian', async () => {
    for (const [province, country] of [
      ['05', 'FR'],
      ['001', 'IT'],
    ]) {
      const items = await matchedCommunes(`province=${province}`, 'country,province_code');
      const expected = column('SELECT code FROM communes WHERE province_code = ? ORDER BY code', province);
      expect(expected.length, province).toBeGreaterThan(100);
      expect(ids(items), province).toEqual(expected);
      const others = items.features.filter((f) => f.properties.country !== country);
      expect(
        others.map((f) => f.id),
        province,
      ).toEqual([]);
    }
  });

  it('filters services by category', async () => {
    const items = await getItems('/ogc/collections/services/items?category=hospital&limit=10000');
    const expected = column("SELECT id FROM services WHERE category = 'hospital' ORDER BY id");
    expect(items.numberMatched).toBe(expected.length);
    expect(ids(items)).toEqual(expected);
  });

  it('combines filters', async () => {
    const items = await getItems('/ogc/collections/services/items?category=france-services&territory=cc-brianconnais');
    expect(ids(items)).toEqual(
      column(`SELECT s.id FROM services s
      JOIN territory_communes t ON t.commune_code = s.commune_code
      WHERE s.category = 'france-services' AND t.territory_id = 'cc-brianconnais' ORDER BY s.id`),
    );
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

describe('items: bbox', () => {
  it('matches nothing in a box far away', async () => {
    for (const id of COLLECTION_IDS) {
      const items = await getItems(`/ogc/collections/${id}/items?bbox=-75,40,-73,41`);
      expect(items.numberMatched, id).toBe(0);
    }
  });

  it('matches Briançon in a box around it, and fewer than all communes', async () => {
    const box = Object.values(
      real.atlas.db
        .prepare("SELECT min_lon, min_lat, max_lon, max_lat FROM communes WHERE code = '05023'")
        .get() as object,
    );
    const items = await getItems(`/ogc/collections/communes/items?bbox=${box.join(',')}&limit=10000`);
    expect(ids(items)).toContain('05023');
    expect(items.numberMatched).toBeLessThan(countOf('communes'));
  });

  it('matches exactly the stations inside a box', async () => {
    const [lon, lat] = Object.values(
      real.atlas.db.prepare('SELECT lon, lat FROM rail_stations ORDER BY id LIMIT 1').get() as object,
    ) as number[];
    const box = [lon! - 0.2, lat! - 0.2, lon! + 0.2, lat! + 0.2];
    const items = await getItems(`/ogc/collections/rail-stations/items?bbox=${box.join(',')}&limit=10000`);
    expect(ids(items)).toEqual(
      column(
        'SELECT id FROM rail_stations WHERE lon BETWEEN ? AND ? AND lat BETWEEN ? AND ? ' + 'ORDER BY id',
        box[0],
        box[2],
        box[1],
        box[3],
      ),
    );
  });
});
