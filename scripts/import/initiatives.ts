import type Database from 'better-sqlite3';
import { InputError } from '../../vocabulary/input-error.ts';
import { coverageAnchor, type LonLat } from '../../vocabulary/initiative-anchor.ts';
import { INITIATIVE_KINDS, isInitiativeKind, type InitiativeKind } from '../../vocabulary/initiative-kinds.ts';
import { isLanguage, LANGUAGES, missingLanguages } from '../../vocabulary/languages.ts';
import { curatedJson, type BuildContext } from './context.ts';

const CURATED_FILE = 'initiatives.json';
const SOURCE_ID = 'atlas-initiatives';
const ROW_FIELDS = [
  'id',
  'name',
  'programme',
  'project',
  'kind',
  'lead',
  'site',
  'coverage',
  'coverageNote',
  'descriptions',
  'evidence',
];
const COVERAGE_FIELDS = ['communes', 'territories', 'regions'];

/** One document of data/initiatives.json's `documents`: a seed document the rows cite. */
export interface InitiativeDocument {
  document: string;
  language: string;
  /** The document's own title, or a description of it where it has none (titleIsDescription). */
  title: string;
  titleIsDescription: boolean;
  publisher: string | null;
  /** Why the publisher is null, or what the document says about who stands behind it. */
  publisherNote: string | null;
}

/** A row's evidence as stored and served: the document's record with what it says about the initiative. */
export interface InitiativeEvidence extends InitiativeDocument {
  says: string;
  pages: string[];
}

/** A checked initiative, its coverage resolved to the atlas communes it covers. */
export interface Initiative {
  id: string;
  name: string;
  programme: string;
  project: string | null;
  kind: InitiativeKind;
  lead: string | null;
  siteCode: string | null;
  lon: number;
  lat: number;
  /** Atlas commune codes, sorted. */
  communes: string[];
  descriptions: Record<string, string>;
  evidence: InitiativeEvidence[];
  coverageNote: string;
}

/** What the rows are checked against: the atlas's communes (region and reference point) and territories. */
export interface AtlasPlaces {
  communes: Map<string, { country: string; regionCode: string; point: LonLat }>;
  /** Territory id → the codes of its atlas communes (none for a pilot outside the atlas's communes). */
  territories: Map<string, string[]>;
}

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/**
 * Checks data/initiatives.json whole against the atlas and resolves each row's coverage (communes, territories,
 * regions) to the atlas communes it covers. The first problem is thrown, naming the row and the field.
 */
