/** Kinds a planner may import. */
export const IMPORTED_FLOW_KINDS = ['commute', 'study', 'patient', 'other'] as const;

/** Every kind of flow: the build's computed potential flows, then the imported kinds. */
export const FLOW_KINDS = ['nearest-hospital', ...IMPORTED_FLOW_KINDS] as const;
export type FlowKind = (typeof FLOW_KINDS)[number];
