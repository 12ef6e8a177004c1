/**
 * What a planner's file may hold: indicator values, flows, services, initiatives, or an official file as its
 * publisher published it (INSEE, ANPR: vocabulary/official-variables.ts). Shared by the CLI, the API and the page.
 */
export const IMPORT_KINDS = ['indicator', 'flows', 'services', 'initiatives', 'official'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
