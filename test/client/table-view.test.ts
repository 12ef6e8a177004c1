import { describe, expect, it } from 'vitest';
import { sortRows, type TableRow } from '../../client/src/panels/table-view.ts';

/** Hand-written rows: real-looking accented names to check locale order; codes and values are made up. */
const row = (code: string, name: string, value?: number): TableRow => ({
  commune: { code, name, country: 'FR', province_name: 'Fixture', territories: [], ref_method: 'centroid', nuts3: 'FRL02' },
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
    expect(names(sortRows(ROWS, { key: 'value', descending: true }, 'fr'))).toEqual(['Briançon', 'Eygliers', 'Abriès', 'Cervières', 'Zeta', 'Éourres']);
  });

  it('by value, ascending: lowest first, communes without value still last', () => {
    expect(names(sortRows(ROWS, { key: 'value', descending: false }, 'fr'))).toEqual(['Cervières', 'Eygliers', 'Abriès', 'Briançon', 'Zeta', 'Éourres']);
  });

  it('by name with the language’s collation: É sorts with E, not after Z', () => {
    expect(names(sortRows(ROWS, { key: 'name', descending: false }, 'fr'))).toEqual(['Abriès', 'Briançon', 'Cervières', 'Éourres', 'Eygliers', 'Zeta']);
  });

  it('by name, descending', () => {
    expect(names(sortRows(ROWS, { key: 'name', descending: true }, 'fr'))).toEqual(['Zeta', 'Eygliers', 'Éourres', 'Cervières', 'Briançon', 'Abriès']);
  });

  it('by code', () => {
    expect(sortRows(ROWS, { key: 'code', descending: false }, 'en').map((r) => r.commune.code)).toEqual(['05001', '05002', '05003', '05004', '05005', '05006']);
  });

  it('returns a new array and leaves the input order alone', () => {
    const before = names(ROWS);
    const sorted = sortRows(ROWS, { key: 'name', descending: false }, 'fr');
    expect(sorted).not.toBe(ROWS);
    expect(names(ROWS)).toEqual(before);
  });
});
