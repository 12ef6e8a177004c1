import { en, type MessageKey, type Messages } from './en.ts';
import { fr } from './fr.ts';
import { it } from './it.ts';
import { de } from './de.ts';
import { sl } from './sl.ts';

import { LANGUAGE_NAMES, type Language } from '../../../vocabulary/languages.ts';

export type Lang = Language;
export type { MessageKey };

export { LANGUAGE_NAMES };

export const MESSAGES: Record<Lang, Messages> = { en, fr, it, de, sl };

/** The text of a key in a language, with {name} placeholders filled in. */
export function t(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  return MESSAGES[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** A text the data gives in several languages (indicator titles, layer descriptions), in this one or English. */
export function pick(texts: Record<string, string> | undefined, lang: Lang): string {
  return texts?.[lang] ?? texts?.en ?? '';
}
