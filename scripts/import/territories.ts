import { InputError } from '../../vocabulary/input-error.ts';
import { FieldReader, uniqueIds } from './fields.ts';
import { bboxOf, dissolve, type Area } from './geometry.ts';
import { curatedJson, sourceCsv, sourcePackageJson, type BuildContext } from './context.ts';
import type { PackageEpci, TerritoriesFile } from './communes.ts';
import { alpineConventionTerritories } from './alpine-territories.ts';
import { pilotMembers } from './pilot-members.ts';

export interface TerritoryRow {
  id: string;
  kind:
    | 'alpine-convention'
    | 'alpine-convention-part'
    | 'epci'
    | 'study-area'
    | 'pilot-municipality'
    | 'pilot-region'
    | 'pilot-site';
  name: string;
  titles: Record<string, string> | null;
  country: string;
  officialCode: string | null;
  role: string | null;
  partner: string | null;
  evidenceUrl: string | null;
  boundaryNote: string | null;
  area: Area | null;
  sourceId: string;
  boundarySourceId: string | null;
  members: string[];
}

/**
 * Imports the Alpine Convention perimeter and its country parts, the EPCIs and the study area, and the PlurAlps
 * pilots, each with its member communes.
 */
export async function importTerritories(ctx: BuildContext): Promise<string> {
  const { json: config } = curatedJson<TerritoriesFile>(ctx, 'territories.json');
  const rows = [
    ...(await alpineConventionTerritories(ctx)),
    ...epcis(ctx, config),
    await studyArea(ctx, config),
    ...(await pilots(ctx, config)),
  ];
  const insert = ctx.db.prepare(`INSERT INTO territories VALUES (@id, @kind, @name, @titles, @country, @officialCode,
    @role, @partner, @evidenceUrl, @boundaryNote, @geometry, @minLon, @minLat, @maxLon, @maxLat, @sourceId,
    @boundarySourceId)`);
  const member = ctx.db.prepare('INSERT INTO territory_communes VALUES (?, ?)');
  for (const t of rows) {
    const [minLon, minLat, maxLon, maxLat] = t.area ? bboxOf(t.area) : membersBox(ctx, t.members);
    insert.run({
      ...t,
      members: undefined,
      area: undefined,
      titles: t.titles && JSON.stringify(t.titles),
      geometry: t.area && JSON.stringify(t.area),
      minLon,
      minLat,
      maxLon,
      maxLat,
    });
    t.members.forEach((code) => {
      member.run(t.id, code);
    });
  }
  const count = (kind: string) => rows.filter((r) => r.kind.startsWith(kind)).length;
  const withoutBoundary = rows.filter((r) => !r.area).length;
  const withoutMembers = rows.filter((r) => r.members.length === 0).map((r) => r.id);
  return (
    `${rows.length} territories (Alpine Convention and its parts ${count('alpine')}, EPCI ${count('epci')}, ` +
    `study area ${count('study')}, PlurAlps pilots ${count('pilot')}; ${withoutBoundary} without an outline; ` +
    `without a municipality in the atlas: ${withoutMembers.join(', ')})`
  );
}

/** A territory without an outline of its own is framed by its members' box (null without members). */
function membersBox(ctx: BuildContext, members: string[]): (number | null)[] {
  if (members.length === 0) return [null, null, null, null];
  const box = ctx.db.prepare(`SELECT min(min_lon), min(min_lat), max(max_lon), max(max_lat) FROM communes
    WHERE code IN (SELECT value FROM json_each(?))`);
  return box.raw().get(JSON.stringify(members)) as number[];
}

export function communeArea(ctx: BuildContext, codes: string[]): { area: Area; boundarySourceId: string | null } {
  const select = ctx.db.prepare('SELECT geometry, boundary_source_id FROM communes WHERE code = ?');
  const found = codes.map((code) => select.get(code) as { geometry: string; boundary_source_id: string });
  const sources = [...new Set(found.map((f) => f.boundary_source_id))];
  return {
    area: dissolve(found.map((f) => JSON.parse(f.geometry) as Area)),
    boundarySourceId: sources.length === 1 ? sources[0]! : null,
  };
}

