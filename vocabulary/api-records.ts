import type { ImportKind } from './import-kinds.ts';
import type { InitiativeKind } from './initiative-kinds.ts';
import type { Language } from './languages.ts';

/**
 * The records the API answers with (catalogue, indicators, values, communes, regional context, imports):
 * defined here, below the server that fills them and the page that reads them.
 */

export interface SourceRecord {
  id: string;
  /** The English title, kept for clients that read one title; titles has it in every language. */
  title: string;
  titles: Record<string, string>;
  publisher: string;
  /** Imported sources name a licence as the planner wrote it, with no URL. */
  licence: { name: string; url: string | null };
  url: string | null;
  vintage: string;
  derivation: string | null;
  sha256: string | null;
  package: { name: string; version: string } | null;
  /** Each upstream dataset of a file that joins several, with its own licence; null for a single upstream. */
  upstreams: Upstream[] | null;
  /** The number of the planner's import this source came with; absent for reference sources. */
  importId?: number;
}

/** One upstream dataset of a file that joins several; title is the English one of titles, as for a source. */
export interface Upstream {
  title: string;
  titles: Record<string, string>;
  url: string;
  licence: { name: string; url: string };
}

export interface LayerRecord {
  id: string;
  titles: Record<string, string>;
  descriptions: Record<string, string>;
  geometryType: string;
  itemCount: number;
  sources: string[];
}

export interface PeriodRecord {
  period: string;
  /** What the period is, keyed by language (an imported period: its id, marked as imported). */
  labels: Record<string, string>;
  /** Start of the reference period (ISO date, possibly year or month only); null where the source states none. */
  referenceDate: string | null;
  /** The number of the import that brought the period; absent for reference periods. */
  importId?: number;
}

export interface IndicatorRecord {
  id: string;
  subject: 'commune' | 'rail-station';
  titles: Record<string, string>;
  units: Record<string, string>;
  descriptions: Record<string, string>;
  /** How the values are obtained, with their limits; keyed by language like the titles. */
  methods: Record<string, string>;
  decimals: number;
  /** Planners may import values (npm run import -- indicator, or the dashboard's import panel). */
  importable: boolean;
  /** Oldest first; imported periods come after the reference periods, in the order they were imported. */
  periods: PeriodRecord[];
  sources: string[];
}

/** One value as the API gives it (/api/indicators/{id}, /api/communes/{code}): the number, its period and source. */
export interface ValueRecord {
  value: number;
  period: string;
  source: string;
}

/** GET /api/communes/{code}: every commune indicator's values for the commune, and its territories' medians. */
export interface CommuneRecord {
  code: string;
  name: string;
  /** In the order of /api/indicators. */
  indicators: CommuneIndicatorRecord[];
  /** The initiatives whose coverage includes the commune, in the order of /ogc/collections/initiatives/items. */
  initiatives: CommuneInitiativeRecord[];
}

/** An initiative covering a commune, as the commune answer lists it (the collection has its point and coverage). */
export interface CommuneInitiativeRecord {
  /** Its feature id in /ogc/collections/initiatives. */
  id: string;
  name: string;
  /** Null only for a planner's initiative that names none. */
  programme: string | null;
  project: string | null;
  kind: InitiativeKind;
  /** The lead partner of its project where the document names one; else null. */
  lead: string | null;
  /** Keyed by language; null in a language a planner's import did not give. */
  descriptions: Record<Language, string | null>;
  source: string;
  /** The number of the planner's import it came with; absent for the curated initiatives. */
  importId?: number;
}

export interface CommuneIndicatorRecord {
  id: string;
  /** The commune's value in each period that has one, oldest first: the last is its latest value. */
  values: ValueRecord[];
  /**
   * By id of each territory the commune belongs to: the median of its communes' latest values, at the
   * indicator's decimals; null where none has a value.
   */
  medians: Record<string, number | null>;
}

export interface RegionalAccess {
  code: string;
  name: string;
  country: string;
  level: 'country' | 'nuts3';
  /** French département or Italian province code of the communes in the region; null for a country. */
  provinceCode: string | null;
  /** Year → share (%) and number of inhabitants beyond 20 minutes' drive of the nearest healthcare service. */
  values: Record<string, { share: number; population: number }>;
  source: string;
}

export interface ImportRecord {
  id: number;
  kind: ImportKind;
  fileName: string;
  importedAt: string;
  rowCount: number;
  sha256: string;
  sources: { id: string; title: string; licence: string }[];
}

/** What "general acute hospital" means in one country's GISCO records, and where that reading stops. */
export interface HospitalDefinition {
  country: string;
  definitions: Record<string, string>;
  limits: Record<string, string>;
}
