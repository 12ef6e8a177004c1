import { describe, expect, it } from 'vitest';
import { ApiError, invalidParameter, notFound } from '../../server/api-error.ts';
import { indicatorPropertyNames, referenceInstant } from '../../server/indicator-store.ts';
import { pointGeometry, type BBox, type Feature, type FeatureLayer } from '../../server/layers/feature.ts';
import {
  BBOX_PATTERN, DATETIME_PATTERN, DEFAULT_LIMIT, MAX_LIMIT,
  parseBbox, parseDatetime, parsePropertyList, selectFeatures, selectPeriods, type Filter,
} from '../../server/ogc/items-query.ts';
import type { IndicatorRecord, PeriodRecord } from '../../vocabulary/api-records.ts';

/** The error thrown by `run`, checked to be an ApiError with exactly this status, code and description. */
function expectApiError(run: () => unknown, statusCode: number, code: string, description: string) {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ApiError);
  const error = thrown as ApiError;
  expect({ statusCode: error.statusCode, code: error.code, description: error.description, message: error.message })
    .toEqual({ statusCode, code, description, message: description });
}

const expectInvalid = (run: () => unknown, name: string, expected: string, got: string) =>
  expectApiError(run, 400, 'InvalidParameterValue', `Parameter "${name}": expected ${expected}, got ${JSON.stringify(got)}`);

describe('ApiError and its factories', () => {
  it('invalidParameter names the parameter, what was expected and the value received, quoted as JSON', () => {
    const error = invalidParameter('limit', 'an integer', 'ten "10"');
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(Error);
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('InvalidParameterValue');
    expect(error.description).toBe('Parameter "limit": expected an integer, got "ten \\"10\\""');
    expect(error.message).toBe(error.description);
  });

  it('invalidParameter writes non-string values as JSON too', () => {
    expect(invalidParameter('bbox', 'four numbers', [1, 2]).description).toBe('Parameter "bbox": expected four numbers, got [1,2]');
    expect(invalidParameter('x', 'y', null).description).toBe('Parameter "x": expected y, got null');
  });

  it('notFound is a 404 with the description as given', () => {
    const error = notFound('Collection "communes" has no feature "nowhere"');
    expect([error.statusCode, error.code, error.message]).toEqual([404, 'NotFound', 'Collection "communes" has no feature "nowhere"']);
  });
});

describe('limits', () => {
  it('pages hold 100 features by default and at most 10 000', () => {
    expect(DEFAULT_LIMIT).toBe(100);
    expect(MAX_LIMIT).toBe(10_000);
  });
});

const BBOX_EXPECTED = 'west,south,east,north in degrees (WGS84), south ≤ north, latitudes from -90 to 90';

describe('BBOX_PATTERN (the schema of the bbox parameter)', () => {
  const pattern = new RegExp(BBOX_PATTERN);
  it.each([
    '5.8,44.35,7.8,45.65',
    '-180,-90,180,90',
    '6,44,7,46',
    '6e0,4.4e1,7E+0,4.6e1',
    '1.5e-3,0,2,1',
  ])('accepts %s', (text) => {
    expect(pattern.test(text)).toBe(true);
  });
  it.each([
    '5.8,44.35,7.8',
    '5.8,44.35,7.8,45.65,1',
    ' 5.8,44.35,7.8,45.65',
    '5.8, 44.35,7.8,45.65',
    '+5.8,44.35,7.8,45.65',
    '.5,44,7,45',
    '5.,44,7,45',
    'a,b,c,d',
    '0x10,0,1,1',
    ',,,',
    'Infinity,0,1,1',
    'NaN,0,1,1',
  ])('refuses %j', (text) => {
    expect(pattern.test(text)).toBe(false);
  });
});

