/** Every service category of the atlas; the last ones exist only through planners' imports. */
export const SERVICE_CATEGORIES = [
  'hospital',
  'health-facility',
  'france-services',
  'health-centre',
  'welcome',
  'language-course',
  'employment',
  'social-services',
  'other',
] as const;
export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number];

/** Categories only the reference build fills: their definitions depend on the source (GISCO types, ANCT's list). */
export const REFERENCE_ONLY: readonly ServiceCategory[] = ['health-facility', 'france-services'];

export const IMPORTABLE_CATEGORIES = SERVICE_CATEGORIES.filter((c) => !REFERENCE_ONLY.includes(c));
