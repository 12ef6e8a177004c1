import { describe, expect, it } from 'vitest';
import { ApiError } from '../../server/api-error.ts';
import { BBOX_PATTERN, parseBbox } from '../../server/ogc/items-query.ts';
import { expectInvalid } from '../helpers/expect-api-error.ts';

const BBOX_EXPECTED = 'west,south,east,north in degrees (WGS84), south ≤ north, latitudes from -90 to 90';

describe('BBOX_PATTERN (the schema of the bbox parameter)', () => {
  const pattern = new RegExp(BBOX_PATTERN);
  it.each(['5.8,44.35,7.8,45.65', '-180,-90,180,90', '6,44,7,46', '6e0,4.4e1,7E+0,4.6e1', '1.5e-3,0,2,1'])(
    'accepts %s',
    (text) => {
      expect(pattern.test(text)).toBe(true);
    },
  );
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

  it.each(['0,-90.5,1,0', '0,0,1,91', '0,-91,1,91', '-180.1,0,0,1', '0,0,180.5,1', '181,0,182,1'])(
    'refuses coordinates out of range: %s',
    (text) => {
      expectInvalid(() => parseBbox(text), 'bbox', BBOX_EXPECTED, text);
    },
  );

  it.each(['a,b,c,d', '1,2,3', '1,2,3,4,5', '1,2,x,4', '1e400,0,1,1', '0,0,1,-1e400', 'NaN,0,1,1'])(
    'refuses what is not four finite numbers: %s',
    (text) => {
      expectInvalid(() => parseBbox(text), 'bbox', BBOX_EXPECTED, text);
    },
  );

  it('refuses an overflowing exponent although the pattern lets it through', () => {
    expect(new RegExp(BBOX_PATTERN).test('1e400,0,1,1')).toBe(true);
    expect(() => parseBbox('1e400,0,1,1')).toThrow(ApiError);
  });
});