describe('parseBbox', () => {
  it('returns west, south, east, north as numbers', () => {
    expect(parseBbox('5.8,44.35,7.8,45.65')).toEqual([5.8, 44.35, 7.8, 45.65]);
    expect(parseBbox('-180,-90,180,90')).toEqual([-180, -90, 180, 90]);
  });

  it('reads exponent notation', () => {
    expect(parseBbox('6e0,4.4e1,7E+0,4.6e1')).toEqual([6, 44, 7, 46]);
    expect(parseBbox('1.5e-3,0,2,1')).toEqual([0.0015, 0, 2, 1]);
  });

  it('accepts a zero-area box (south = north, west = east)', () => {
    expect(parseBbox('6,45,6,45')).toEqual([6, 45, 6, 45]);
  });

  it('accepts west east of east: a box across the antimeridian', () => {
    expect(parseBbox('170,-10,-170,10')).toEqual([170, -10, -170, 10]);
  });

  it('refuses south north of north', () => {
    expectInvalid(() => parseBbox('5.8,45.65,7.8,44.35'), 'bbox', BBOX_EXPECTED, '5.8,45.65,7.8,44.35');
  });

  it.each([
    '0,-90.5,1,0',
    '0,0,1,91',
    '0,-91,1,91',
    '-180.1,0,0,1',
    '0,0,180.5,1',
    '181,0,182,1',
  ])('refuses coordinates out of range: %s', (text) => {
    expectInvalid(() => parseBbox(text), 'bbox', BBOX_EXPECTED, text);
  });

  it.each([
    'a,b,c,d',
    '1,2,3',
    '1,2,3,4,5',
    '1,2,x,4',
    '1e400,0,1,1',
    '0,0,1,-1e400',
    'NaN,0,1,1',
  ])('refuses what is not four finite numbers: %s', (text) => {
    expectInvalid(() => parseBbox(text), 'bbox', BBOX_EXPECTED, text);
  });

  it('refuses an overflowing exponent although the pattern lets it through', () => {
    expect(new RegExp(BBOX_PATTERN).test('1e400,0,1,1')).toBe(true);
    expect(() => parseBbox('1e400,0,1,1')).toThrow(ApiError);
  });
});

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
    expect(parseDatetime('2019-03-07')).toEqual({ start: Date.UTC(2019, 2, 7), end: Date.UTC(2019, 2, 7), instant: true });
  });

  it('reads a date-time with its offset, Z or z', () => {
    expect(parseDatetime('2019-03-07T12:30:00+02:00')).toEqual({ start: Date.UTC(2019, 2, 7, 10, 30), end: Date.UTC(2019, 2, 7, 10, 30), instant: true });
    expect(parseDatetime('2019-03-07t12:30:00z')).toEqual({ start: Date.UTC(2019, 2, 7, 12, 30), end: Date.UTC(2019, 2, 7, 12, 30), instant: true });
    expect(parseDatetime('2019-03-07T12:30:00.250Z').start).toBe(Date.UTC(2019, 2, 7, 12, 30, 0, 250));
  });

  it('reads a closed interval', () => {
    expect(parseDatetime('2011-01-01/2020-06-30T00:00:00Z')).toEqual({ start: Date.UTC(2011, 0, 1), end: Date.UTC(2020, 5, 30), instant: false });
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
    expect(parseDatetime('2020-01-01/2020-01-01')).toEqual({ start: Date.UTC(2020, 0, 1), end: Date.UTC(2020, 0, 1), instant: false });
  });

  it('refuses an interval whose start is after its end, even by an hour across offsets', () => {
    expectInvalid(() => parseDatetime('2020-01-01/2019-01-01'), 'datetime', ORDER_EXPECTED, '2020-01-01/2019-01-01');
    // 10:00+00:00 is after 10:00+01:00 (09:00 UTC).
    expectInvalid(() => parseDatetime('2020-01-01T10:00:00Z/2020-01-01T10:00:00+01:00'), 'datetime', ORDER_EXPECTED,
      '2020-01-01T10:00:00Z/2020-01-01T10:00:00+01:00');
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
  it.each(['2019-02-30', '2019-02-29', '2019-04-31', '2019-02-30T00:00:00Z', '2019-01-01T24:00:00Z'])('refuses the day that does not exist: %s', (text) => {
    expectInvalid(() => parseDatetime(text), 'datetime', DATE_EXPECTED, text);
  });

  it('accepts 29 February in a leap year', () => {
    expect(parseDatetime('2020-02-29').start).toBe(Date.UTC(2020, 1, 29));
  });
});

describe('referenceInstant and indicatorPropertyNames', () => {
  it('reads a year, a month or a day as the start of it, UTC', () => {
    expect(referenceInstant('2018')).toBe('2018-01-01T00:00:00Z');
    expect(referenceInstant('2026-01')).toBe('2026-01-01T00:00:00Z');
    expect(referenceInstant('2023-06')).toBe('2023-06-01T00:00:00Z');
    expect(referenceInstant('2011-10-09')).toBe('2011-10-09T00:00:00Z');
  });

  it('names the value, period and source properties after the id, "-" written "_"', () => {
    expect(indicatorPropertyNames('population-density')).toEqual({
      value: 'population_density', period: 'population_density_period', source: 'population_density_source',
    });
    expect(indicatorPropertyNames('a-b-c')).toEqual({ value: 'a_b_c', period: 'a_b_c_period', source: 'a_b_c_source' });
    expect(indicatorPropertyNames('area')).toEqual({ value: 'area', period: 'area_period', source: 'area_source' });
  });
});

