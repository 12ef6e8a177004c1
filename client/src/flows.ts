import type { FlowFilter } from './state.ts';

/** A flow as /ogc/collections/flows gives it; a flow to a country has no line to draw. */
export interface FlowProperties {
  kind: string;
  origin_code: string;
  origin_name: string;
  destination_code: string | null;
  destination_name: string | null;
  destination_country: string;
  cross_border: boolean;
  period: string;
  value: number;
  source: string;
}

/** The flows a filter keeps: of the kinds chosen, in the direction chosen, of at least `min` people. */
export function filterFlows<F extends { properties: FlowProperties }>(flows: F[], filter: FlowFilter): F[] {
  const kinds = new Set<string>(filter.kinds);
  return flows.filter(
    ({ properties: p }) =>
      kinds.has(p.kind) &&
      (filter.direction === 'all' || p.cross_border === (filter.direction === 'cross-border')) &&
      p.value >= filter.min,
  );
}

export interface FlowTotals {
  /** People coming from other communes or countries. */
  in: number;
  /** People going to other communes or countries, of whom `outAbroad` across the border. */
  out: number;
  outAbroad: number;
  /** People whose destination is the commune itself (its own hospital, its own jobs). */
  within: number;
  /** Number of flows counted. */
  flows: number;
}

/** A commune's totals over the given flows: in, out (and out across the border) and within. */
export function flowTotals(flows: FlowProperties[], code: string): FlowTotals {
  const totals: FlowTotals = { in: 0, out: 0, outAbroad: 0, within: 0, flows: 0 };
  for (const f of flows) {
    const from = f.origin_code === code;
    const to = f.destination_code === code;
    if (!from && !to) continue;
    totals.flows += 1;
    if (from && to) totals.within += f.value;
    else if (from) {
      totals.out += f.value;
      if (f.cross_border) totals.outAbroad += f.value;
    } else totals.in += f.value;
  }
  return totals;
}

/** What the legend's flows key says: the flows kept, and whether computed potential flows are among them. */
export interface FlowsKey {
  count: number;
  people: number;
  potential: boolean;
}

export function flowsKeyOf(flows: FlowProperties[]): FlowsKey {
  return {
    count: flows.length,
    people: flows.reduce((sum, f) => sum + f.value, 0),
    potential: flows.some((f) => f.kind === 'nearest-hospital'),
  };
}

/** Line width in pixels: area-like (square root) scaling, so a flow of four times the people is twice as wide. */
export function flowWidth(value: number, largest: number, maxPixels = 12, minPixels = 1): number {
  if (largest <= 0) return minPixels;
  return minPixels + (maxPixels - minPixels) * Math.sqrt(Math.max(0, value) / largest);
}
