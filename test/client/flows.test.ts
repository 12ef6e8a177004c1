import { describe, expect, it } from 'vitest';
import { filterFlows, flowsKeyOf, flowTotals, flowWidth, type FlowProperties } from '../../client/src/flows.ts';

/** Hand-written flows between made-up communes A, B and C of FR and a country IT. */
const flow = (
  origin: string,
  destination: string | null,
  value: number,
  kind = 'nearest-hospital',
  crossBorder = false,
): { properties: FlowProperties } => ({
  properties: {
    kind,
    origin_code: origin,
    origin_name: origin,
    destination_code: destination,
    destination_name: destination,
    destination_country: crossBorder ? 'IT' : 'FR',
    cross_border: crossBorder,
    period: 'p',
    value,
    source: 's',
  },
});
const FLOWS = [
  flow('A', 'B', 100),
  flow('B', 'B', 40),
  flow('C', 'B', 7, 'patient'),
  flow('A', null, 30, 'commute', true),
  flow('B', 'A', 5, 'commute'),
];
const ALL = {
  kinds: ['nearest-hospital', 'commute', 'study', 'patient', 'other'] as const,
  direction: 'all' as const,
  min: 0,
};

describe('filterFlows', () => {
  it('keeps every flow with the default filter', () => {
    expect(filterFlows(FLOWS, { ...ALL, kinds: [...ALL.kinds] })).toHaveLength(5);
  });

  it('keeps the kinds chosen, the direction chosen and flows of at least min people', () => {
    expect(filterFlows(FLOWS, { ...ALL, kinds: ['commute'] }).map((f) => f.properties.value)).toEqual([30, 5]);
    expect(
      filterFlows(FLOWS, { ...ALL, kinds: [...ALL.kinds], direction: 'cross-border' }).map((f) => f.properties.value),
    ).toEqual([30]);
    expect(filterFlows(FLOWS, { ...ALL, kinds: [...ALL.kinds], direction: 'domestic' })).toHaveLength(4);
    expect(filterFlows(FLOWS, { ...ALL, kinds: [...ALL.kinds], min: 30 }).map((f) => f.properties.value)).toEqual([
      100, 40, 30,
    ]);
    expect(filterFlows(FLOWS, { ...ALL, kinds: [] })).toEqual([]);
  });
});

describe('flowTotals', () => {
  const all = FLOWS.map((f) => f.properties);
  it('counts in, out (and across the border) and within for a commune', () => {
    expect(flowTotals(all, 'A')).toEqual({ in: 5, out: 130, outAbroad: 30, within: 0, flows: 3 });
    expect(flowTotals(all, 'B')).toEqual({ in: 107, out: 5, outAbroad: 0, within: 40, flows: 4 });
    expect(flowTotals(all, 'C')).toEqual({ in: 0, out: 7, outAbroad: 0, within: 0, flows: 1 });
  });

  it('gives zeros and no flows for a commune no flow touches', () => {
    expect(flowTotals(all, 'D')).toEqual({ in: 0, out: 0, outAbroad: 0, within: 0, flows: 0 });
  });
});

describe('flowsKeyOf', () => {
  const kept = (flows: { properties: FlowProperties }[]) => flows.map((f) => f.properties);

  it('counts the flows and their people, and says whether computed potential flows are among them', () => {
    expect(flowsKeyOf(kept(FLOWS))).toEqual({ count: 5, people: 182, potential: true });
    const commuting = kept(filterFlows(FLOWS, { ...ALL, kinds: ['commute'] }));
    expect(flowsKeyOf(commuting)).toEqual({ count: 2, people: 35, potential: false });
  });

  it('is an empty key when the filter keeps no flow', () => {
    expect(flowsKeyOf([])).toEqual({ count: 0, people: 0, potential: false });
  });
});

describe('flowWidth', () => {
  it('scales with the square root of the people, from the minimum to the maximum width', () => {
    expect(flowWidth(100, 100)).toBe(12);
    expect(flowWidth(0, 100)).toBe(1);
    expect(flowWidth(25, 100)).toBeCloseTo(1 + 11 * 0.5);
    expect(flowWidth(5, 0)).toBe(1);
  });
});