/** A made-up indicator with made-up periods, oldest first, as the store reads them. */
function madeUpIndicator(id: string, periods: Omit<PeriodRecord, 'labels'>[]): IndicatorRecord {
  return {
    id,
    subject: 'commune',
    titles: { en: `Made-up ${id}` },
    units: { en: 'unit' },
    descriptions: { en: 'A test fixture, not real data' },
    importable: false, methods: { en: 'none' },
    decimals: 0,
    periods: periods.map((p) => ({ ...p, labels: { en: `Period ${p.period}` } })),
    sources: ['made-up-source'],
  };
}

describe('selectPeriods', () => {
  // "b" is undated and sits between two dated periods: datetime must never pick it.
  const first = madeUpIndicator('first', [
    { period: 'a', referenceDate: '2011-10-09' },
    { period: 'b', referenceDate: null },
    { period: 'c', referenceDate: '2026-01' },
  ]);
  const second = madeUpIndicator('second', [
    { period: 'e', referenceDate: '2015' },
    { period: 'f', referenceDate: null },
  ]);
  const both = [first, second];
  const selection = (period: string | undefined, datetime: string | undefined) => [...selectPeriods(both, period, datetime)];

  it('selects nothing without period or datetime: each feature shows its latest value', () => {
    expect(selection(undefined, undefined)).toEqual([]);
  });

  it('refuses period and datetime together', () => {
    expectInvalid(() => selectPeriods(both, 'a', '2020-01-01'), 'datetime', 'either period or datetime, not both', '2020-01-01');
  });

  it('applies a named period to the indicators that have it only', () => {
    expect(selection('a', undefined)).toEqual([['first', ['a']]]);
    expect(selection('f', undefined)).toEqual([['second', ['f']]]);
  });

  it('applies several named periods, each to its indicators', () => {
    expect(selection('b,e', undefined)).toEqual([['first', ['b']], ['second', ['e']]]);
  });

  it('refuses two named periods of one indicator', () => {
    expectInvalid(() => selectPeriods(both, 'a,c', undefined), 'period', 'one period per indicator (first has a)', 'c');
  });

  it('refuses an unknown period, listing the known ones', () => {
    expectInvalid(() => selectPeriods(both, 'a,x', undefined), 'period', 'periods from a, b, c, e, f', 'x');
    expectInvalid(() => selectPeriods(both, '', undefined), 'period', 'periods from a, b, c, e, f', '');
    expectInvalid(() => selectPeriods(both, 'a,', undefined), 'period', 'periods from a, b, c, e, f', '');
  });

  it('lists each known period once when indicators share it', () => {
    const shared = [madeUpIndicator('one', [{ period: 'p', referenceDate: '2000' }]), madeUpIndicator('two', [{ period: 'p', referenceDate: '2000' }, { period: 'q', referenceDate: null }])];
    expectInvalid(() => selectPeriods(shared, 'z', undefined), 'period', 'periods from p, q', 'z');
    expect([...selectPeriods(shared, 'p', undefined)]).toEqual([['one', ['p']], ['two', ['p']]]);
  });

  it('allows at an instant the dated periods at or before it, never an undated one', () => {
    expect(selection(undefined, '2020-06-01')).toEqual([['first', ['a']], ['second', ['e']]]);
    expect(selection(undefined, '2025-12-31T23:59:59Z')).toEqual([['first', ['a']], ['second', ['e']]]);
    expect(selection(undefined, '2030-01-01')).toEqual([['first', ['a', 'c']], ['second', ['e']]]);
  });

  it('counts a period as started at the start of its year, month or day', () => {
    expect(selection(undefined, '2026-01-01')).toEqual([['first', ['a', 'c']], ['second', ['e']]]);
    expect(selection(undefined, '2011-10-09')).toEqual([['first', ['a']], ['second', []]]);
    expect(selection(undefined, '2015-01-01T00:00:00Z')).toEqual([['first', ['a']], ['second', ['e']]]);
    expect(selection(undefined, '2014-12-31T23:59:59Z')).toEqual([['first', ['a']], ['second', []]]);
  });

  it('allows no period (no value) for an indicator with no dated period yet at the instant', () => {
    expect(selection(undefined, '2011-10-08')).toEqual([['first', []], ['second', []]]);
  });

  it('allows within an interval the dated periods starting in it', () => {
    expect(selection(undefined, '2011-01-01/..')).toEqual([['first', ['a', 'c']], ['second', ['e']]]);
    expect(selection(undefined, '../2020-01-01')).toEqual([['first', ['a']], ['second', ['e']]]);
    expect(selection(undefined, '2012-01-01/2025-12-31')).toEqual([['first', []], ['second', ['e']]]);
    expect(selection(undefined, '2026-01-01/2026-01-31')).toEqual([['first', ['c']], ['second', []]]);
    expect(selection(undefined, '2011-10-09/2011-10-09')).toEqual([['first', ['a']], ['second', []]]);
    expect(selection(undefined, '/')).toEqual([['first', ['a', 'c']], ['second', ['e']]]);
  });

  it('refuses an invalid datetime', () => {
    expectInvalid(() => selectPeriods(both, undefined, '2019-13-45'), 'datetime', 'an RFC 3339 date, date-time or interval', '2019-13-45');
    expectInvalid(() => selectPeriods(both, undefined, '2020-01-01/2019-01-01'), 'datetime', 'an interval whose start is not after its end', '2020-01-01/2019-01-01');
  });
});

