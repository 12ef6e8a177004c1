/**
 * One id per municipality across the Alps. French INSEE codes (5 characters) and Italian ISTAT codes (6 digits)
 * stay bare, as the atlas has published them since its first release and as official files write them; the
 * other countries' national codes could equal them (an Austrian Gemeindekennziffer has 5 digits too), so their
 * ids carry the ISO country code: AT-70101, CH-843, DE-09189451, SI-98.
 */
export const PREFIXED_COUNTRIES = ['AT', 'CH', 'DE', 'SI'] as const;
export type PrefixedCountry = (typeof PREFIXED_COUNTRIES)[number];
export type MunicipalityCountry = 'FR' | 'IT' | PrefixedCountry;

/** The national code as each country publishes it in the atlas's boundary files. */
export const NATIONAL_CODE: Record<MunicipalityCountry, { pattern: RegExp; expected: string }> = {
  FR: { pattern: /^\d[\dAB]\d{3}$/, expected: 'a five-character INSEE commune code' },
  IT: { pattern: /^\d{6}$/, expected: 'a six-digit ISTAT comune code' },
  AT: { pattern: /^\d{5}$/, expected: 'a five-digit Austrian Gemeindekennziffer' },
  CH: { pattern: /^\d{1,4}$/, expected: 'a Swiss FSO municipality number' },
  DE: { pattern: /^09\d{6}$/, expected: 'an eight-digit Bavarian Amtlicher Gemeindeschlüssel (09…)' },
  SI: { pattern: /^\d{1,3}$/, expected: 'a Slovenian municipality number (OB_ID)' },
};

export const isMunicipalityCountry = (country: string): country is MunicipalityCountry =>
  country === 'FR' || country === 'IT' || (PREFIXED_COUNTRIES as readonly string[]).includes(country);

export const communeId = (country: MunicipalityCountry, nationalCode: string): string =>
  country === 'FR' || country === 'IT' ? nationalCode : `${country}-${nationalCode}`;

/** Every commune id, as a JSON Schema pattern for path parameters (also a RegExp source). */
export const COMMUNE_ID_PATTERN = '^(\\d[\\dAB]\\d{3}|\\d{6}|AT-\\d{5}|CH-\\d{1,4}|DE-09\\d{6}|SI-\\d{1,3})$';

/** The Alpine Convention perimeter's territory id; its country parts are `alpine-convention-{country}`. */
export const ALPINE_CONVENTION = 'alpine-convention';

/**
 * Whether a static export carries the commune's printable profile: those of the territories the atlas was made
 * for (EPCIs, study area, PlurAlps pilots), not of every commune of the Alps (26,000 pages); the server renders
 * any commune's profile on demand.
 */
export const exportsProfile = (territories: string[]): boolean =>
  territories.some((t) => !t.startsWith(ALPINE_CONVENTION));
