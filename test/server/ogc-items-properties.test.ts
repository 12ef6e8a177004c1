import { describe, expect, it } from 'vitest';
import { COLLECTION_IDS, startInstant } from '../helpers/atlas-sql.ts';
import { useOgcApi } from '../helpers/ogc-client.ts';

/** The properties of items: every one or those asked for, with indicator values of a period or an instant. */

const { get, getItems, all, column, countOf, indicatorValue, communeProperties } = useOgcApi();

describe('items: properties and periods', () => {
  it('gives a commune every property, with the latest value of each indicator', async () => {
    const feature = (await getItems('/ogc/collections/communes/items?territory=cc-brianconnais')).features.find(
      (f) => f.id === '05023',
    )!;
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
    const countries = new Map(
      all<{ code: string; country: string }>('SELECT code, country FROM communes').map((r) => [r.code, r.country]),
    );
    const census = new Map(
      all<{ subject_id: string; value: number; source_id: string }>(
        "SELECT subject_id, value, source_id FROM indicator_values WHERE indicator_id = 'population' " +
          "AND period = 'istat-2011'",
      ).map((r) => [r.subject_id, r]),
    );
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
    const allowed = all<{ period: string; reference_date: string }>(
      `SELECT period, reference_date FROM indicator_periods
        WHERE indicator_id = 'rail-passengers' AND reference_date IS NOT NULL ORDER BY sort_order`,
    )
      .filter((p) => startInstant(p.reference_date) <= instant)
      .map((p) => p.period);
    expect(allowed.at(-1)).toBe('2019');
    const items = await getItems(`/ogc/collections/rail-stations/items?datetime=${instant}&limit=10000`);
    expect(items.numberReturned).toBe(countOf('rail-stations'));
    const with2019 = new Set(
      column("SELECT subject_id FROM indicator_values WHERE indicator_id = 'rail-passengers' AND period = '2019'"),
    );
    expect(with2019.size).toBeGreaterThan(0);
    for (const { id, properties } of items.features) {
      const latest =
        [...allowed]
          .reverse()
          .map((period) => indicatorValue('rail-passengers', id, period))
          .find(Boolean) ?? null;
      if (with2019.has(id)) expect(properties.rail_passengers_period, id).toBe('2019');
      expect(properties.rail_passengers_period, id).toBe(latest?.period ?? null);
      expect(properties.rail_passengers, id).toBe(latest?.value ?? null);
      expect(properties.rail_passengers_source, id).toBe(latest?.source ?? null);
    }
  });

  it(
    'gives the properties of each collection in the documented order, ' + 'with the same names as ?properties accepts',
    async () => {
      for (const id of COLLECTION_IDS) {
        const [feature] = (await getItems(`/ogc/collections/${id}/items?limit=1`)).features;
        const names = Object.keys(feature!.properties);
        const refused = await get(`/ogc/collections/${id}/items?properties=nope`);
        expect(refused.json().description, id).toBe(
          `Parameter "properties": expected property names of ${id}: ${names.join(', ')}, got "nope"`,
        );
      }
    },
  );
});
