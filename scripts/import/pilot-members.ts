import { communeId, NATIONAL_CODE, type MunicipalityCountry } from '../../vocabulary/commune-ids.ts';
import { InputError } from '../../vocabulary/input-error.ts';
import { curatedJson, sourceById, type BuildContext } from './context.ts';

interface PilotMembersFile {
  pilots: {
    name: string;
    country: string;
    members: { code: string; name: string }[];
    evidence: string[];
    membership: string;
    resolved: boolean;
  }[];
}

export interface ResolvedPilot {
  /** Atlas commune ids. */
  members: string[];
  nationalCodes: string[];
  /** How the members were read, and the pages that say so. */
  note: string;
}

/**
 * data/pilot-members.json: each PlurAlps pilot's member municipalities as national codes, with the evidence of
 * the membership. Every member must be a commune of the atlas under the same name; an unresolved pilot says why.
 */
export function pilotMembers(ctx: BuildContext, sourceId: string) {
  const file = sourceById(ctx, sourceId).curatedPath!;
  const { file: path, json } = curatedJson<PilotMembersFile>(ctx, file);
  const nameOf = ctx.db.prepare('SELECT name FROM communes WHERE code = ?').pluck();
  const used = new Set<string>();
  const of = (name: string, country: string): ResolvedPilot => {
    const pilot = json.pilots.find((p) => p.name === name);
    const fail = (field: string, expected: string, got?: unknown): never => {
      throw new InputError({ file: path, feature: name, field }, expected, got);
    };
    if (!pilot) return fail('name', 'a row for every pilot of the pilots list');
    used.add(name);
    if (pilot.country !== country) fail('country', `the pilots list's country ${country}`, pilot.country);
    if (!Array.isArray(pilot.evidence) || pilot.evidence.length === 0) fail('evidence', 'at least one page');
    if (typeof pilot.membership !== 'string' || pilot.membership.length < 30)
      fail('membership', 'a sentence saying how the members were read');
    if (pilot.resolved !== pilot.members.length > 0) fail('resolved', 'true exactly when members are listed');
    const national = NATIONAL_CODE[country as MunicipalityCountry];
    const members = pilot.members.map(({ code, name: memberName }) => {
      if (!national?.pattern.test(code)) fail('members.code', national?.expected ?? 'a country of the atlas', code);
      const id = communeId(country as MunicipalityCountry, code);
      const atlasName = nameOf.get(id);
      if (atlasName !== memberName) fail('members.name', `the atlas's commune ${id} named "${memberName}"`, atlasName);
      return id;
    });
    return {
      members,
      nationalCodes: pilot.members.map((m) => m.code),
      note: `${pilot.membership} (${pilot.evidence.join(' ; ')})`,
    };
  };
  return { of, unused: () => json.pilots.filter((p) => !used.has(p.name) && p.resolved).map((p) => p.name) };
}
