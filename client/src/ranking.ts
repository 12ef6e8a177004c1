import type { IndicatorValue } from './api.ts';

/**
 * Rank of a commune among others by value, highest first; equal values share a rank (1, 2, 2, 4).
 * Null when the commune has no value. count is the number of communes with a value.
 */
export function rankAmong(code: string, members: string[], values: Map<string, IndicatorValue>): { rank: number; count: number } | null {
  const own = values.get(code)?.value;
  if (own === undefined) return null;
  const present = members.map((m) => values.get(m)?.value).filter((v): v is number => v !== undefined);
  return { rank: 1 + present.filter((v) => v > own).length, count: present.length };
}

/** Median of the members' values, or null when none has one. */
export function medianAmong(members: string[], values: Map<string, IndicatorValue>): number | null {
  const sorted = members.map((m) => values.get(m)?.value).filter((v): v is number => v !== undefined).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * The territory a commune is compared with: the selected one when the commune belongs to it, else the
 * first it belongs to (its intercommunality or study area).
 */
export function comparisonTerritory(communeTerritories: string[], selected: string): string | null {
  return communeTerritories.includes(selected) ? selected : (communeTerritories[0] ?? null);
}
