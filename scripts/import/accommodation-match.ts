/** A commune of the COG package: a current one, or a former one (commune déléguée or associée) with its chef-lieu. */
export interface CogCommune {
  code: string;
  nom: string;
  type: string;
  chefLieu?: string;
  codesPostaux?: string[];
}

/**
 * A locality of the register that is no commune's name, tied to its commune by the team
 * (data/accommodation-localities.json).
 */
export interface LocalityAlias {
  locality: string;
  postcode: string;
  /** For a row whose locality is empty or "-": the establishment's name as written in the register. */
  establishment?: string;
  commune: string;
  evidence: string;
}

export interface RegisterRow {
  locality: string;
  postcode: string;
  establishment: string;
  /** The commune the mirror's derived file matched, if any. */
  derived: string | null;
  derivedMethod: string;
}

export type Match = { commune: string; how: string } | { commune: null; why: string };

/** Upper-case letters and digits separated by single spaces: "Fontcouverte-la-Toussuire" and "LA TOUSSUIRE" compare. */
export const normalise = (name: string) =>
  name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/\bST\b/g, 'SAINT')
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();

/**
 * Matches a row of the Atout France register to a current commune, in order: the mirror's own match; a current or
 * former commune of that name that has the row's postcode (former communes resolve to their chef-lieu); the one
 * current commune with the postcode whose name holds the locality as whole words (Vallouise in
 * Vallouise-Pelvoux); a curated alias. Anything else stays unmatched, with the reason.
 */
export function matcher(cog: CogCommune[], aliases: LocalityAlias[]) {
  const current = cog
    .filter((c) => c.type === 'commune-actuelle')
    .map((c) => ({ ...c, words: ` ${normalise(c.nom)} ` }));
  const postcodes = new Map(current.map((c) => [c.code, c.codesPostaux ?? []]));
  const byName = new Map<string, CogCommune[]>();
  for (const c of cog) {
    const name = normalise(c.nom);
    byName.set(name, [...(byName.get(name) ?? []), c]);
  }
  const hasPostcode = (code: string, postcode: string) => postcodes.get(code)?.includes(postcode) ?? false;
  return (row: RegisterRow): Match => {
    if (row.derived !== null) return { commune: row.derived, how: `mirror (${row.derivedMethod})` };
    const locality = normalise(row.locality);
    if (locality !== '') {
      const named = (byName.get(locality) ?? [])
        .map((c) => ({ code: c.chefLieu ?? c.code, former: c.type !== 'commune-actuelle' }))
        .filter((c) => hasPostcode(c.code, row.postcode));
      if (named.length === 1)
        return {
          commune: named[0]!.code,
          how: named[0]!.former ? 'former commune (COG), its chef-lieu' : 'name and postcode (COG)',
        };
      const part = current.filter((c) => hasPostcode(c.code, row.postcode) && c.words.includes(` ${locality} `));
      if (part.length === 1)
        return { commune: part[0]!.code, how: "locality is part of the commune's name, with its postcode (COG)" };
    }
    const alias = aliases.find(
      (a) =>
        normalise(a.locality) === locality &&
        a.postcode === row.postcode &&
        (a.establishment === undefined || normalise(a.establishment) === normalise(row.establishment)),
    );
    if (alias) return { commune: alias.commune, how: 'curated alias (data/accommodation-localities.json)' };
    const withPostcode = current.filter((c) => hasPostcode(c.code, row.postcode)).map((c) => c.nom);
    return {
      commune: null,
      why:
        `no commune named so, nor one with postcode ${row.postcode} whose name holds it, and no curated alias` +
        ` (postcode ${row.postcode}: ${withPostcode.join(', ') || 'no commune'})`,
    };
  };
}
