import type { Language } from './languages.ts';

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

/** Each category's name in the five languages, for the dashboard and the commune profile. */
export const SERVICE_CATEGORY_TITLES: Record<ServiceCategory, Record<Language, string>> = {
  hospital: {
    en: 'General acute hospitals',
    fr: 'Hôpitaux généraux de soins aigus',
    it: 'Ospedali generali per acuti',
    de: 'Allgemeine Akutkrankenhäuser',
    sl: 'Splošne bolnišnice za akutno zdravljenje',
  },
  'health-facility': {
    en: 'Other hospitals and clinics',
    fr: 'Autres hôpitaux et cliniques',
    it: 'Altri ospedali e cliniche',
    de: 'Andere Krankenhäuser und Kliniken',
    sl: 'Druge bolnišnice in klinike',
  },
  'france-services': {
    en: 'France services',
    fr: 'France services',
    it: 'France services',
    de: 'France services',
    sl: 'France services',
  },
  'health-centre': {
    en: 'Health centres',
    fr: 'Centres de santé',
    it: 'Centri di salute',
    de: 'Gesundheitszentren',
    sl: 'Zdravstveni domovi',
  },
  welcome: {
    en: 'Welcome and integration',
    fr: 'Accueil et intégration',
    it: 'Accoglienza e integrazione',
    de: 'Aufnahme und Integration',
    sl: 'Sprejem in vključevanje',
  },
  'language-course': {
    en: 'Language courses',
    fr: 'Cours de langue',
    it: 'Corsi di lingua',
    de: 'Sprachkurse',
    sl: 'Jezikovni tečaji',
  },
  employment: {
    en: 'Employment help',
    fr: "Aide à l'emploi",
    it: 'Sostegno al lavoro',
    de: 'Arbeitsvermittlung',
    sl: 'Pomoč pri zaposlovanju',
  },
  'social-services': {
    en: 'Social services',
    fr: 'Services sociaux',
    it: 'Servizi sociali',
    de: 'Soziale Dienste',
    sl: 'Socialne službe',
  },
  other: {
    en: 'Other services',
    fr: 'Autres services',
    it: 'Altri servizi',
    de: 'Andere Einrichtungen',
    sl: 'Druge storitve',
  },
};
