/**
 * What a planner's file may hold: indicator values, flows, services, or initiatives. Shared by the CLI, the API and
 * the page.
 */
export const IMPORT_KINDS = ['indicator', 'flows', 'services', 'initiatives'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
