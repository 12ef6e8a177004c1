/** The languages of every text a person reads in the atlas: titles, units, descriptions, methods, labels. */
export const LANGUAGES = ['en', 'fr', 'it', 'de', 'sl'] as const;

/** What a field of texts keyed by language expects when one is missing or blank; null when all are there. */
export function missingLanguages(texts: unknown): string | null {
  const record = (typeof texts === 'object' && texts !== null ? texts : {}) as Record<string, unknown>;
  const missing = LANGUAGES.filter((l) => typeof record[l] !== 'string' || !(record[l] as string).trim());
  return missing.length ? `a text in each of ${LANGUAGES.join(', ')} (missing ${missing.join(', ')})` : null;
}
