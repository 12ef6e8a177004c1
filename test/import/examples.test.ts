import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { parseCsv } from '../../vocabulary/csv.ts';
import { PROJECT_ROOT } from '../helpers/paths.ts';

/** The example files of examples/README.md say what the atlas says: same rules, same figures, the right licences. */
const db = new Database(inject('atlasDb'), { readonly: true });
afterAll(() => db.close());
const rows = (name: string) => {
  const file = path.join(PROJECT_ROOT, 'examples', name);
  return parseCsv(readFileSync(file, 'utf8'), file).map((r) => r.values);
};

describe('example files', () => {
  it(
    "the services example's hospitals are general acute hospitals by the atlas's own classes, which the Alpine " +
      'services layer holds too',
    () => {
      const facility = db.prepare(
        'SELECT id, facility_class FROM health_facilities WHERE name = ? AND abs(lon - ?) < 1e-4 AND abs(lat - ?) < ' +
          '1e-4',
      );
      const inLayer = db.prepare('SELECT count(*) FROM services WHERE id = ?').pluck();
      for (const r of rows('services-gisco-outside-area.csv')) {
        const found = facility.get(r.name, Number(r.lon), Number(r.lat)) as { id: string; facility_class: string };
        expect([r.name, r.category, found.facility_class, inLayer.get(found.id)]).toEqual([
          r.name,
          'hospital',
          'general-acute-hospital',
          1,
        ]);
      }
    },
  );

  it('the flows example holds the computed potential flows, with the licence of the population it uses', () => {
    const flow =
      db.prepare(`SELECT coalesce(destination_code, destination_country) AS destination, period, value FROM flows
      WHERE origin_code = ? AND kind = 'nearest-hospital'`);
    for (const r of rows('flows-nearest-hospital-as-other.csv')) {
      expect(flow.get(r.origin)).toEqual({ destination: r.destination, period: r.period, value: Number(r.value) });
      const italian = r.period === 'anpr-2026-01';
      expect([
        r.origin,
        r.licence!.includes('CC0-1.0 (ANPR)'),
        r.licence!.includes('INSEE') || r.licence!.includes('Licence Ouverte'),
      ]).toEqual([r.origin, italian, !italian]);
    }
  });
});