export function readInitiatives(file: string, json: unknown, places: AtlasPlaces): Initiative[] {
  const top = isObject(json) ? json : {};
  if (!Array.isArray(top.documents) || top.documents.length === 0)
    throw new InputError({ file, field: 'documents' }, 'a list of the documents the rows cite');
  if (!Array.isArray(top.initiatives) || top.initiatives.length === 0)
    throw new InputError({ file, field: 'initiatives' }, 'a list of initiatives');
  const documents = new Map(top.documents.map((d, i) => readDocument(file, d, i)).map((d) => [d.document, d]));
  const seen = new Set<string>();
  return top.initiatives.map((raw: unknown, i: number) => {
    const row = isObject(raw) ? raw : {};
    const feature = isText(row.id) ? row.id : `#${i + 1}`;
    const fail = (field: string, expected: string, got?: unknown): never => {
      throw new InputError({ file, feature, field }, expected, got);
    };
    const text = (field: string) =>
      isText(row[field]) ? row[field].trim() : fail(field, 'a non-empty text', row[field]);
    const optionalText = (field: string) =>
      row[field] === null ? null : isText(row[field]) ? row[field].trim() : fail(field, 'a non-empty text, or null');

    const unknown = Object.keys(row).find((k) => !ROW_FIELDS.includes(k));
    if (unknown !== undefined) fail(unknown, `only the fields ${ROW_FIELDS.join(', ')}`);
    const id = text('id');
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id))
      fail('id', 'a kebab-case id (lower-case letters and digits, hyphens)', id);
    if (seen.has(id)) fail('id', 'an id used by no other row', id);
    seen.add(id);
    if (!isInitiativeKind(row.kind)) fail('kind', `one of ${INITIATIVE_KINDS.join(', ')}`, row.kind);
    const siteCode = row.site === null ? null : (row.site as string);
    if (siteCode !== null && !places.communes.has(siteCode))
      fail('site', 'the code of an atlas commune, or null', row.site);
    const communes = resolveCoverage(row.coverage, places, fail);
    if (siteCode !== null && !communes.includes(siteCode))
      fail('site', `one of the communes its coverage covers (${communes.join(', ')})`, siteCode);
    const missing = missingLanguages(row.descriptions);
    if (missing) fail('descriptions', missing);
    const anchor = siteCode ?? coverageAnchor(communes, (code) => places.communes.get(code)!.point)!;
    const [lon, lat] = places.communes.get(anchor)!.point;
    return {
      id,
      name: text('name'),
      programme: text('programme'),
      project: optionalText('project'),
      kind: row.kind as InitiativeKind,
      lead: optionalText('lead'),
      siteCode,
      lon,
      lat,
      communes,
      descriptions: Object.fromEntries(LANGUAGES.map((l) => [l, (row.descriptions as Raw)[l] as string])),
      evidence: readEvidence(row.evidence, documents, fail),
      coverageNote: text('coverageNote'),
    };
  });
}

function readDocument(file: string, raw: unknown, i: number): InitiativeDocument {
  const d = isObject(raw) ? raw : {};
  const feature = `documents #${i + 1}`;
  const fail = (field: string, expected: string): never => {
    throw new InputError({ file, feature, field }, expected, d[field]);
  };
  if (!isText(d.document)) fail('document', 'the file name of a seed document');
  if (!isLanguage(d.language)) fail('language', `the document's language, one of ${LANGUAGES.join(', ')}`);
  if (!isText(d.title)) fail('title', "the document's title, or a description of it where it has none");
  if (typeof d.titleIsDescription !== 'boolean') fail('titleIsDescription', 'true or false');
  if (d.publisher !== null && !isText(d.publisher)) fail('publisher', 'the publisher the document states, or null');
  if (d.publisher === null && !isText(d.publisherNote))
    fail('publisherNote', 'a note saying why the publisher is null (the document does not state it)');
  return {
    document: d.document as string,
    language: d.language as string,
    title: d.title as string,
    titleIsDescription: d.titleIsDescription as boolean,
    publisher: (d.publisher as string | null) ?? null,
    publisherNote: isText(d.publisherNote) ? d.publisherNote : null,
  };
}

/** The atlas communes a coverage names, directly, through territories, or through regions; sorted, each once. */
function resolveCoverage(
  raw: unknown,
  places: AtlasPlaces,
  fail: (field: string, expected: string, got?: unknown) => never,
): string[] {
  if (!isObject(raw) || !COVERAGE_FIELDS.some((k) => k in raw))
    fail('coverage', 'an object with communes (codes), territories (ids) or regions ({country, code})', raw);
  const coverage = raw as Raw;
  const unknown = Object.keys(coverage).find((k) => !COVERAGE_FIELDS.includes(k));
  if (unknown !== undefined) fail(`coverage.${unknown}`, `only ${COVERAGE_FIELDS.join(', ')}`);
  const list = (field: string): unknown[] => {
    const value = coverage[field];
    if (value === undefined) return [];
    if (!Array.isArray(value) || value.length === 0) fail(`coverage.${field}`, 'a non-empty list', value);
    return value as unknown[];
  };
  const codes = new Set<string>();
  for (const code of list('communes')) {
    if (typeof code !== 'string' || !places.communes.has(code))
      fail('coverage.communes', 'codes of atlas communes (INSEE or ISTAT, as text)', code);
    codes.add(code as string);
  }
  for (const id of list('territories')) {
    const members = typeof id === 'string' ? places.territories.get(id) : undefined;
    if (!members) fail('coverage.territories', 'ids of territories of data/territories.json', id);
    if (members!.length === 0) fail('coverage.territories', 'territories with atlas communes', id);
    for (const code of members!) codes.add(code);
  }
  for (const region of list('regions')) {
    const r = isObject(region) ? region : {};
    const members = [...places.communes].filter(([, c]) => c.country === r.country && c.regionCode === r.code);
    if (members.length === 0)
      fail('coverage.regions', 'a region of the atlas communes: {country, code} as in the communes table', region);
    for (const [code] of members) codes.add(code);
  }
  return [...codes].sort();
}

