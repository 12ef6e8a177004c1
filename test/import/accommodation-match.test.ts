import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { matcher, type CogCommune, type LocalityAlias } from '../../scripts/import/accommodation-match.ts';
import { parseCsv } from '../../vocabulary/csv.ts';
import { MIRROR, PROJECT_ROOT } from '../helpers/paths.ts';

const db = new Database(inject('atlasDb'), { readonly: true });
afterAll(() => db.close());

const cog = createRequire(import.meta.url)('@etalab/decoupage-administratif/data/communes.json') as CogCommune[];
const aliases = (
  JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'data/accommodation-localities.json'), 'utf8')) as {
    aliases: LocalityAlias[];
  }
).aliases;
const file = path.join(MIRROR, 'tourism/fr_hebergements_classes_atout_france_05_73.csv');
const register = parseCsv(readFileSync(file, 'utf8'), file).map(({ values: r }) => ({
  locality: r.COMMUNE ?? '',
  postcode: r['CODE POSTAL']!,
  establishment: r['NOM COMMERCIAL']!,
  derived: r.insee_derived || null,
  derivedMethod: r.match_method ?? '',
  persons: Number(r["CAPACITÉ D'ACCUEIL (PERSONNES)"]),
}));
const match = matcher(cog, aliases);

describe('classified accommodation matched to its commune', () => {
  it.each([
    ['VALLOUISE', '05101', 3, 930],
    ['LA TOUSSUIRE', '73116', 2, 677],
    ['LA NORMA', '73322', 1, 316],
    ['-', '73290', 1, 436],
  ])('the register rows of %s go to %s (%i rows, %i persons)', (locality, commune, rows, persons) => {
    const matched = register.filter((r) => r.derived === null && r.locality === locality);
    expect(matched.map((r) => match(r).commune)).toEqual(Array(rows).fill(commune));
    expect(matched.reduce((sum, r) => sum + r.persons, 0)).toBe(persons);
  });

  it("Villarodin-Bourget now has a value: La Norma's 316 persons per 100 inhabitants", () => {
    const population = db
      .prepare(
        "SELECT value FROM indicator_values WHERE indicator_id = 'population' AND subject_id = '73322' AND period = " +
          "'insee-etalab-6.0.0'",
      )
      .pluck()
      .get() as number;
    const value = db
      .prepare(
        "SELECT value FROM indicator_values WHERE indicator_id = 'classified-beds-per-100' AND subject_id = '73322'",
      )
      .pluck()
      .get();
    expect(value).toBeCloseTo((316 / population) * 100, 1);
  });

  it('what stays unmatched shares no postcode with a commune of the EPCIs, and says why', () => {
    // The capacity is computed for the EPCIs' communes, whose localities were reviewed (seasonal.ts).
    const atlas = new Set(
      db
        .prepare(`SELECT DISTINCT commune_code FROM territory_communes JOIN territories t ON t.id = territory_id
          WHERE t.kind = 'epci'`)
        .pluck()
        .all() as string[],
    );
    const atlasPostcodes = new Set(
      cog.filter((c) => c.type === 'commune-actuelle' && atlas.has(c.code)).flatMap((c) => c.codesPostaux ?? []),
    );
    const left = register.map((r) => ({ r, m: match(r) })).filter(({ m }) => m.commune === null);
    expect(left.length).toBe(30);
    expect(left.filter(({ r }) => atlasPostcodes.has(r.postcode))).toEqual([]);
    expect(left.map(({ r }) => r.locality)).toContain('VAL THORENS');
    const first = left[0]!.m as { why: string };
    expect(first.why).toMatch(
      /^no commune named so, nor one with postcode \d{5} whose name holds it, and no curated alias \(postcode \d{5}: /,
    );
  });
});

describe('matching rules on hand-written edge cases', () => {
  const communes: CogCommune[] = [
    { code: '99001', nom: 'Val-Haut', type: 'commune-actuelle', codesPostaux: ['99100'] },
    { code: '99002', nom: 'Haut-Mont', type: 'commune-actuelle', codesPostaux: ['99100'] },
    { code: '99003', nom: 'Ancienne', type: 'commune-deleguee', chefLieu: '99001' },
  ];
  const row = (locality: string, postcode = '99100') => ({
    locality,
    postcode,
    establishment: 'X',
    derived: null,
    derivedMethod: '',
  });
  const m = matcher(communes, []);

  it('a former commune resolves to its chef-lieu', () =>
    expect(m(row('ANCIENNE'))).toEqual({ commune: '99001', how: 'former commune (COG), its chef-lieu' }));
  it('a name part shared by two communes with the postcode matches neither', () =>
    expect(m(row('HAUT')).commune).toBeNull());
  it("a name without the row's postcode does not match", () => expect(m(row('VAL-HAUT', '99200')).commune).toBeNull());
  it('accents, hyphens and "St" compare', () => {
    const saint = matcher(
      [{ code: '99004', nom: 'Saint-Étienne-de-Tinée', type: 'commune-actuelle', codesPostaux: ['06660'] }],
      [],
    );
    expect(saint(row('ST ETIENNE DE TINEE', '06660')).commune).toBe('99004');
  });
});
