import { describe, expect, it } from 'vitest';
import type { Indicator } from '../../client/src/api.ts';
import { formatNumber, formatRange, formatValue, periodLabel } from '../../client/src/format.ts';
import { t } from '../../client/src/i18n/index.ts';
import { LANGUAGES } from '../../vocabulary/languages.ts';

/**
 * Expected strings are what Node 20's ICU (CLDR) gives for each language. Separators spelled out:
 * U+202F narrow no-break space (French groups), U+2212 minus sign (Slovenian), U+2013 en dash (ranges).
 * Italian and Slovenian do not group four-digit numbers (CLDR minimum grouping digits 2).
 */
const NNBSP = '\u202f';

describe('formatNumber', () => {
  it('1234.5 with 1 decimal in each language', () => {
    expect(formatNumber(1234.5, 1, 'en')).toBe('1,234.5');
    expect(formatNumber(1234.5, 1, 'fr')).toBe(`1${NNBSP}234,5`);
    expect(formatNumber(1234.5, 1, 'it')).toBe('1234,5');
    expect(formatNumber(1234.5, 1, 'de')).toBe('1.234,5');
    expect(formatNumber(1234.5, 1, 'sl')).toBe('1234,5');
  });

  it('French groups with a narrow no-break space (U+202F), not a space or U+00A0', () => {
    const text = formatNumber(1234.5, 1, 'fr');
    expect([...text].map((c) => c.codePointAt(0))).toEqual([0x31, 0x202f, 0x32, 0x33, 0x34, 0x2c, 0x35]);
  });

  it('groups five-digit and larger numbers in every language', () => {
    expect(LANGUAGES.map((lang) => formatNumber(1234567.891, 2, lang))).toEqual([
      '1,234,567.89',
      `1${NNBSP}234${NNBSP}567,89`,
      '1.234.567,89',
      '1.234.567,89',
      '1.234.567,89',
    ]);
    expect(formatNumber(12345, 0, 'it')).toBe('12.345');
    expect(formatNumber(12345, 0, 'sl')).toBe('12.345');
  });

  it('writes negative numbers with the language’s minus sign', () => {
    expect(formatNumber(-1234.5, 1, 'en')).toBe('-1,234.5');
    expect(formatNumber(-1234.5, 1, 'de')).toBe('-1.234,5');
    expect(formatNumber(-1234.5, 1, 'sl')).toBe('\u22121234,5');
  });

  it('always shows exactly the indicator’s decimals', () => {
    expect(formatNumber(2, 2, 'en')).toBe('2.00');
    expect(formatNumber(2, 2, 'fr')).toBe('2,00');
    expect(formatNumber(12.345, 1, 'en')).toBe('12.3');
    expect(formatNumber(1234.5, 0, 'en')).toBe('1,235');
    expect(formatNumber(0, 0, 'en')).toBe('0');
  });
});

describe('formatValue', () => {
  it('appends the unit after a space', () => {
    expect(formatValue(1234, 0, 'inhabitants', 'en')).toBe('1,234 inhabitants');
    expect(formatValue(12.345, 1, 'km²', 'fr')).toBe('12,3 km²');
  });

  it('writes no unit and no trailing space for an empty unit', () => {
    expect(formatValue(1234, 0, '', 'en')).toBe('1,234');
  });

  it('writes a zero value as zero', () => {
    expect(formatValue(0, 1, 'km²', 'de')).toBe('0,0 km²');
  });

  it('writes the language’s "no data" for null, undefined, NaN and infinities, never "0"', () => {
    const expected = { en: 'no data', fr: 'pas de données', it: 'nessun dato', de: 'keine Daten', sl: 'ni podatkov' };
    for (const lang of LANGUAGES) {
      expect(t(lang, 'noData')).toBe(expected[lang]);
      for (const missing of [null, undefined, Number.NaN, Infinity, -Infinity]) {
        const text = formatValue(missing, 0, 'inhabitants', lang);
        expect(text, `${lang} ${missing}`).toBe(expected[lang]);
        expect(text).not.toMatch(/\d/);
      }
    }
  });
});

describe('formatRange', () => {
  it('joins two formatted numbers with a spaced en dash', () => {
    expect(formatRange(12.5, 40, 1, 'en')).toBe('12.5 \u2013 40.0');
    expect(formatRange(12.5, 40, 1, 'fr')).toBe('12,5 \u2013 40,0');
    expect(formatRange(0, 0, 1, 'fr')).toBe('0,0');
    expect(formatRange(1000, 25000, 0, 'fr')).toBe(`1${NNBSP}000 \u2013 25${NNBSP}000`);
    expect(formatRange(-5, 5, 0, 'sl')).toBe('\u22125 \u2013 5');
  });
});

describe('periodLabel', () => {
  /** Hand-written indicator with one labelled period; the labels are made up. */
  const LABELS = { en: 'Fixture census 2021', fr: 'Recensement fictif 2021' };
  const INDICATOR = { periods: [{ period: 'p2021', labels: LABELS, referenceDate: null }] } as unknown as Indicator;

  it('gives the period’s label in the language, or in English where the language has none', () => {
    expect(periodLabel(INDICATOR, 'p2021', 'fr')).toBe('Recensement fictif 2021');
    expect(periodLabel(INDICATOR, 'p2021', 'de')).toBe('Fixture census 2021');
  });

  it('gives the period id where the indicator does not list the period', () => {
    expect(periodLabel(INDICATOR, 'p1999', 'en')).toBe('p1999');
  });
});