function epcis(ctx: BuildContext, config: TerritoriesFile): TerritoryRow[] {
  const lists = new Map<string, PackageEpci[]>();
  const listOf = (source: string) => {
    if (!lists.has(source)) lists.set(source, sourcePackageJson(ctx, source, 'data/epci.json') as PackageEpci[]);
    return lists.get(source)!;
  };
  return config.epci.map(({ id, siren, source }) => {
    const epci = listOf(source).find((e) => e.code === siren)!;
    const members = epci.membres.map((m) => m.code);
    return {
      id,
      kind: 'epci',
      name: epci.nom,
      titles: null,
      country: 'FR',
      officialCode: siren,
      role: 'Établissement public de coopération intercommunale (communauté de communes)',
      partner: null,
      evidenceUrl: null,
      boundaryNote: 'union of the member communes’ boundaries',
      ...communeArea(ctx, members),
      sourceId: source,
      members,
    };
  });
}

async function studyArea(ctx: BuildContext, config: TerritoriesFile): Promise<TerritoryRow> {
  const { id, name, titles, role, membersFrom, source } = config.studyArea;
  const { rows } = await sourceCsv(ctx, membersFrom);
  const members = rows.map((r) => r.values.istat!);
  return {
    id,
    kind: 'study-area',
    name,
    titles,
    country: 'IT',
    officialCode: null,
    role,
    partner: null,
    evidenceUrl: null,
    boundaryNote: 'union of the member comuni’s boundaries',
    ...communeArea(ctx, members),
    sourceId: source,
    members,
  };
}

const PILOT_KINDS: [RegExp, TerritoryRow['kind']][] = [
  [/pilot municipality/i, 'pilot-municipality'],
  [/pilot region/i, 'pilot-region'],
  [/pilot site/i, 'pilot-site'],
];

export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\(.*?\)/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

async function pilots(ctx: BuildContext, config: TerritoriesFile): Promise<TerritoryRow[]> {
  const { listSource, membersSource } = config.pilots;
  const { file, rows } = await sourceCsv(ctx, listSource);
  const resolved = pilotMembers(ctx, membersSource);
  const once = uniqueIds(file, 'pilot');
  const identified = rows.filter(({ values }) => values.country !== '?');
  const skipped = rows.filter(({ values }) => values.country === '?');
  for (const { line, values } of skipped) {
    ctx.log(`  ${file} line ${line}: "${values.name}" is not identified in the source; not imported`);
  }

  const territories = identified.map(({ line, values }): TerritoryRow => {
    const read = new FieldReader(values, { file, line });
    const name = read.text('name');
    const type = read.text('type');
    const kind =
      PILOT_KINDS.find(([pattern]) => pattern.test(type))?.[1] ??
      read.fail('type', 'a pilot municipality, pilot region or pilot site');
    const id = `pluralps-${slug(name)}`;
    once(id, { line }, 'name');
    const country = read.code('country', /^[A-Z]{2}$/, 'a two-letter country code');
    const pilot = resolved.of(name, country);
    return {
      id,
      kind,
      name,
      titles: null,
      country,
      officialCode: kind === 'pilot-municipality' && pilot.members.length === 1 ? pilot.nationalCodes[0]! : null,
      role: type,
      partner: read.optionalText('partner_or_programme'),
      evidenceUrl: read.text('evidence_url'),
      boundaryNote: `${pilot.members.length ? 'union of the members’ boundaries' : 'no outline'}; ${pilot.note}`,
      ...(pilot.members.length ? communeArea(ctx, pilot.members) : { area: null, boundarySourceId: null }),
      sourceId: listSource,
      members: pilot.members,
    };
  });
  const unused = resolved.unused();
  if (unused.length)
    throw new InputError({ file: membersSource, field: 'name' }, `a pilot of ${file}`, unused.join(', '));
  return territories;
}
