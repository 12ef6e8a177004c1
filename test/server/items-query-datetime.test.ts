import { describe, expect, it } from 'vitest';
import { DATETIME_PATTERN, parseDatetime } from '../../server/ogc/items-query.ts';
import { expectInvalid } from '../helpers/expect-api-error.ts';

describe('DATETIME_PATTERN (the schema of the datetime parameter)', () => {
  const pattern = new RegExp(DATETIME_PATTERN);
  it.each([
    '2019-01-01',
    '2019-01-01T10:20:30Z',
    '2019-01-01t10:20:30z',
    '2019-01-01T10:20:30.123+01:00',
    '2019-01-01T10:20:30-05:30',
    '2019-01-01/2020-01-01',
    '../2020-01-01',
    '2019-01-01/..',
    '/2020-01-01',
    '2019-01-01/',
    '../..',
    '/',
    '2019-13-45',
  ])('accepts %s', (text) => {
    expect(pattern.test(text)).toBe(true);
  });
  it.each([
    '..',
    '2019',
    '2019-01',
    '2019-1-1',
    '2019-01-01T10:20Z',
    '2019-01-01T10:20:30',
    '2019-01-01 10:20:30Z',
    '2019-01-01/2020-01-01/2021-01-01',
    'yesterday',
    '',
  ])('refuses %j', (text) => {
    expect(pattern.test(text)).toBe(false);
  });
});

describe('parseDatetime', () => {
  const DATE_EXPECTED = 'an RFC 3339 date, date-time or interval';
  const ORDER_EXPECTED = 'an interval whose start is not after its end';

  it('reads a date as the instant of its start, UTC', () => {
    expect(parseDatetime('2019-03-07')).toEqual({
      start: Date.UTC(2019, 2, 7),
      end: Date.UTC(2019, 2, 7),
      instant: true,
    });
  });

  it('reads a date-time with its offset, Z or z', () => {
    expect(parseDatetime('2019-03-07T12:30:00+02:00')).toEqual({
      start: Date.UTC(2019, 2, 7, 10, 30),
      end: Date.UTC(2019, 2, 7, 10, 30),
      instant: true,
    });
    expect(parseDatetime('2019-03-07t12:30:00z')).toEqual({
      start: Date.UTC(2019, 2, 7, 12, 30),
      end: Date.UTC(2019, 2, 7, 12, 30),
      instant: true,
    });
    expect(parseDatetime('2019-03-07T12:30:00.250Z').start).toBe(Date.UTC(2019, 2, 7, 12, 30, 0, 250));
  });

  it('reads a closed interval', () => {
    expect(parseDatetime('2011-01-01/2020-06-30T00:00:00Z')).toEqual({
      start: Date.UTC(2011, 0, 1),
      end: Date.UTC(2020, 5, 30),
      instant: false,
    });
  });

  it('reads ".." and empty ends as open', () => {
    expect(parseDatetime('../2020-01-01')).toEqual({ start: -Infinity, end: Date.UTC(2020, 0, 1), instant: false });
    expect(parseDatetime('/2020-01-01')).toEqual({ start: -Infinity, end: Date.UTC(2020, 0, 1), instant: false });
    expect(parseDatetime('2020-01-01/..')).toEqual({ start: Date.UTC(2020, 0, 1), end: Infinity, instant: false });
    expect(parseDatetime('2020-01-01/')).toEqual({ start: Date.UTC(2020, 0, 1), end: Infinity, instant: false });
    expect(parseDatetime('../..')).toEqual({ start: -Infinity, end: Infinity, instant: false });
    expect(parseDatetime('/')).toEqual({ start: -Infinity, end: Infinity, instant: false });
  });

  it('accepts an interval of one instant', () => {
    expect(parseDatetime('2020-01-01/2020-01-01')).toEqual({
      start: Date.UTC(2020, 0, 1),
      end: Date.UTC(2020, 0, 1),
      instant: false,
    });
  });

  it('refuses an interval whose start is after its end, even by an hour across offsets', () => {
    expectInvalid(() => parseDatetime('2020-01-01/2019-01-01'), 'datetime', ORDER_EXPECTED, '2020-01-01/2019-01-01');
    // 10:00+00:00 is after 10:00+01:00 (09:00 UTC).
    expectInvalid(
      () => parseDatetime('2020-01-01T10:00:00Z/2020-01-01T10:00:00+01:00'),
      'datetime',
      ORDER_EXPECTED,
      '2020-01-01T10:00:00Z/2020-01-01T10:00:00+01:00',
    );
  });

  it.each([
    '2019-13-45',
    '2019-00-10',
    '2019-02-32',
    '2019-01-01T25:00:00Z',
    '2019-01-01T10:61:00Z',
    '2019-01-01T10:00:00+25:00',
  ])('refuses the impossible date %s', (text) => {
    expectInvalid(() => parseDatetime(text), 'datetime', DATE_EXPECTED, text);
  });

  it('refuses an impossible end of an interval, quoting the whole interval', () => {
    expectInvalid(() => parseDatetime('2019-01-01/2019-13-45'), 'datetime', DATE_EXPECTED, '2019-01-01/2019-13-45');
    expectInvalid(() => parseDatetime('2019-13-45/..'), 'datetime', DATE_EXPECTED, '2019-13-45/..');
  });

  // The schema pattern accepts these; Date.parse would roll them into the next month.
  it.each(['2019-02-30', '2019-02-29', '2019-04-31', '2019-02-30T00:00:00Z', '2019-01-01T24:00:00Z'])(
    'refuses the day that does not exist: %s',
    (text) => {
      expectInvalid(() => parseDatetime(text), 'datetime', DATE_EXPECTED, text);
    },
  );

  it('accepts 29 February in a leap year', () => {
    expect(parseDatetime('2020-02-29').start).toBe(Date.UTC(2020, 1, 29));
  });
});
