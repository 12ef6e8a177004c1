import { InputError } from '../../vocabulary/input-error.ts';
import { missingLanguages } from '../../vocabulary/languages.ts';

/** data/facility-classes.json: the class of every GISCO record, from its type and the evidence of its name. */
export interface FacilityClassesFile {
  classes: { id: string; titles: Record<string, string> }[];
  types: { facilityType: string | null; class: string; reason: string }[];
  rules: FacilityRule[];
  countries: CountryDefinition[];
}

/**
 * Moves the records of its types (and countries) whose texts match every pattern it has, one at least. A record
 * without a facility type is `null` in `types`; such a rule must name its countries, because a missing type means
 * nothing beyond its country's register.
 */
export interface FacilityRule {
  id: string;
  countries?: string[];
  types: (string | null)[];
  /** Tested on hospital_name. */
  namePattern?: string;
  /** Tested on site_name ('' when the record has none): German and Swiss records name the site there. */
  sitePattern?: string;
  /** Tested on list_specs ('' when empty): the intensive care areas of the Austrian register, for one. */
  specsPattern?: string;
  class: string;
  reason: string;
  ids: string[];
}

/** What "general acute hospital" means in one country's records, and where that reading stops. */
export interface CountryDefinition {
  country: string;
  definitions: Record<string, string>;
  limits: Record<string, string>;
}

export interface FacilityRecord {
  id: string;
  /** The record's cc. */
  country: string;
  name: string;
  site: string | null;
  specs: string | null;
  facilityType: string | null;
  /** Where the record was read, for the error that names it. */
  feature: number;
}

export interface Classification {
  classOf: Map<string, string>;
  /** The rule that moved each moved id. */
  movedBy: Map<string, string>;
  /** The definition of every country the records come from, by country code. */
  definitions: CountryDefinition[];
}

const PATTERNS = [
  ['namePattern', 'name'],
  ['sitePattern', 'site'],
  ['specsPattern', 'specs'],
] as const;

/**
 * Classes every record: the class of its published type, then the first rule that matches it. Fails on a type the
 * file does not list, and on a rule whose moves differ from the ids the file lists for it, naming the ids to add
 * or remove: no record changes class without a stated reason. Fails too when a country of the records has no
 * definition in every language.
 */
export function classifyFacilities(
  curated: FacilityClassesFile,
  curatedFile: string,
  records: FacilityRecord[],
  sourceFile: string,
): Classification {
  const classIds = new Set(curated.classes.map((c) => c.id));
  const knownClass = (id: string, field: string) => {
    if (!classIds.has(id))
      throw new InputError({ file: curatedFile, field }, `one of the classes ${[...classIds].join(', ')}`, id);
  };
  for (const t of curated.types) knownClass(t.class, 'types.class');
  const typeClass = new Map(curated.types.map((t) => [t.facilityType, t.class]));
  const rules = curated.rules.map((rule) => {
    knownClass(rule.class, `rules.${rule.id}.class`);
    return { ...compileRule(rule, typeClass, curatedFile), moved: [] as string[] };
  });

  const classOf = new Map<string, string>();
  const movedBy = new Map<string, string>();
  for (const record of records) {
    const base = typeClass.get(record.facilityType);
    if (base === undefined) {
      throw new InputError(
        { file: sourceFile, feature: `${record.feature} (${record.id})`, field: 'facility_type' },
        `a facility type listed in ${curatedFile}`,
        record.facilityType,
      );
    }
    const rule = rules.find((r) => r.matches(record));
    const moved = rule !== undefined && rule.class !== base;
    classOf.set(record.id, moved ? rule.class : base);
    if (moved) {
      rule.moved.push(record.id);
      movedBy.set(record.id, rule.id);
    }
  }
  for (const rule of rules) checkListedIds(rule, curatedFile);
  return { classOf, movedBy, definitions: countryDefinitions(curated, curatedFile, records) };
}

/** A rule's patterns compiled into one test, after checking its types, countries and patterns. */
function compileRule(rule: FacilityRule, typeClass: Map<string | null, string>, curatedFile: string) {
  const fail = (field: string, expected: string, got?: unknown): never => {
    throw new InputError({ file: curatedFile, field: `rules.${rule.id}.${field}` }, expected, got);
  };
  const unknownType = rule.types.find((t) => !typeClass.has(t));
  if (unknownType !== undefined) fail('types', 'a facility type listed in types', unknownType);
  if (rule.countries?.some((c) => !/^[A-Z]{2}$/.test(c))) fail('countries', 'country codes such as AT', rule.countries);
  if (rule.types.includes(null) && !rule.countries?.length) {
    fail('countries', 'the countries whose records without a type the rule reads');
  }
  const tests = PATTERNS.filter(([key]) => rule[key] !== undefined).map(([key, text]) => {
    try {
      const pattern = new RegExp(rule[key]!, 'iu');
      return (record: FacilityRecord) => pattern.test(record[text] ?? '');
    } catch (error) {
      return fail(key, 'a regular expression', (error as Error).message);
    }
  });
  if (!tests.length) fail('namePattern', 'at least one of namePattern, sitePattern, specsPattern');
  const matches = (record: FacilityRecord) =>
    (rule.countries === undefined || rule.countries.includes(record.country)) &&
    rule.types.includes(record.facilityType) &&
    tests.every((test) => test(record));
  return { ...rule, matches };
}

/** The ids a rule moves must be those it lists, so that a new upstream release is reviewed before it is used. */
function checkListedIds(rule: FacilityRule & { moved: string[] }, curatedFile: string): void {
  const listed = new Set(rule.ids);
  const moved = new Set(rule.moved);
  const missing = rule.moved.filter((id) => !listed.has(id));
  const extra = rule.ids.filter((id) => !moved.has(id));
  if (missing.length || extra.length) {
    throw new InputError(
      { file: curatedFile, field: `rules.${rule.id}.ids` },
      'exactly the ids the rule moves' +
        (missing.length ? `; add ${missing.join(', ')}` : '') +
        (extra.length ? `; remove ${extra.join(', ')}` : ''),
    );
  }
}

/**
 * The definitions of the countries the records come from, each in every language; a definition of a country with
 * no record is checked too, but not returned, since it describes no record of the atlas.
 */
function countryDefinitions(
  curated: FacilityClassesFile,
  curatedFile: string,
  records: FacilityRecord[],
): CountryDefinition[] {
  const countries = new Set(records.map((r) => r.country));
  const defined = new Map<string, CountryDefinition>();
  for (const definition of curated.countries ?? []) {
    const fail = (field: string, expected: string, got?: unknown): never => {
      throw new InputError({ file: curatedFile, field: `countries.${definition.country}.${field}` }, expected, got);
    };
    if (!/^[A-Z]{2}$/.test(definition.country)) fail('country', 'a country code such as AT', definition.country);
    if (defined.has(definition.country)) fail('country', 'one definition per country', definition.country);
    for (const field of ['definitions', 'limits'] as const) {
      const missing = missingLanguages(definition[field]);
      if (missing) fail(field, missing);
    }
    defined.set(definition.country, definition);
  }
  const undefinedCountries = [...countries].filter((c) => !defined.has(c)).sort();
  if (undefinedCountries.length) {
    throw new InputError(
      { file: curatedFile, field: 'countries' },
      'a definition of "general acute hospital" for every country of the records',
      undefinedCountries.join(', '),
    );
  }
  return [...defined.values()]
    .filter((d) => countries.has(d.country))
    .sort((a, b) => a.country.localeCompare(b.country));
}