/** A made-up layer: only its id and properties matter to parsePropertyList. */
const madeUpLayer: FeatureLayer = {
  id: 'made-up-layer',
  geometryType: 'Polygon',
  subject: null,
  properties: [],
  queryables: [],
  features: [],
};

describe('parsePropertyList', () => {
  const available = ['name', 'country', 'population', 'population_period'];

  it('keeps the order of the schema, not of the request', () => {
    expect(parsePropertyList('population,name', madeUpLayer, available)).toEqual(['name', 'population']);
    expect(parsePropertyList('population_period,country,name', madeUpLayer, available)).toEqual(['name', 'country', 'population_period']);
  });

  it('returns each name once', () => {
    expect(parsePropertyList('name,name,country', madeUpLayer, available)).toEqual(['name', 'country']);
  });

  it('refuses an unknown name, listing the known ones', () => {
    const expected = 'property names of made-up-layer: name, country, population, population_period';
    expectInvalid(() => parsePropertyList('name,altitude', madeUpLayer, available), 'properties', expected, 'altitude');
    expectInvalid(() => parsePropertyList('Name', madeUpLayer, available), 'properties', expected, 'Name');
    expectInvalid(() => parsePropertyList('', madeUpLayer, available), 'properties', expected, '');
    expectInvalid(() => parsePropertyList('name, country', madeUpLayer, available), 'properties', expected, ' country');
  });
});

/** Made-up features around a unit square; none of this is real data. */
function madeUpFeature(id: string, geometry: object | null, bbox: BBox | null, properties: Feature['properties'] = {}): Feature {
  return { id, geometry: geometry === null ? null : JSON.stringify(geometry), bbox, properties };
}

