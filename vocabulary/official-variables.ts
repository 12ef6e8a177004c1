/**
 * The official files the atlas reads as their publishers publish them (`npm run import -- official FILE`), and the
 * declared map from their variables to atlas indicators, each with its formula. Pure: shared by the store that
 * reads the files, the command line, the server and the page (which shows the summary of an import).
 */

/** The publishers, with the licence of their files as data/sources.json names it (a test compares the two). */
export const OFFICIAL_PUBLISHERS = {
  insee: { name: 'INSEE', licence: 'Licence Ouverte / Open Licence 2.0 (Etalab)' },
  anpr: {
    name: "Ministero dell'Interno, ANPR",
    licence: 'CC0-1.0 ("CC0 Ministero dell\'Interno"; attribution appreciated)',
  },
} as const;

/** The layouts recognised, by the columns of the header row. */
export const OFFICIAL_LAYOUTS = {
  'insee-base-cc': {
    publisher: 'insee',
    title: 'INSEE base communale (base-cc-…): CODGEO, then P21_…/C21_… variables',
  },
  'insee-base-ic': {
    publisher: 'insee',
    title: 'INSEE base infracommunale (base-ic-…): IRIS (and COM), then P21_…/C21_… variables, IRIS summed to communes',
  },
  'anpr-residenti': {
    publisher: 'anpr',
    title: 'ANPR residents by comune: MESE,ANNO,REGIONE,PROVINCIA,COD_ISTAT_COMUNE,COMUNE,RESIDENTI',
  },
} as const;
export type OfficialLayout = keyof typeof OFFICIAL_LAYOUTS;

/**
 * A formula over a file's variables: the sum of `numerator`, divided by `denominator` (none for a count), times
 * `scale`. INSEE variables are named here without their vintage prefix: `POP_ETR` is `P21_POP_ETR` in a file of
 * census 2021 and `P22_POP_ETR` in one of census 2022.
 */
export interface OfficialFormula {
  numerator: readonly string[];
  denominator: string | null;
  scale: 1 | 100;
}

/** An atlas indicator and the formulas that give it, the first one whose variables the file has being used. */
export interface OfficialMeasure {
  indicator: string;
  formulas: readonly OfficialFormula[];
}

const share = (numerator: string[], denominator: string): OfficialFormula => ({ numerator, denominator, scale: 100 });

/**
 * INSEE census variables (P = principal exploitation) as INSEE's dictionaries of the "Évolution et structure de la
 * population" and "Logement" bases define them. The 65+ share has three exact forms: `POP65P` where the base
 * publishes it, else 65–79 plus 80+, else men plus women of 65+ (never 60–74, which starts at 60).
 */
export const INSEE_MEASURES: readonly OfficialMeasure[] = [
  { indicator: 'population', formulas: [{ numerator: ['POP'], denominator: null, scale: 1 }] },
  { indicator: 'foreign-residents-share', formulas: [share(['POP_ETR'], 'POP')] },
  { indicator: 'immigrants-share', formulas: [share(['POP_IMM'], 'POP')] },
  { indicator: 'under-30-share', formulas: [share(['POP0014', 'POP1529'], 'POP')] },
  {
    indicator: 'over-65-share',
    formulas: [share(['POP65P'], 'POP'), share(['POP6579', 'POP80P'], 'POP'), share(['H65P', 'F65P'], 'POP')],
  },
  // The build's own formula for the census 2021 reference values (scripts/import/seasonal.ts).
  { indicator: 'secondary-homes-share', formulas: [share(['RSECOCC'], 'LOG')] },
];

/** ANPR's residents by comune and month: the population. */
export const ANPR_MEASURES: readonly OfficialMeasure[] = [
  { indicator: 'population', formulas: [{ numerator: ['RESIDENTI'], denominator: null, scale: 1 }] },
];

/** The period of an INSEE census vintage: `P21_` → `insee-rp2021`, the period of the atlas's census 2021 values. */
export const inseePeriod = (year: number) => `insee-rp${year}`;
/** The period of an ANPR month: ANNO 2026, MESE 1 → `anpr-2026-01`, the period of the atlas's ANPR values. */
export const anprPeriod = (year: number, month: number) => `anpr-${year}-${String(month).padStart(2, '0')}`;

/** A formula as a person reads it, with the file's variable names: "(P21_POP0014 + P21_POP1529) / P21_POP × 100". */
export function formulaText(formula: OfficialFormula, name: (variable: string) => string = (v) => v): string {
  const sum = formula.numerator.map(name).join(' + ');
  if (formula.denominator === null) return sum;
  const above = formula.numerator.length > 1 ? `(${sum})` : sum;
  return `${above} / ${name(formula.denominator)} × ${formula.scale}`;
}

/** What an import of an official file found, per indicator and period. */
export interface OfficialMeasureSummary {
  indicator: string;
  period: string;
  formula: string;
  /** Atlas communes whose value equals the reference data's (at the indicator's decimals): not stored again. */
  agreeing: number;
  /** Values stored: atlas communes the reference data has no value for in that period. */
  stored: number;
  /** Atlas communes without a value: a variable left empty by the publisher, or a denominator of 0. */
  noValue: number;
}

/** The answer to an import of an official file (command line and API), whether or not it stored anything. */
export interface OfficialSummary {
  file: string;
  layout: OfficialLayout;
  layoutTitle: string;
  publisher: string;
  licence: string;
  separator: ';' | ',';
  encoding: 'UTF-8' | 'Latin-1';
  /** The variables read, as the file names them. */
  variables: string[];
  /** Data rows of the file. */
  rows: number;
  /** Atlas communes the file has rows for. */
  communesKept: number;
  /** Communes the file has rows for that are not in the atlas (an INSEE file covers all of France): skipped. */
  communesSkipped: number;
  rowsSkipped: number;
  measures: OfficialMeasureSummary[];
}
