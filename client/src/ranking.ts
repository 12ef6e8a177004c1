import type { ValueRecord } from './api.ts';

/**
 * Rank of a commune among others by value, highest first; equal values share a rank (1, 2, 2, 4).
 * Null when the commune has no value. count is the number of communes with a value.
 */
export function rankAmong(
  code: string,
  members: string[],
  values: Map<string, ValueRecord>,
): { rank: number; count: number } | null {
  const own = values.get(code)?.value;
  if (own === undefined) return null;
  const present = members.map((m) => values.get(m)?.value).filter((v): v is number => v !== undefined);
  return { rank: 1 + present.filter((v) => v > own).length, count: present.length };
}

/**
 * The territory a commune is compared with: the selected one when the commune belongs to it, else the
 * first it belongs to (its intercommunality or study area).
 */
export function comparisonTerritory(communeTerritories: string[], selected: string): string | null {
  return communeTerritories.includes(selected) ? selected : (communeTerritories[0] ?? null);
}

/** The territory a commune is compared with, as the page has it: id, name and the codes of its communes. */
export interface Comparison {
  id: string;
  name: string;
  members: string[];
}
