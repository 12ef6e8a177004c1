import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { COLLECTION_IDS, communeOwnProperties, startInstant } from '../helpers/atlas-sql.ts';
import { ids, useOgcApi } from '../helpers/ogc-client.ts';

/** The properties of items: every one or those asked for, with indicator values of a period or an instant. */

const { get, getItems, all, column, countOf, indicatorsOf, indicatorValue, communeProperties } = useOgcApi();

interface Picked {
  value: number;
  period: string;
  source: string;
}

/** An indicator's latest value of each subject (the value of its last period with one), in one query. */
function latestValues(indicatorId: string): Map<string, Picked> {
  const rows = all<Picked & { subject: string }>(
    `SELECT v.subject_id AS subject, v.value, v.period, v.source_id AS source FROM indicator_values v
      JOIN indicator_periods p ON p.indicator_id = v.indicator_id AND p.period = v.period
      WHERE v.indicator_id = ? ORDER BY p.sort_order`,
    indicatorId,
  );
  return new Map(rows.map(({ subject, ...picked }) => [subject, picked]));
}

/**
 * Every commune's properties as the helper's communeProperties gives one commune's, in code order: the same
 * columns and rules, read with one query per indicator rather than one per commune and indicator.
 */
function everyCommuneProperties(): Map<string, Record<string, unknown>> {
  const territories = new Map<string, string[]>();
  for (const r of all<{ commune_code: string; territory_id: string }>(
    'SELECT commune_code, territory_id FROM territory_communes ORDER BY territory_id',
  )) {
    territories.set(r.commune_code, [...(territories.get(r.commune_code) ?? []), r.territory_id]);
  }
  const indicators = indicatorsOf('commune').map((id) => ({ name: id.replaceAll('-', '_'), latest: latestValues(id) }));
  const rows = all<Record<string, string | number | null>>('SELECT * FROM communes ORDER BY code');
  return new Map(
    rows.map((row) => {
      const code = row.code as string;
      const properties = communeOwnProperties(row, territories.get(code) ?? []);
      for (const { name, latest } of indicators) {
        const picked = latest.get(code);
        properties[name] = picked?.value ?? null;
        properties[`${name}_period`] = picked?.period ?? null;
        properties[`${name}_source`] = picked?.source ?? null;
      }
      return [code, properties];
    }),
  );
}

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

  it('gives every commune the properties computed from SQL, and without geometry its bbox', async () => {
    const items = await getItems('/ogc/collections/communes/items?limit=10000&skipGeometry=true');
    const expected = everyCommuneProperties();
    expect(ids(items)).toEqual([...expected.keys()]);
    // The bulk reading agrees with the per-commune one of the helper, on one commune of each country.
    for (const code of column('SELECT min(code) FROM communes GROUP BY country')) {
      expect(expected.get(code), code).toEqual(communeProperties(code));
    }
    const boxes = new Map(
      all<{ code: string; min_lon: number; min_lat: number; max_lon: number; max_lat: number }>(
        'SELECT code, min_lon, min_lat, max_lon, max_lat FROM communes',
      ).map((r) => [r.code, [r.min_lon, r.min_lat, r.max_lon, r.max_lat]]),
    );
    const wrong = items.features.flatMap((f) => {
      const feature = f as typeof f & { bbox?: number[] };
      const problems: string[] = [];
      if (!isDeepStrictEqual(f.properties, expected.get(f.id))) problems.push(`${f.id}: properties`);
      if (f.geometry !== null) problems.push(`${f.id}: geometry`);
      if (!isDeepStrictEqual(feature.bbox, boxes.get(f.id))) problems.push(`${f.id}: bbox ${feature.bbox}`);
      return problems;
    });
    expect(wrong).toEqual([]);
    // Where a mismatch is, the first one is shown in full.
    const first = items.features.find((f) => !isDeepStrictEqual(f.properties, expected.get(f.id)));
    if (first) expect(first.properties, first.id).toEqual(expected.get(first.id));
  });

  it('returns exactly the properties asked for', async () => {
    const items = await getItems(
      '/ogc/collections/communes/items?properties=name,population&limit=10000&skipGeometry=true',
    );
    expect(items.numberReturned).toBe(countOf('communes'));
    const population = latestValues('population');
    const wrong = items.features.filter(
      (f) =>
        !isDeepStrictEqual(Object.keys(f.properties), ['name', 'population']) ||
        f.properties.population !== (population.get(f.id)?.value ?? null),
    );
    expect(wrong.map((f) => `${f.id}: ${JSON.stringify(f.properties)}`)).toEqual([]);
    // Population where a source covers the country (France, Italy), "no data" elsewhere.
    const withPopulation = new Set(items.features.filter((f) => f.properties.population !== null).map((f) => f.id));
    expect(withPopulation.size).toBe(population.size);
    expect(
      column(
        'SELECT DISTINCT country FROM communes WHERE code IN (SELECT subject_id FROM indicator_values ' +
          "WHERE indicator_id = 'population') ORDER BY country",
      ),
    ).toEqual(['FR', 'IT']);
  });

  it('shows the values of ?period, and null where a commune has none for it', async () => {
    const names = 'country,population,population_period,population_source,area_period';
    const items = await getItems(
      `/ogc/collections/communes/items?period=istat-2011&limit=10000&skipGeometry=true&properties=${names}`,
    );
    expect(items.numberReturned).toBe(countOf('communes'));
    const census = new Map(
      all<{ subject_id: string; value: number; source_id: string }>(
        "SELECT subject_id, value, source_id FROM indicator_values WHERE indicator_id = 'population' " +
          "AND period = 'istat-2011'",
      ).map((r) => [r.subject_id, r]),
    );
    expect(census.size).toBeGreaterThan(0);
    // Area has no istat-2011 period: it keeps its latest value.
    const area = latestValues('area');
    const wrong = items.features.filter(({ id, properties }) => {
      const value = census.get(id);
      return (
        (properties.country !== 'IT' && value !== undefined) ||
        properties.population !== (value?.value ?? null) ||
        properties.population_period !== 'istat-2011' ||
        properties.population_source !== (value?.source_id ?? null) ||
        properties.area_period !== (area.get(id)?.period ?? null)
      );
    });
    expect(wrong.map((f) => `${f.id}: ${JSON.stringify(f.properties)}`)).toEqual([]);
    expect(items.features.some((f) => f.properties.country === 'IT' && f.properties.population !== null)).toBe(true);
    expect(items.features.some((f) => f.properties.country === 'FR' && f.properties.population === null)).toBe(true);
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
