import type Database from 'better-sqlite3';
import type { ImportedInitiative } from '../../local-store/local-snapshot.ts';
import { INITIATIVE_KINDS } from '../../vocabulary/initiative-kinds.ts';
import { LANGUAGES } from '../../vocabulary/languages.ts';
import { pointGeometry, readProperties, specsOf, type FeatureLayer, type PropertyDefinition } from './feature.ts';

interface InitiativeRow {
  id: string;
  name: string;
  programme: string;
  project: string | null;
  kind: string;
  lead: string | null;
  site_code: string | null;
  lon: number;
  lat: number;
  communes: string;
  descriptions: string;
  evidence: string;
  coverage_note: string;
  source_id: string;
}

/** An initiative as both kinds give it: the curated rows (evidence, coverage note) and the planners' imports. */
interface Initiative {
  name: string;
  programme: string | null;
  project: string | null;
  kind: string;
  lead: string | null;
  siteCode: string | null;
  communes: string[];
  descriptions: Record<string, string | null>;
  coverageNote: string | null;
  /** JSON text of the documents that state it; null for an imported initiative. */
  evidence: string | null;
  sourceId: string;
  importId: number | null;
}

const KINDS = INITIATIVE_KINDS.join(', ');

const PROPERTIES: PropertyDefinition<Initiative>[] = [
  { name: 'name', type: 'string', value: (i) => i.name, description: 'Name as the document (or the planner) gives it' },
  {
    name: 'programme',
    type: 'string',
    value: (i) => i.programme,
    description: 'Programme that funds or frames it, e.g. Interreg Alcotra — PITer Hautes Vallées',
  },
  {
    name: 'project',
    type: 'string',
    value: (i) => i.project,
    description: 'Project of the programme, e.g. Cœur Résilient; null where none',
  },
  { name: 'kind', type: 'string', value: (i) => i.kind, description: KINDS },
  {
    name: 'lead',
    type: 'string',
    value: (i) => i.lead,
    description: "Lead partner of the initiative's project, where the document names one; else null",
  },
  {
    name: 'site_code',
    type: 'string',
    value: (i) => i.siteCode,
    description: 'Code of the atlas commune where the initiative physically is; null where it has no one site',
  },
  {
    name: 'communes',
    type: 'array',
    value: (i) => i.communes,
    description: 'Codes of the atlas communes the initiative covers, sorted',
  },
  ...LANGUAGES.map(
    (lang): PropertyDefinition<Initiative> => ({
      name: `description_${lang}`,
      type: 'string',
      value: (i) => i.descriptions[lang] ?? null,
      description: `Short description in ${lang}, written by the atlas team (or the planner); null where not given`,
    }),
  ),
  {
    name: 'coverage_note',
    type: 'string',
    value: (i) => i.coverageNote,
    description: 'How the covered communes were read from the document; null for an imported initiative',
  },
  {
    name: 'evidence',
    type: 'string',
    value: (i) => i.evidence,
    description:
      'The documents that state the initiative (JSON text: document, title, publisher, what it says); ' +
      'null for an imported initiative',
  },
  { name: 'source', type: 'string', value: (i) => i.sourceId, description: 'Id of the source (see /api/sources)' },
  {
    name: 'import_id',
    type: 'integer',
    value: (i) => i.importId,
    description: "Number of the planner's import it comes from (GET /api/imports); null for reference data",
  },
];

function fromRow(row: InitiativeRow): Initiative {
  return {
    ...row,
    siteCode: row.site_code,
    communes: JSON.parse(row.communes) as string[],
    descriptions: JSON.parse(row.descriptions) as Record<string, string>,
    coverageNote: row.coverage_note,
    sourceId: row.source_id,
    importId: null,
  };
}

function fromImport(imported: ImportedInitiative): Initiative {
  return { ...imported, coverageNote: null, evidence: null };
}

/** The initiatives of the seed documents (data/initiatives.json), then those planners imported. */
export function readInitiatives(db: Database.Database, imported: ImportedInitiative[]): FeatureLayer {
  const rows = db.prepare('SELECT * FROM initiatives ORDER BY id').all() as InitiativeRow[];
  const feature = (id: string, lon: number, lat: number, initiative: Initiative) => ({
    id,
    geometry: pointGeometry(lon, lat),
    bbox: [lon, lat, lon, lat] as [number, number, number, number],
    properties: readProperties(PROPERTIES, initiative),
  });
  return {
    id: 'initiatives',
    geometryType: 'Point',
    subject: null,
    properties: specsOf(PROPERTIES),
    queryables: [
      { name: 'kind', property: 'kind', description: KINDS },
      { name: 'commune', property: 'communes', description: 'Code of a commune the initiative covers' },
    ],
    features: [
      ...rows.map((row) => feature(row.id, row.lon, row.lat, fromRow(row))),
      ...imported.map((i) => feature(i.id, i.lon, i.lat, fromImport(i))),
    ],
  };
}
