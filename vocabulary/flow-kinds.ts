import type { Language } from './languages.ts';

/** Kinds a planner may import. */
export const IMPORTED_FLOW_KINDS = ['commute', 'study', 'patient', 'other'] as const;

/** Every kind of flow: the build's computed potential flows, then the imported kinds. */
export const FLOW_KINDS = ['nearest-hospital', ...IMPORTED_FLOW_KINDS] as const;
export type FlowKind = (typeof FLOW_KINDS)[number];

/** Each kind's name in the five languages, for the dashboard and the commune profile. */
export const FLOW_KIND_TITLES: Record<FlowKind, Record<Language, string>> = {
  'nearest-hospital': {
    en: 'Potential flows to the nearest facility',
    fr: "Flux potentiels vers l'établissement le plus proche",
    it: 'Flussi potenziali verso la struttura più vicina',
    de: 'Potenzielle Ströme zur nächsten Einrichtung',
    sl: 'Potencialni tokovi do najbližje ustanove',
  },
  commute: {
    en: 'Commuting',
    fr: 'Domicile-travail',
    it: 'Pendolarismo per lavoro',
    de: 'Pendeln zur Arbeit',
    sl: 'Vožnja na delo',
  },
  study: {
    en: 'Study',
    fr: 'Études',
    it: 'Studio',
    de: 'Ausbildung',
    sl: 'Študij',
  },
  patient: {
    en: 'Patients',
    fr: 'Patients',
    it: 'Pazienti',
    de: 'Patienten',
    sl: 'Pacienti',
  },
  other: {
    en: 'Other flows',
    fr: 'Autres flux',
    it: 'Altri flussi',
    de: 'Andere Ströme',
    sl: 'Drugi tokovi',
  },
};
