import type { FlowRecord } from './layers/flows.ts';
import type { ImportedService } from './layers/services.ts';

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


/** What the local database holds, as the server merges it with the reference data. */
export interface LocalSnapshot {
  imports: ImportSummary[];
  sources: ImportedSource[];
  values: ImportedValue[];
  flows: FlowRecord[];
  services: ImportedService[];
}

export const EMPTY_SNAPSHOT: LocalSnapshot = { imports: [], sources: [], values: [], flows: [], services: [] };
