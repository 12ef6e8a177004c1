import type { Language } from './languages.ts';

/**
 * What an initiative is: the closed list the curated file (data/initiatives.json) and planners' imports choose
 * from. The first ones name what the seed documents report; welcome-service and other are for planners' own.
 */
export const INITIATIVE_KINDS = [
  'alert-system',
  'public-app',
  'business-platform',
  'business-space',
  'network',
  'label',
  'pilot',
  'works',
  'awareness',
  'study',
  'welcome-service',
  'other',
] as const;
export type InitiativeKind = (typeof INITIATIVE_KINDS)[number];

export function isInitiativeKind(value: unknown): value is InitiativeKind {
  return typeof value === 'string' && (INITIATIVE_KINDS as readonly string[]).includes(value);
}

/** Each kind's name in the five languages, for the legend, the commune panel and the profile. */
export const INITIATIVE_KIND_TITLES: Record<InitiativeKind, Record<Language, string>> = {
  'alert-system': {
    en: 'Alert systems',
    fr: "Systèmes d'alerte",
    it: 'Sistemi di allerta',
    de: 'Warnsysteme',
    sl: 'Sistemi opozarjanja',
  },
  'public-app': {
    en: 'Public apps',
    fr: 'Applications publiques',
    it: 'App pubbliche',
    de: 'Öffentliche Apps',
    sl: 'Javne aplikacije',
  },
  'business-platform': {
    en: 'Business platforms',
    fr: 'Plateformes pour les entreprises',
    it: 'Piattaforme per le imprese',
    de: 'Plattformen für Unternehmen',
    sl: 'Platforme za podjetja',
  },
  'business-space': {
    en: 'Spaces for businesses',
    fr: 'Espaces pour les entreprises',
    it: 'Spazi per le imprese',
    de: 'Räume für Unternehmen',
    sl: 'Prostori za podjetja',
  },
  network: {
    en: 'Networks',
    fr: 'Réseaux',
    it: 'Reti',
    de: 'Netzwerke',
    sl: 'Mreže',
  },
  label: {
    en: 'Labels',
    fr: 'Labels',
    it: 'Marchi e riconoscimenti',
    de: 'Auszeichnungen',
    sl: 'Nazivi in priznanja',
  },
  pilot: {
    en: 'Pilots',
    fr: 'Projets pilotes',
    it: 'Progetti pilota',
    de: 'Pilotprojekte',
    sl: 'Pilotni projekti',
  },
  works: {
    en: 'Works',
    fr: 'Chantiers',
    it: 'Cantieri',
    de: 'Bauarbeiten',
    sl: 'Gradbena dela',
  },
  awareness: {
    en: 'Awareness actions',
    fr: 'Actions de sensibilisation',
    it: 'Azioni di sensibilizzazione',
    de: 'Sensibilisierungsmaßnahmen',
    sl: 'Ozaveščanje',
  },
  study: {
    en: 'Studies',
    fr: 'Études',
    it: 'Studi',
    de: 'Studien',
    sl: 'Študije',
  },
  'welcome-service': {
    en: 'Welcome services',
    fr: "Services d'accueil",
    it: 'Servizi di accoglienza',
    de: 'Willkommensdienste',
    sl: 'Storitve za sprejem',
  },
  other: {
    en: 'Other initiatives',
    fr: 'Autres initiatives',
    it: 'Altre iniziative',
    de: 'Andere Initiativen',
    sl: 'Druge pobude',
  },
};
