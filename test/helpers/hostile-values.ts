import type { Random } from './seeded-random.ts';

/**
 * Input an attacker or a broken client sends, drawn from a seeded generator: numbers no double holds, SQL,
 * paths, markup, control and bidirectional characters, percent escapes that are not UTF-8, boxes and dates that
 * do not exist, and text of any length from every part of Unicode.
 */

export interface QueryParameter {
  name: string;
  schema: { type: string; enum?: string[]; pattern?: string };
}

/** 10^400 and other numbers no double holds, or holds only approximately. */
export const HUGE = `1${'0'.repeat(400)}`;
const NUMBERS = [
  '',
  '0',
  '-0',
  '+0',
  '1',
  '-1',
  '10000',
  '10001',
  '1e308',
  '1e309',
  '1e400',
  '-1e400',
  HUGE,
  `-${HUGE}`,
  '99999999999999999999',
  '9007199254740993',
  '4294967296',
  '2147483648',
  '-2147483649',
  'NaN',
  'Infinity',
  '-Infinity',
  'infinity',
  '0x10',
  '0X1F',
  '0b101',
  '0o17',
  '1,5',
  '1.5',
  '1.0',
  '.5',
  '5.',
  '1e-7',
  '-1e-400',
  '1_000',
  '007',
  ' 5',
  '5 ',
  '١٢',
  '１２',
  '½',
  'true',
  'false',
  'null',
  'undefined',
  '[]',
  '{}',
  '[1]',
  '1-1',
  '--1',
  '1e',
  'e1',
];
/** Strings an attacker or a broken client sends: SQL, paths, markup, templates, control and bidirectional marks. */
const STRINGS = [
  "' OR 1=1 --",
  '1; DROP TABLE communes',
  '" OR ""="',
  "') UNION SELECT sqlite_version() --",
  "%' --",
  '*',
  '%',
  '_',
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '/etc/passwd',
  'C:\\Windows',
  'file:///etc/passwd',
  '<script>alert(1)</script>',
  '"><img src=x>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, sent as plain text
  '${7*7}',
  '{{7*7}}',
  '%s%n%x',
  '\u0000',
  '\u0000abc',
  'abc\u0000',
  '\r\nSet-Cookie: x=1',
  '\t',
  ' ',
  '  ',
  '\uFEFF',
  '\u200B',
  '\u200E',
  '\u200F',
  '\u202Eevil',
  '\u2066x\u2069',
  'é',
  'Ω',
  '漢字',
  '🏔️',
  '👨‍👩‍👧',
  'ß',
  'İ',
  'ﬀ',
  'a\u0301',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '{"a":1}',
  '[1,2]',
  'a,b',
  ',',
  ',,',
  ';',
  '&',
  '=',
  '?',
  '#',
  '+',
  '..',
  '.',
  '/',
  '\\',
];
/**
 * Percent escapes written as they travel: NUL, bytes that are not UTF-8, overlong UTF-8, escapes that are not
 * escapes.
 */
export const RAW_ESCAPES = [
  '%00',
  '%ff',
  '%FF%FE',
  '%c0%ae',
  '%c0%af',
  '%e0%80%ae',
  '%c0%ae%c0%ae%c0%af',
  '%ed%a0%80',
  '%f4%90%80%80',
  '%zz',
  '%',
  '%%',
  '%2',
  '%u0041',
  '%252e%252e',
  '..%2f..%2f',
  '%2e%2e%2f',
  '..%5c..%5c',
  '%0d%0aSet-Cookie:%20x=1',
  '+',
  '++',
  '%2B',
  '%20',
  '%e2%80%ae',
  '%F0%9F%8F%94',
  '%80',
];
export const UNKNOWN_NAMES = [
  'LIMIT',
  'Limit',
  'limit ',
  ' limit',
  'limit[]',
  'limit[0]',
  'limit.x',
  'bbox-crs',
  'crs',
  'filter',
  'filter-lang',
  'sortby',
  'q',
  'skipGeometry',
  'callback',
  'format',
  'page',
  'x',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '',
  'a"b',
  'é',
  '🏔️',
];
export const ACCEPT_HEADERS = [
  'text/html',
  'text/csv',
  'application/xml',
  'image/png',
  '*/*;q=0',
  'text/*',
  '',
  ';;;',
  ',',
  'application/json;q=abc',
  'a/b/c',
  '*/*',
];

/**
 * Code points for random text: ASCII, controls, Latin, CJK, emoji, combining and bidirectional marks (no lone
 * surrogates).
 */
const CODE_POINT_RANGES: [number, number][] = [
  [0x20, 0x7e],
  [0x20, 0x7e],
  [0x20, 0x7e],
  [0x00, 0x1f],
  [0xa0, 0x24f],
  [0x300, 0x36f],
  [0x590, 0x6ff],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x4e00, 0x9fff],
  [0xfff0, 0xfffd],
  [0x1f300, 0x1faff],
];

export function randomText(r: Random): string {
  const length = r.chance(0.05) ? 10_000 + r.int(2_000) : r.chance(0.1) ? 100 + r.int(400) : r.int(12);
  const range = r.chance(0.5) ? r.pick(CODE_POINT_RANGES) : null;
  let text = '';
  while (text.length < length) {
    const [low, high] = range ?? r.pick(CODE_POINT_RANGES);
    text += String.fromCodePoint(low + r.int(high - low + 1));
  }
  return text;
}

