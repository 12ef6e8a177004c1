import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { en } from '../../client/src/i18n/en.ts';
import { fr } from '../../client/src/i18n/fr.ts';
import { it as italian } from '../../client/src/i18n/it.ts';
import { de } from '../../client/src/i18n/de.ts';
import { sl } from '../../client/src/i18n/sl.ts';
import { LANGUAGE_NAMES, MESSAGES, pick, t, type MessageKey } from '../../client/src/i18n/index.ts';
import { bestLanguage, isLanguage, LANGUAGES } from '../../vocabulary/languages.ts';

const FILES = { en, fr, it: italian, de, sl } as const;
const ENGLISH_KEYS = Object.keys(en).sort();
const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();

describe('UI translations', () => {
  it('has the five languages, each with its own name, all registered in MESSAGES', () => {
    expect(LANGUAGES).toEqual(['en', 'fr', 'it', 'de', 'sl']);
    expect(Object.keys(LANGUAGE_NAMES).sort()).toEqual([...LANGUAGES].sort());
    for (const lang of LANGUAGES) expect(MESSAGES[lang]).toBe(FILES[lang]);
  });

  for (const lang of LANGUAGES) {
    describe(lang, () => {
      const messages: Record<string, unknown> = FILES[lang];

      it('has exactly the keys of English', () => {
        expect(Object.keys(messages).sort()).toEqual(ENGLISH_KEYS);
      });

      it('has no empty or blank text', () => {
        for (const [key, text] of Object.entries(messages)) {
          expect(typeof text, key).toBe('string');
          expect((text as string).trim(), key).not.toBe('');
        }
      });

      it('uses the same {placeholder} names as English for every key', () => {
        for (const key of ENGLISH_KEYS) {
          expect(placeholders(String(messages[key])), `${lang} ${key}`).toEqual(placeholders(en[key as MessageKey]));
        }
      });
    });
  }

  it('English uses placeholders (the placeholder check is not vacuous)', () => {
    expect(placeholders(en['tooltip.rank'])).toEqual(['count', 'rank', 'territory']);
    expect(ENGLISH_KEYS.filter((k) => placeholders(en[k as MessageKey]).length > 0).length).toBeGreaterThan(5);
  });
});

describe('indicator and layer texts in data/', () => {
  const read = (file: string) =>
    JSON.parse(readFileSync(new URL(`../../data/${file}`, import.meta.url), 'utf8')) as Record<string, unknown>;
  const indicators = read('indicators.json').indicators as {
    id: string;
    titles: unknown;
    units: unknown;
    descriptions: unknown;
    methods: unknown;
    periods?: { labels: unknown }[];
  }[];
  const layers = read('layers.json').layers as { id: string; titles: unknown; descriptions: unknown }[];

  const expectAllLanguages = (texts: unknown, what: string) => {
    expect(texts, what).toBeTypeOf('object');
    const record = texts as Record<string, unknown>;
    for (const lang of LANGUAGES) {
      expect(typeof record[lang], `${what}.${lang}`).toBe('string');
      expect((record[lang] as string).trim(), `${what}.${lang}`).not.toBe('');
    }
  };

  it('lists indicators and layers', () => {
    expect(indicators.length).toBeGreaterThan(0);
    expect(layers.length).toBeGreaterThan(0);
  });

  it('gives every indicator a title, unit, description, method and period labels in en, fr, it, de and sl', () => {
    for (const indicator of indicators) {
      for (const field of ['titles', 'units', 'descriptions', 'methods'] as const) {
        expectAllLanguages(indicator[field], `${indicator.id}.${field}`);
      }
      for (const [i, { labels }] of (indicator.periods ?? []).entries()) {
        expectAllLanguages(labels, `${indicator.id}.periods[${i}].labels`);
      }
    }
  });

  it('gives every layer a title and description in en, fr, it, de and sl', () => {
    for (const layer of layers) {
      for (const field of ['titles', 'descriptions'] as const) expectAllLanguages(layer[field], `${layer.id}.${field}`);
    }
  });
});

describe('t', () => {
  it('fills every placeholder', () => {
    expect(t('en', 'tooltip.rank', { rank: 2, count: 14, territory: 'Fixture territory' })).toBe(
      'Rank 2 of 14 in Fixture territory',
    );
    expect(t('fr', 'tooltip.rank', { rank: 2, count: 14, territory: 'Fixture territory' })).toBe(
      'Rang 2 sur 14 (Fixture territory)',
    );
    expect(t('sl', 'tooltip.rank', { rank: 2, count: 14, territory: 'X' })).toBe('2. mesto od 14 (X)');
  });

  it('fills 0 as "0"', () => {
    expect(t('en', 'legend.count', { count: 0 })).toBe('0 communes');
  });

  it('leaves placeholders without a parameter as they are', () => {
    expect(t('en', 'tooltip.rank', { rank: 1 })).toBe('Rank 1 of {count} in {territory}');
    expect(t('en', 'tooltip.source')).toBe('Source: {source}');
  });

  it('ignores parameters the text does not use', () => {
    expect(t('en', 'tooltip.source', { source: 'S', other: 'x' })).toBe('Source: S');
  });

  it('returns texts without placeholders unchanged', () => {
    expect(t('de', 'noData')).toBe('keine Daten');
    expect(t('en', 'app.title')).toBe('Alpine Territories Atlas');
  });

  it('inserts parameter text literally (no $-patterns, no re-substitution)', () => {
    expect(t('en', 'tooltip.source', { source: '$& $1 $$' })).toBe('Source: $& $1 $$');
    expect(t('en', 'data.failed', { what: '{message}', message: 'boom' })).toBe('Could not load {message}: boom');
  });
});

describe('bestLanguage', () => {
  it('takes the first preferred language the atlas speaks', () => {
    expect(bestLanguage(['fr-CH', 'en'])).toBe('fr');
    expect(bestLanguage(['es', 'it-IT', 'de'])).toBe('it');
    expect(bestLanguage(['sl-SI'])).toBe('sl');
    expect(bestLanguage(['de'])).toBe('de');
  });

  it('ignores case and region', () => {
    expect(bestLanguage(['DE-at'])).toBe('de');
    expect(bestLanguage(['zh-Hant-TW', 'FR'])).toBe('fr');
  });

  it('falls back to English', () => {
    expect(bestLanguage(['es'])).toBe('en');
    expect(bestLanguage(['es-ES', 'pt'])).toBe('en');
    expect(bestLanguage([])).toBe('en');
  });
});

describe('isLanguage', () => {
  it('knows the five language codes only', () => {
    for (const lang of LANGUAGES) expect(isLanguage(lang)).toBe(true);
    for (const other of ['es', 'EN', 'fr-CH', '', null, undefined, 1]) expect(isLanguage(other)).toBe(false);
  });
});

describe('pick', () => {
  const TEXTS = { en: 'Population', fr: 'Population (fr)', de: 'Bevölkerung' };

  it('gives the text in the language', () => {
    expect(pick(TEXTS, 'de')).toBe('Bevölkerung');
    expect(pick(TEXTS, 'fr')).toBe('Population (fr)');
  });

  it('falls back to English when the language is missing', () => {
    expect(pick(TEXTS, 'sl')).toBe('Population');
  });

  it('gives an empty string when neither the language nor English is there', () => {
    expect(pick({ fr: 'Population' }, 'sl')).toBe('');
    expect(pick({}, 'en')).toBe('');
    expect(pick(undefined, 'fr')).toBe('');
  });
});
