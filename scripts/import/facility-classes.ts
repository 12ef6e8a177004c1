import { InputError } from '../../vocabulary/input-error.ts';

/** data/facility-classes.json: the class of every GISCO record, from its type and the evidence of its name. */
export interface FacilityClassesFile {
  classes: { id: string; titles: Record<string, string> }[];
  types: { facilityType: string | null; class: string; reason: string }[];
  rules: { id: string; types: string[]; namePattern: string; class: string; reason: string; ids: string[] }[];
}

export interface FacilityRecord {
  id: string;
  name: string;
  facilityType: string | null;
  /** Where the record was read, for the error that names it. */
  feature: number;
}

export interface Classification {
  classOf: Map<string, string>;
  /** The rule that moved each moved id. */
  movedBy: Map<string, string>;
}

/**
 * Classes every record: the class of its published type, then the first rule whose pattern matches its name.
 * Fails on a type the file does not list, and on a rule whose moves differ from the ids the file lists for it,
 * naming the ids to add or remove: no record changes class without a stated reason.
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
    const unknownType = rule.types.find((t) => !typeClass.has(t));
    if (unknownType !== undefined) {
      throw new InputError(
        { file: curatedFile, field: `rules.${rule.id}.types` },
        'a facility type listed in types',
        unknownType,
      );
    }
    return { ...rule, pattern: new RegExp(rule.namePattern, 'iu'), moved: [] as string[] };
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
    const rule = rules.find(
      (r) => record.facilityType !== null && r.types.includes(record.facilityType) && r.pattern.test(record.name),
    );
    const moved = rule !== undefined && rule.class !== base;
    classOf.set(record.id, moved ? rule.class : base);
    if (moved) {
      rule.moved.push(record.id);
      movedBy.set(record.id, rule.id);
    }
  }
  for (const rule of rules) {
    const listed = new Set(rule.ids);
    const missing = rule.moved.filter((id) => !listed.has(id));
    const extra = rule.ids.filter((id) => !rule.moved.includes(id));
    if (missing.length || extra.length) {
      throw new InputError(
        { file: curatedFile, field: `rules.${rule.id}.ids` },
        'exactly the ids the rule moves' +
          (missing.length ? `; add ${missing.join(', ')}` : '') +
          (extra.length ? `; remove ${extra.join(', ')}` : ''),
      );
    }
  }
  return { classOf, movedBy };
}
