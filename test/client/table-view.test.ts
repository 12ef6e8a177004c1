import { describe, expect, it } from 'vitest';
import type { CommuneProperties } from '../../client/src/api.ts';
import type { Choropleth } from '../../client/src/choropleth.ts';
import { sortRows, tableRows, type TableRow } from '../../client/src/panels/table-view.ts';

/** Hand-written rows: real-looking accented names to check locale order; codes and values are made up. */
const commune = (code: string, name: string): CommuneProperties => ({
  code,
  name,
  country: 'FR',
  province_name: 'Fixture',
  territories: [],
  ref_lon: 6.5,
  ref_lat: 44.9,
  ref_method: 'centroid',
  nuts3: 'FRL02',
});
const row = (code: string, name: string, value?: number): TableRow => ({
  commune: commune(code, name),
  value: value === undefined ? undefined : { value, period: 'p', source: 's' },
  classIndex: undefined,
});
const ROWS = [
  row('05005', 'Zeta'),
  row('05001', 'Eygliers', 10),
  row('05002', 'Éourres'),
  row('05003', 'Briançon', 30),
  row('05004', 'Abriès', 10),
  row('05006', 'Cervières', -2),
];
const names = (rows: TableRow[]) => rows.map((r) => r.commune.name);

describe('sortRows', () => {
  it('by value, descending: highest first, ties in input order, communes without value last', () => {
    expect(names(sortRows(ROWS, { key: 'value', descending: true }, 'fr'))).toEqual([
      'Briançon',
      'Eygliers',
      'Abriès',
      'Cervières',
      'Zeta',
      'Éourres',
    ]);
  });

  it('by value, ascending: lowest first, communes without value still last', () => {
    expect(names(sortRows(ROWS, { key: 'value', descending: false }, 'fr'))).toEqual([
      'Cervières',
      'Eygliers',
      'Abriès',
      'Briançon',
      'Zeta',
      'Éourres',
    ]);
  });

  it('by name with the language’s collation: É sorts with E, not after Z', () => {
    expect(names(sortRows(ROWS, { key: 'name', descending: false }, 'fr'))).toEqual([
      'Abriès',
      'Briançon',
      'Cervières',
      'Éourres',
      'Eygliers',
      'Zeta',
    ]);
  });

  it('by name, descending', () => {
    expect(names(sortRows(ROWS, { key: 'name', descending: true }, 'fr'))).toEqual([
      'Zeta',
      'Eygliers',
      'Éourres',
      'Cervières',
      'Briançon',
      'Abriès',
    ]);
  });

  it('by code', () => {
    expect(sortRows(ROWS, { key: 'code', descending: false }, 'en').map((r) => r.commune.code)).toEqual([
      '05001',
      '05002',
      '05003',
      '05004',
      '05005',
      '05006',
    ]);
  });

  it('returns a new array and leaves the input order alone', () => {
    const before = names(ROWS);
    const sorted = sortRows(ROWS, { key: 'name', descending: false }, 'fr');
    expect(sorted).not.toBe(ROWS);
    expect(names(ROWS)).toEqual(before);
  });
});

describe('tableRows', () => {
  const COMMUNES = [
    commune('05001', 'Eygliers'),
    commune('05002', 'Éourres'),
    commune('05003', 'Briançon'),
    commune('05004', 'Abriès'),
  ];
  const VALUES = new Map([
    ['05001', { value: 10, period: 'p', source: 's' }],
    ['05003', { value: 30, period: 'p', source: 's' }],
  ]);
  const CHOROPLETH = {
    classes: new Map([
      ['05001', 0],
      ['05003', 1],
    ]),
  } as Choropleth;

  it('gives the territory’s communes in the page’s order, with value and class (none without a value)', () => {
    const rows = tableRows(COMMUNES, ['05004', '05003', '05001', '99999'], VALUES, CHOROPLETH);
    expect(rows.map((r) => [r.commune.code, r.value?.value, r.classIndex])).toEqual([
      ['05001', 10, 0],
      ['05003', 30, 1],
      ['05004', undefined, undefined],
    ]);
  });

  it('is empty for a territory without communes', () => {
    expect(tableRows(COMMUNES, [], VALUES, CHOROPLETH)).toEqual([]);
  });
});
