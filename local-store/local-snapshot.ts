import type { InitiativeRow } from './initiatives-file.ts';
import type { ServiceRow } from './services-file.ts';
import type { ImportKind } from '../vocabulary/import-kinds.ts';
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
  kind: ImportKind;
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

/** A service a planner imported (kept in the local database): the checked row, its ids and its stored source. */
export interface ImportedService extends Omit<ServiceRow, 'sourceKey'> {
  id: string;
  importId: number;
  sourceId: string;
}

/** An initiative a planner imported (kept in the local database): the checked row, its ids and its stored source. */
export interface ImportedInitiative extends Omit<InitiativeRow, 'sourceKey'> {
  id: string;
  importId: number;
  sourceId: string;
}

/** What the local database holds, as the server merges it with the reference data. */
export interface LocalSnapshot {
  imports: ImportSummary[];
  sources: ImportedSource[];
  values: ImportedValue[];
  flows: FlowRecord[];
  services: ImportedService[];
  initiatives: ImportedInitiative[];
}

export const EMPTY_SNAPSHOT: LocalSnapshot = {
  imports: [],
  sources: [],
  values: [],
  flows: [],
  services: [],
  initiatives: [],
};
