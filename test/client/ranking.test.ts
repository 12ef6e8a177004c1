import { describe, expect, it } from 'vitest';
import type { ValueRecord } from '../../client/src/api.ts';
import { comparisonTerritory, rankAmong } from '../../client/src/ranking.ts';

/** Hand-written fixture: B and C tie for the highest value, E has none. */
const VALUES = new Map<string, ValueRecord>(
  (
    [
      ['A', 10],
      ['B', 20],
      ['C', 20],
      ['D', 5],
      ['X', 1000],
    ] as const
  ).map(([code, v]) => [code, { value: v, period: 'p', source: 's' }]),
);
const MEMBERS = ['A', 'B', 'C', 'D', 'E'];

describe('rankAmong', () => {
  it('ranks the highest value first; ties share a rank and the next rank is skipped (1, 1, 3, 4)', () => {
    expect(rankAmong('B', MEMBERS, VALUES)).toEqual({ rank: 1, count: 4 });
    expect(rankAmong('C', MEMBERS, VALUES)).toEqual({ rank: 1, count: 4 });
    expect(rankAmong('A', MEMBERS, VALUES)).toEqual({ rank: 3, count: 4 });
    expect(rankAmong('D', MEMBERS, VALUES)).toEqual({ rank: 4, count: 4 });
  });

  it('returns null for a commune without value', () => {
    expect(rankAmong('E', MEMBERS, VALUES)).toBeNull();
    expect(rankAmong('unknown', MEMBERS, VALUES)).toBeNull();
  });

  it('counts only members with a value, and only members', () => {
    // X has the highest value of all but is not a member.
    expect(rankAmong('A', ['A', 'E'], VALUES)).toEqual({ rank: 1, count: 1 });
  });

  it('ranks a value of 0 like any other', () => {
    const withZero = new Map([...VALUES, ['Z', { value: 0, period: 'p', source: 's' }]]);
    expect(rankAmong('Z', [...MEMBERS, 'Z'], withZero)).toEqual({ rank: 5, count: 5 });
  });
});

describe('comparisonTerritory', () => {
  it('is the selected territory when the commune belongs to it', () => {
    expect(comparisonTerritory(['cc-a', 'cc-b'], 'cc-b')).toBe('cc-b');
  });

  it('is the commune’s first territory otherwise', () => {
    expect(comparisonTerritory(['cc-a', 'cc-b'], 'cc-z')).toBe('cc-a');
  });

  it('is null for a commune in no territory', () => {
    expect(comparisonTerritory([], 'cc-a')).toBeNull();
  });
});