function readEvidence(
  raw: unknown,
  documents: Map<string, InitiativeDocument>,
  fail: (field: string, expected: string, got?: unknown) => never,
): InitiativeEvidence[] {
  if (!Array.isArray(raw) || raw.length === 0)
    fail('evidence', 'a list of the documents that state the initiative', raw);
  return (raw as unknown[]).map((item) => {
    const e = isObject(item) ? item : {};
    const document = typeof e.document === 'string' ? documents.get(e.document) : undefined;
    if (!document)
      fail('evidence.document', `one of the documents listed (${[...documents.keys()].join(', ')})`, e.document);
    if (!isText(e.says)) fail('evidence.says', 'a short summary, in our words, of what the document says', e.says);
    const pages = e.pages ?? [];
    if (!Array.isArray(pages) || !pages.every((p) => typeof p === 'string' && /^https:\/\/\S+$/.test(p)))
      fail('evidence.pages', 'a list of https URLs of public pages (empty when none can be cited)', pages);
    return { ...document!, says: (e.says as string).trim(), pages: pages as string[] };
  });
}

/** Reads the atlas's communes and territories from the database being built (or built). */
export function atlasPlaces(db: Database.Database): AtlasPlaces {
  const communes = db
    .prepare('SELECT code, country, region_code AS regionCode, ref_lon, ref_lat FROM communes ORDER BY code')
    .all() as { code: string; country: string; regionCode: string; ref_lon: number; ref_lat: number }[];
  const territories = db
    .prepare(`SELECT t.id, json_group_array(tc.commune_code) FILTER (WHERE tc.commune_code IS NOT NULL) AS codes
      FROM territories t LEFT JOIN territory_communes tc ON tc.territory_id = t.id GROUP BY t.id`)
    .all() as { id: string; codes: string }[];
  return {
    communes: new Map(communes.map((c) => [c.code, { ...c, point: [c.ref_lon, c.ref_lat] as LonLat }])),
    territories: new Map(territories.map((t) => [t.id, JSON.parse(t.codes) as string[]])),
  };
}

/** Imports data/initiatives.json into the initiatives table, each row with the atlas communes it covers. */
export function importInitiatives(ctx: BuildContext): string {
  const { file, json } = curatedJson<unknown>(ctx, CURATED_FILE);
  const initiatives = readInitiatives(file, json, atlasPlaces(ctx.db));
  const insert = ctx.db.prepare(`INSERT INTO initiatives VALUES (@id, @name, @programme, @project, @kind, @lead,
    @siteCode, @lon, @lat, @communes, @descriptions, @evidence, @coverageNote, @sourceId)`);
  for (const initiative of initiatives) {
    insert.run({
      ...initiative,
      communes: JSON.stringify(initiative.communes),
      descriptions: JSON.stringify(initiative.descriptions),
      evidence: JSON.stringify(initiative.evidence),
      sourceId: SOURCE_ID,
    });
  }
  const covered = new Set(initiatives.flatMap((i) => i.communes)).size;
  return `${initiatives.length} initiatives covering ${covered} communes`;
}
