import { describe, expect, it } from 'vitest';
import type { FeatureLayer } from '../../server/layers/feature.ts';
import { parsePropertyList } from '../../server/ogc/items-query.ts';
import { expectInvalid } from '../helpers/expect-api-error.ts';

/** A made-up layer: only its id and properties matter to parsePropertyList. */
const madeUpLayer: FeatureLayer = {
  id: 'made-up-layer',
  geometryType: 'Polygon',
  subject: null,
  properties: [],
  queryables: [],
  features: [],
};

describe('parsePropertyList', () => {
  const available = ['name', 'country', 'population', 'population_period'];

  it('keeps the order of the schema, not of the request', () => {
    expect(parsePropertyList('population,name', madeUpLayer, available)).toEqual(['name', 'population']);
    expect(parsePropertyList('population_period,country,name', madeUpLayer, available)).toEqual([
      'name',
      'country',
      'population_period',
    ]);
  });

  it('returns each name once', () => {
    expect(parsePropertyList('name,name,country', madeUpLayer, available)).toEqual(['name', 'country']);
  });

  it('refuses an unknown name, listing the known ones', () => {
    const expected = 'property names of made-up-layer: name, country, population, population_period';
    expectInvalid(() => parsePropertyList('name,altitude', madeUpLayer, available), 'properties', expected, 'altitude');
    expectInvalid(() => parsePropertyList('Name', madeUpLayer, available), 'properties', expected, 'Name');
    expectInvalid(() => parsePropertyList('', madeUpLayer, available), 'properties', expected, '');
    expectInvalid(() => parsePropertyList('name, country', madeUpLayer, available), 'properties', expected, ' country');
  });
});
