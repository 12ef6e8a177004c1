import { describe, expect, it } from 'vitest';
import { COLLECTION_IDS } from '../helpers/atlas-sql.ts';
import { ids, useOgcApi } from '../helpers/ogc-client.ts';

/** Items of the researchers' API filtered by their queryables and by a bounding box. */

const { real, getItems, column, countOf } = useOgcApi();

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
    const expected = column(
      "SELECT commune_code FROM territory_communes WHERE territory_id = 'cc-brianconnais' ORDER BY commune_code",
    );
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
