import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyFacilities, type FacilityClassesFile } from '../../scripts/import/facility-classes.ts';
import { PROJECT_ROOT } from '../helpers/paths.ts';

/** Hand-written records and rules: edge cases of the classification, not real data. */
const curated: FacilityClassesFile = {
  classes: [
    { id: 'general', titles: {} },
    { id: 'antenna', titles: {} },
    { id: 'unknown', titles: {} },
  ],
  types: [
    { facilityType: 'Hospital', class: 'general', reason: 'r' },
    { facilityType: null, class: 'unknown', reason: 'r' },
  ],
  rules: [{ id: 'antenna', types: ['Hospital'], namePattern: '\\bSMUR\\b', class: 'antenna', reason: 'r', ids: ['b'] }],
};
const record = (id: string, name: string, facilityType: string | null = 'Hospital') => ({
  id,
  name,
  facilityType,
  feature: 1,
});

describe('facility classes', () => {
  it("a record takes its type's class unless a rule of its type matches its name", () => {
    const { classOf, movedBy } = classifyFacilities(
      curated,
      'classes.json',
      [record('a', 'CENTRE HOSPITALIER'), record('b', 'ANTENNE SMUR X'), record('c', 'SMUR', null)],
      'src',
    );
    expect([...classOf]).toEqual([
      ['a', 'general'],
      ['b', 'antenna'],
      ['c', 'unknown'],
    ]);
    expect([...movedBy]).toEqual([['b', 'antenna']]);
  });

  it('refuses a type the file does not list, naming the record', () => {
    expect(() =>
      classifyFacilities(curated, 'classes.json', [record('x', 'CLINIC', 'Clinique')], 'src.geojson'),
    ).toThrow(
      'src.geojson, feature 1 (x), field "facility_type": expected a facility type listed in classes.json, got ' +
        '"Clinique"',
    );
  });

  it('refuses a rule whose listed ids differ from what it moves, saying which to add and remove', () => {
    expect(() => classifyFacilities(curated, 'classes.json', [record('d', 'SMUR NORD')], 'src')).toThrow(
      'classes.json, field "rules.antenna.ids": expected exactly the ids the rule moves; add d; remove b',
    );
  });

  it('refuses a class or a rule type that does not exist', () => {
    const badClass = { ...curated, types: [{ facilityType: 'Hospital', class: 'generl', reason: 'r' }] };
    expect(() => classifyFacilities(badClass, 'classes.json', [], 'src')).toThrow(
      'field "types.class": expected one of the classes general, antenna, unknown, got "generl"',
    );
    const badType = { ...curated, rules: [{ ...curated.rules[0]!, types: ['Hopital'] }] };
    expect(() => classifyFacilities(badType, 'classes.json', [], 'src')).toThrow(
      'field "rules.antenna.types": expected a facility type listed in types, got "Hopital"',
    );
  });

  it('the curated file gives every rule a reason and every class a title in five languages', () => {
    const file = JSON.parse(
      readFileSync(path.join(PROJECT_ROOT, 'data/facility-classes.json'), 'utf8'),
    ) as FacilityClassesFile;
    for (const rule of file.rules)
      expect([rule.id, rule.reason.length > 20, rule.ids.length > 0]).toEqual([rule.id, true, true]);
    for (const t of file.types) expect([t.facilityType, t.reason.length > 10]).toEqual([t.facilityType, true]);
    for (const c of file.classes) expect(Object.keys(c.titles).sort()).toEqual(['de', 'en', 'fr', 'it', 'sl']);
  });
});
