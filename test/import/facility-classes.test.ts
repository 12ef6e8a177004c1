import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  classifyFacilities,
  type FacilityClassesFile,
  type FacilityRecord,
} from '../../scripts/import/facility-classes.ts';
import { PROJECT_ROOT } from '../helpers/paths.ts';

const texts = (text: string) => ({ en: text, fr: text, it: text, de: text, sl: text });
const definition = (country: string) => ({ country, definitions: texts('d'), limits: texts('l') });

/** Hand-written records and rules: edge cases of the classification, not real data. */
const curated: FacilityClassesFile = {
  classes: [
    { id: 'general', titles: {} },
    { id: 'antenna', titles: {} },
    { id: 'psychiatric', titles: {} },
    { id: 'unknown', titles: {} },
  ],
  types: [
    { facilityType: 'Hospital', class: 'general', reason: 'r' },
    { facilityType: null, class: 'unknown', reason: 'r' },
  ],
  rules: [{ id: 'antenna', types: ['Hospital'], namePattern: '\\bSMUR\\b', class: 'antenna', reason: 'r', ids: ['b'] }],
  countries: [definition('FR'), definition('AT')],
};
const record = (id: string, name: string, facilityType: string | null = 'Hospital', more = {}): FacilityRecord => ({
  id,
  country: 'FR',
  name,
  site: null,
  specs: null,
  facilityType,
  feature: 1,
  ...more,
});
/** A rule for Austrian records without a type: hospitals with an intensive care area for internal medicine. */
const austrian = {
  id: 'at',
  countries: ['AT'],
  types: [null],
  namePattern: 'Krankenhaus',
  specsPattern: '\\bIM\\b',
  class: 'general',
  reason: 'r',
  ids: ['k1'],
};

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

  it('a rule for records without a type reads only its countries, and needs every pattern it has to match', () => {
    const file = { ...curated, rules: [austrian] };
    const at = { country: 'AT' };
    const { classOf, movedBy } = classifyFacilities(
      file,
      'classes.json',
      [
        record('k1', 'Krankenhaus Lienz', null, { ...at, specs: 'AN, IM' }),
        record('k2', 'Krankenhaus Waiern', null, at),
        record('k3', 'Rehabilitationszentrum', null, { ...at, specs: 'IM' }),
        record('k4', 'Krankenhaus Lienz', null, { specs: 'IM' }),
      ],
      'src',
    );
    expect([...classOf.values()]).toEqual(['general', 'unknown', 'unknown', 'unknown']);
    expect([...movedBy]).toEqual([['k1', 'at']]);
  });

  it("a site pattern reads the record's site name, an empty text when it has none", () => {
    const psychiatric = {
      id: 'psy',
      countries: ['AT'],
      types: [null],
      sitePattern: '^(?!$)(?!.*Spital)',
      class: 'psychiatric',
      reason: 'r',
      ids: ['s1'],
    };
    const { classOf } = classifyFacilities(
      { ...curated, rules: [psychiatric] },
      'classes.json',
      [
        record('s1', 'Kliniken', null, { country: 'AT', site: 'Psychiatrie' }),
        record('s2', 'Kliniken', null, { country: 'AT', site: 'Spital' }),
        record('s3', 'Kliniken', null, { country: 'AT' }),
      ],
      'src',
    );
    expect([...classOf.values()]).toEqual(['psychiatric', 'unknown', 'unknown']);
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
      'field "types.class": expected one of the classes general, antenna, psychiatric, unknown, got "generl"',
    );
    const badType = { ...curated, rules: [{ ...curated.rules[0]!, types: ['Hopital'] }] };
    expect(() => classifyFacilities(badType, 'classes.json', [], 'src')).toThrow(
      'field "rules.antenna.types": expected a facility type listed in types, got "Hopital"',
    );
  });

  it('refuses a rule for records without a type that names no country, and one with no pattern or a bad one', () => {
    const refused = (rule: object) => () =>
      classifyFacilities({ ...curated, rules: [{ ...austrian, ...rule }] }, 'classes.json', [], 'src');
    expect(refused({ countries: undefined })).toThrow(
      'field "rules.at.countries": expected the countries whose records without a type the rule reads',
    );
    expect(refused({ countries: ['Austria'] })).toThrow('field "rules.at.countries": expected country codes');
    expect(refused({ namePattern: undefined, specsPattern: undefined })).toThrow(
      'field "rules.at.namePattern": expected at least one of namePattern, sitePattern, specsPattern',
    );
    expect(refused({ sitePattern: '(' })).toThrow('field "rules.at.sitePattern": expected a regular expression');
  });

  it('returns the definition of every country of the records, and refuses a missing or incomplete one', () => {
    const noRules = { ...curated, rules: [] };
    const at = record('k', 'Krankenhaus', null, { country: 'AT' });
    const { definitions } = classifyFacilities(noRules, 'classes.json', [record('a', 'CH'), at], 'src');
    expect(definitions.map((d) => d.country)).toEqual(['AT', 'FR']);
    const french = classifyFacilities(noRules, 'classes.json', [record('a', 'CH')], 'src').definitions;
    expect(french.map((d) => d.country)).toEqual(['FR']);
    expect(() =>
      classifyFacilities(noRules, 'classes.json', [record('h', 'OB', null, { country: 'HR' })], 'src'),
    ).toThrow(
      'field "countries": expected a definition of "general acute hospital" for every country of the ' +
        'records, got "HR"',
    );
    const german = { ...definition('AT'), limits: { ...texts('l'), de: ' ' } };
    expect(() => classifyFacilities({ ...noRules, countries: [german] }, 'classes.json', [at], 'src')).toThrow(
      'field "countries.AT.limits": expected a text in each of en, fr, it, de, sl (missing de)',
    );
    const twice = { ...noRules, countries: [...curated.countries, definition('AT')] };
    expect(() => classifyFacilities(twice, 'classes.json', [record('a', 'CH'), at], 'src')).toThrow(
      'field "countries.AT.country": expected one definition per country, got "AT"',
    );
  });

  it('the curated file gives every rule a reason and every class and country a text in five languages', () => {
    const file = JSON.parse(
      readFileSync(path.join(PROJECT_ROOT, 'data/facility-classes.json'), 'utf8'),
    ) as FacilityClassesFile;
    const languages = ['de', 'en', 'fr', 'it', 'sl'];
    for (const rule of file.rules)
      expect([rule.id, rule.reason.length > 20, rule.ids.length > 0]).toEqual([rule.id, true, true]);
    for (const t of file.types) expect([t.facilityType, t.reason.length > 10]).toEqual([t.facilityType, true]);
    for (const c of file.classes) expect(Object.keys(c.titles).sort()).toEqual(languages);
    for (const c of file.countries) {
      expect([c.country, Object.keys(c.definitions).sort(), Object.keys(c.limits).sort()]).toEqual([
        c.country,
        languages,
        languages,
      ]);
    }
  });
});
