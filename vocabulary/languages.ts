/** The languages of every text a person reads in the atlas: page, titles, units, descriptions, methods, labels. */
export const LANGUAGES = ['en', 'fr', 'it', 'de', 'sl'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language by its own name, as a speaker looks for it in a list (the page's menus, the profile's links). */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  fr: 'Français',
  it: 'Italiano',
  de: 'Deutsch',
  sl: 'Slovenščina',
};

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * The first of the preferred language tags, best first, that the atlas speaks ("fr-CH" counts as "fr"), else
 * English. The server ranks Accept-Language into such a list; the page reads navigator.languages.
 */
export function bestLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const primary = tag.trim().toLowerCase().split('-')[0];
    if (isLanguage(primary)) return primary;
  }
  return 'en';
}

/** What a field of texts keyed by language expects when one is missing or blank; null when all are there. */
export function missingLanguages(texts: unknown): string | null {
  const record = (typeof texts === 'object' && texts !== null ? texts : {}) as Record<string, unknown>;
  const missing = LANGUAGES.filter((l) => typeof record[l] !== 'string' || !(record[l] as string).trim());
  return missing.length ? `a text in each of ${LANGUAGES.join(', ')} (missing ${missing.join(', ')})` : null;
}
