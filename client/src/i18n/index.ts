import { en, type MessageKey, type Messages } from './en.ts';
import { fr } from './fr.ts';
import { it } from './it.ts';
import { de } from './de.ts';
import { sl } from './sl.ts';

export const LANGUAGES = ['en', 'fr', 'it', 'de', 'sl'] as const;
export type Lang = (typeof LANGUAGES)[number];
export type { MessageKey };

/** Each language by its own name, as a speaker looks for it in a list. */
export const LANGUAGE_NAMES: Record<Lang, string> = { en: 'English', fr: 'Français', it: 'Italiano', de: 'Deutsch', sl: 'Slovenščina' };

export const MESSAGES: Record<Lang, Messages> = { en, fr, it, de, sl };

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The first of the browser's preferred languages the atlas speaks ("fr-CH" counts as "fr"), else English. */
export function languageFromBrowser(preferred: readonly string[]): Lang {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLang(base)) return base;
  }
  return 'en';
}

/** The text of a key in a language, with {name} placeholders filled in. */
export function t(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  return MESSAGES[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A text the data gives in several languages (indicator titles, layer descriptions), in this one or English. */
export function pick(texts: Record<string, string> | undefined, lang: Lang): string {
  return texts?.[lang] ?? texts?.en ?? '';
}