function randomNumber(r: Random): string {
  const sign = r.pick(['', '', '-', '+']);
  const digits = (n: number) => Array.from({ length: n }, () => r.int(10)).join('');
  switch (r.int(7)) {
    case 0:
      return r.pick(NUMBERS);
    case 1:
      return `${sign}${digits(1 + r.int(r.chance(0.2) ? 400 : 25))}`;
    case 2:
      return `${sign}${digits(1 + r.int(4))}.${digits(1 + r.int(20))}`;
    case 3:
      return `${sign}${digits(1 + r.int(3))}${r.pick(['e', 'E'])}${r.pick(['', '+', '-'])}${digits(1 + r.int(4))}`;
    case 4:
      return `${sign}0x${r.int(2 ** 31).toString(16)}`;
    case 5:
      return `${sign}${digits(1 + r.int(3))},${digits(1 + r.int(3))}`;
    default:
      return `${sign}${r.int(1_000)}`;
  }
}

function randomBbox(r: Random): string {
  const coordinate = (limit: number) =>
    r.chance(0.7) ? String(Number(((r.next() * 2 - 1) * limit).toFixed(r.int(8)))) : randomNumber(r);
  const [west, south, east, north] = [coordinate(180), coordinate(90), coordinate(180), coordinate(90)];
  const parts = r.chance(0.2) ? [west, north, east, south] : [west, south, east, north];
  const count = r.chance(0.75) ? 4 : r.pick([0, 1, 2, 3, 5, 6]);
  while (parts.length < count) parts.push(coordinate(90));
  if (r.chance(0.1)) parts[r.int(4)] = r.pick([...STRINGS, 'a', 'NaN', '']);
  return parts.slice(0, count).join(r.chance(0.9) ? ',' : r.pick([';', ' ', ', ', ',,', '|']));
}

function randomDatetime(r: Random): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  const date = () =>
    r.chance(0.8)
      ? `${pad(r.pick([0, 1, 1970, 2011, 2020, 2024, 2026, 9999]) + r.int(3), 4)}-${pad(r.int(14), 2)}-` +
        `${pad(r.int(33), 2)}`
      : r.pick([
          '2020-02-30',
          '2021-02-29',
          '2020-13-01',
          '2020-00-10',
          '20200101',
          '2020-1-1',
          '-2020-01-01',
          '+002020-01-01',
          '2020',
        ]);
  const time = () =>
    `T${pad(r.int(26), 2)}:${pad(r.int(61), 2)}:${pad(r.int(62), 2)}` +
    `${r.pick(['', '.5', '.123456789'])}${r.pick(['Z', 'z', '+01:00', '-12:00', '+99:99', ''])}`;
  const instant = () => `${date()}${r.chance(0.4) ? time() : ''}`;
  switch (r.int(6)) {
    case 0:
      return instant();
    case 1:
      return `${instant()}/${instant()}`;
    case 2:
      return `${r.pick(['..', '', instant()])}/${r.pick(['..', '', instant()])}`;
    case 3:
      return `${instant()}/${instant()}/${instant()}`;
    case 4:
      return r.pick([
        '../..',
        '/',
        '..',
        '',
        'now',
        'P1Y',
        '2020-01-01/P1Y',
        '2020-01-01T00:00:00',
        '2020-01-01 00:00:00Z',
      ]);
    default:
      return randomText(r);
  }
}

/** A query value as it travels in the URL: a string percent-encoded, or an escape sequence written raw. */
function encodedValue(r: Random, decoded: () => string): string {
  if (r.chance(0.12)) {
    return Array.from({ length: 1 + r.int(3) }, () => r.pick(RAW_ESCAPES)).join(r.pick(['', 'a', '1']));
  }
  return encodeURIComponent(decoded());
}

/**
 * A bad value for a parameter: mostly of the parameter's kind (numbers for integers, boxes for bbox…), else
 * anything.
 */
export function badValue(r: Random, parameter: QueryParameter | null): string {
  const anything = () =>
    r.pick([
      () => r.pick(STRINGS),
      () => randomText(r),
      () => randomNumber(r),
      () => r.pick(STRINGS) + randomText(r),
    ])();
  if (parameter === null || r.chance(0.3)) return encodedValue(r, anything);
  if (parameter.schema.type === 'integer') return encodedValue(r, () => randomNumber(r));
  if (parameter.name === 'bbox') return encodedValue(r, () => randomBbox(r));
  if (parameter.name === 'datetime') return encodedValue(r, () => randomDatetime(r));
  return encodedValue(r, anything);
}

/** A bad path id: text of any kind, percent-encoded; an escape written raw; longer than the router allows. */
export function badId(r: Random): string {
  switch (r.int(5)) {
    case 0:
      return encodeURIComponent(r.pick(STRINGS));
    case 1:
      return r.pick(RAW_ESCAPES);
    case 2:
      return `${encodeURIComponent(randomText(r))}${r.chance(0.5) ? r.pick(RAW_ESCAPES) : ''}`;
    case 3:
      return encodeURIComponent(r.pick(NUMBERS)) || 'x';
    default:
      return 'x'.repeat(r.pick([199, 200, 201, 10_000]));
  }
}
