/** A source of imported figures: the source and licence a planner's file named. */
export interface ImportedSource {
  id: string;
  importId: number;
  title: string;
  licence: string;
}

export interface ImportedValue {
  importId: number;
  indicatorId: string;
  communeCode: string;
  period: string;
  value: number;
  sourceId: string;
}

export interface ImportSummary {
  id: number;
  kind: 'indicator' | 'flows' | 'services';
  fileName: string;
  importedAt: string;
  rowCount: number;
  sha256: string;
}

/** A flow, from the reference data or a planner's import. */
export interface FlowRecord {
  id: string;
  originCode: string;
  destinationCode: string | null;
  destinationCountry: string;
  destinationServiceId: string | null;
  kind: string;
  period: string;
  value: number;
  sourceId: string;
  importId: number | null;
}

/** A service a planner imported (kept in the local database). */
export interface ImportedService {
  id: string;
  importId: number;
  category: string;
  name: string;
  address: string | null;
  communeCode: string | null;
  country: string;
  lon: number;
  lat: number;
  languages: string | null;
  contact: string | null;
  sourceId: string;
}

/** What the local database holds, as the server merges it with the reference data. */
export interface LocalSnapshot {
  imports: ImportSummary[];
  sources: ImportedSource[];
  values: ImportedValue[];
  flows: FlowRecord[];
  services: ImportedService[];
}

export const EMPTY_SNAPSHOT: LocalSnapshot = { imports: [], sources: [], values: [], flows: [], services: [] };