describe('selectFeatures', () => {
  const unitSquare = madeUpFeature('unit-square',
    { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] }, [0, 0, 1, 1],
    { kind: 'square', tags: ['x', 'y'] });
  // Its bounding box is the unit square, its area only the half below the diagonal x + y = 1.
  const triangle = madeUpFeature('triangle',
    { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 1], [0, 0]]] }, [0, 0, 1, 1],
    { kind: 'triangle', tags: ['y', 'z'] });
  const diagonalLine = madeUpFeature('diagonal-line',
    { type: 'LineString', coordinates: [[2, 2], [3, 3]] }, [2, 2, 3, 3],
    { kind: 'line', tags: [] });
  const point = madeUpFeature('point', JSON.parse(pointGeometry(0.5, 0.5)), [0.5, 0.5, 0.5, 0.5], { kind: 'point', tags: ['x'] });
  const noGeometry = madeUpFeature('no-geometry', null, null, { kind: 'square', tags: ['x'] });
  const features = [unitSquare, triangle, diagonalLine, point, noGeometry];
  const ids = (selected: Feature[]) => selected.map((f) => f.id);

  it('returns every feature, in layer order, without bbox or filters', () => {
    expect(ids(selectFeatures(features, undefined, []))).toEqual(['unit-square', 'triangle', 'diagonal-line', 'point', 'no-geometry']);
  });

  it('keeps features whose geometry intersects the bbox', () => {
    expect(ids(selectFeatures(features, [0.4, 0.4, 0.6, 0.6], []))).toEqual(['unit-square', 'triangle', 'point']);
    expect(ids(selectFeatures(features, [2.5, 2.4, 2.6, 2.6], []))).toEqual(['diagonal-line']);
    expect(ids(selectFeatures(features, [-10, -10, 10, 10], []))).toEqual(['unit-square', 'triangle', 'diagonal-line', 'point']);
  });

  it('tests the geometry itself, not only its bounding box', () => {
    // Inside the bbox of the triangle and of the line, but off both shapes.
    expect(ids(selectFeatures(features, [0.8, 0.8, 0.9, 0.9], []))).toEqual(['unit-square']);
    expect(ids(selectFeatures(features, [2.6, 2.1, 2.9, 2.4], []))).toEqual([]);
  });

  it('counts touching the boundary as intersecting', () => {
    expect(ids(selectFeatures(features, [1, 0.2, 1.5, 0.3], []))).toEqual(['unit-square']);
    expect(ids(selectFeatures(features, [0.5, 0.5, 0.5, 0.5], []))).toEqual(['unit-square', 'triangle', 'point']);
  });

  it('gives the same answer when asked twice (geometries parsed once, kept)', () => {
    expect(ids(selectFeatures(features, [0.8, 0.8, 0.9, 0.9], []))).toEqual(['unit-square']);
    expect(ids(selectFeatures(features, [0.8, 0.8, 0.9, 0.9], []))).toEqual(['unit-square']);
    expect(ids(selectFeatures(features, [0, 0, 0.1, 0.1], []))).toEqual(['unit-square', 'triangle']);
  });

  it('never matches a feature without geometry when a bbox is given', () => {
    expect(ids(selectFeatures([noGeometry], [-180, -90, 180, 90], []))).toEqual([]);
  });

  it('splits a bbox across the antimeridian into its two halves', () => {
    const east = madeUpFeature('east-of-180', JSON.parse(pointGeometry(179.5, 0)), [179.5, 0, 179.5, 0]);
    const west = madeUpFeature('west-of-180', JSON.parse(pointGeometry(-179.5, 0)), [-179.5, 0, -179.5, 0]);
    const greenwich = madeUpFeature('greenwich', JSON.parse(pointGeometry(0, 0)), [0, 0, 0, 0]);
    const far = madeUpFeature('east-of-180-north', JSON.parse(pointGeometry(179.5, 20)), [179.5, 20, 179.5, 20]);
    const points = [east, west, greenwich, far];
    expect(ids(selectFeatures(points, [170, -10, -170, 10], []))).toEqual(['east-of-180', 'west-of-180']);
    expect(ids(selectFeatures(points, [179.6, -10, -179.6, 10], []))).toEqual([]);
    expect(ids(selectFeatures(points, [-10, -10, 10, 10], []))).toEqual(['greenwich']);
  });

  const filter = (property: string, value: string): Filter => ({ queryable: { name: property, property, description: 'made up' }, value });

  it('filters by equality of a string property', () => {
    expect(ids(selectFeatures(features, undefined, [filter('kind', 'square')]))).toEqual(['unit-square', 'no-geometry']);
    expect(ids(selectFeatures(features, undefined, [filter('kind', 'Square')]))).toEqual([]);
    expect(ids(selectFeatures(features, undefined, [filter('kind', 'squ')]))).toEqual([]);
  });

  it('filters a list property by membership, not by equality of the whole list', () => {
    expect(ids(selectFeatures(features, undefined, [filter('tags', 'x')]))).toEqual(['unit-square', 'point', 'no-geometry']);
    expect(ids(selectFeatures(features, undefined, [filter('tags', 'z')]))).toEqual(['triangle']);
    expect(ids(selectFeatures(features, undefined, [filter('tags', 'x,y')]))).toEqual([]);
    expect(ids(selectFeatures(features, undefined, [filter('tags', '')]))).toEqual([]);
  });

  it('matches nothing on a property features lack', () => {
    expect(ids(selectFeatures(features, undefined, [filter('missing', 'square')]))).toEqual([]);
  });

  it('requires every filter and the bbox to match', () => {
    expect(ids(selectFeatures(features, undefined, [filter('tags', 'x'), filter('kind', 'square')]))).toEqual(['unit-square', 'no-geometry']);
    expect(ids(selectFeatures(features, [0.4, 0.4, 0.6, 0.6], [filter('tags', 'y')]))).toEqual(['unit-square', 'triangle']);
    expect(ids(selectFeatures(features, [0.4, 0.4, 0.6, 0.6], [filter('tags', 'y'), filter('kind', 'triangle')]))).toEqual(['triangle']);
  });
});
