import { InputError } from '../../vocabulary/input-error.ts';
import { FieldReader, uniqueIds } from './fields.ts';
import { areaKm2, bboxOf, dissolve, readArea, type Area } from './geometry.ts';
import { curatedJson, sourceById, sourceCsv, sourceFeatures, sourcePackageJson, type BuildContext } from './context.ts';
import { alpineCommunes, type CommuneRow } from './alpine-communes.ts';
import { NATIONAL_CODE } from '../../vocabulary/commune-ids.ts';

const PACKAGE = 'etalab-decoupage-administratif';
/**
 * The mirrored files of the 2018 French boundaries: the Alpine Convention's selection for every département,
 * and the whole départements of the first territories, whose polygons are the same (shared data README).
 */
const FRENCH_ALPS = 'ign-communes-alpconv-2018';
const FRENCH_DEPARTEMENTS: Record<string, string> = { '05': 'ign-communes-05-2018', '73': 'ign-communes-73-2018' };
/** The départements of the first territories, which the French files of stations, services and housing cover. */
export const FIRST_DEPARTEMENTS = Object.keys(FRENCH_DEPARTEMENTS);
const ITALIAN_BOUNDARIES = 'openpolis-comuni-torino-2023';

interface PackageCommune {
  code: string;
  nom: string;
  type: string;
  departement: string;
  region: string;
  anciensCodes?: string[];
}
export interface PackageEpci {
  code: string;
  nom: string;
  membres: { code: string }[];
}
export interface TerritoriesFile {
  epci: { id: string; siren: string; source: string }[];
  studyArea: {
    id: string;
    name: string;
    titles: Record<string, string>;
    role: string;
    membersFrom: string;
    source: string;
  };
  pilots: { listSource: string; membersSource: string };
}

/**
 * Imports the current municipalities of the Alpine Convention perimeter and of every territory: French ones
 * dissolved from their 2018 parts, the Italian study area's members even outside the perimeter.
 */
export async function importCommunes(ctx: BuildContext): Promise<string> {
  const french = await frenchCommunes(ctx);
  const italian = await italianCommunes(ctx);
  const others = await alpineCommunes(ctx, italian);
  const insert = ctx.db.prepare(`INSERT INTO communes VALUES
    (@code, @nationalCode, @name, @country, @regionCode, @regionName, @provinceCode, @provinceName, @areaKm2,
     @geometry, @minLon, @minLat, @maxLon, @maxLat, @boundarySource, @boundaryNote, @inAlpineConvention,
     NULL, NULL, NULL, NULL)`);
  const all = [...french, ...italian, ...others];
  for (const c of all) {
    const [minLon, minLat, maxLon, maxLat] = bboxOf(c.area);
    insert.run({
      ...c,
      area: undefined,
      areaKm2: areaKm2(c.area),
      inAlpineConvention: c.inAlpineConvention ? 1 : 0,
      geometry: JSON.stringify(c.area),
      minLon,
      minLat,
      maxLon,
      maxLat,
    });
  }
  const byCountry = new Map<string, number>();
  for (const c of all) byCountry.set(c.country, (byCountry.get(c.country) ?? 0) + 1);
  return `${all.length} communes (${[...byCountry].map(([country, n]) => `${country} ${n}`).join(', ')})`;
}

async function frenchCommunes(ctx: BuildContext): Promise<CommuneRow[]> {
  const { file: territoriesFile, json: territories } = curatedJson<TerritoriesFile>(ctx, 'territories.json');
  const communes = sourcePackageJson(ctx, PACKAGE, 'data/communes.json') as PackageCommune[];
  const epcis = sourcePackageJson(ctx, PACKAGE, 'data/epci.json') as PackageEpci[];
  const departements = sourcePackageJson(ctx, PACKAGE, 'data/departements.json') as { code: string; nom: string }[];
  const regions = sourcePackageJson(ctx, PACKAGE, 'data/regions.json') as { code: string; nom: string }[];
  const current = new Map(communes.filter((c) => c.type === 'commune-actuelle').map((c) => [c.code, c]));

  const members = territories.epci.flatMap(({ siren }) => {
    const epci = epcis.find((e) => e.code === siren);
    if (!epci)
      throw new InputError(
        { file: territoriesFile, feature: siren, field: 'siren' },
        `an EPCI SIREN listed in ${PACKAGE}/data/epci.json`,
        siren,
      );
    return epci.membres.map((m) => m.code);
  });

  const boundaries = await frenchBoundaries(ctx);
  // Every current commune made of 2018 communes in the perimeter's selection, after the EPCIs' members.
  const inAlps = [...current.values()]
    .filter((c) => [c.code, ...(c.anciensCodes ?? [])].some((part) => boundaries.get(part)?.selected))
    .map((c) => c.code);
  const memberSet = new Set(members);
  members.push(...inAlps.filter((code) => !memberSet.has(code)).sort());
  const rows: CommuneRow[] = [];
  for (const code of members) {
    const commune = current.get(code);
    if (!commune)
      throw new InputError(
        { file: `${PACKAGE}/data/communes.json`, feature: code },
        'a current commune for every EPCI member',
      );
    const partCodes = [code, ...(commune.anciensCodes ?? [])].filter((c) => boundaries.has(c));
    if (partCodes.length === 0) {
      const file = sourceById(ctx, FRENCH_DEPARTEMENTS[commune.departement] ?? FRENCH_ALPS).mirrorPath!;
      throw new InputError({ file, feature: code }, `a 2018 boundary for ${commune.nom} or one of its former communes`);
    }
    const parts = partCodes.map((c) => boundaries.get(c)!);
    parts.forEach((p) => {
      p.used = true;
    });
    rows.push({
      code,
      name: commune.nom,
      country: 'FR',
      regionCode: commune.region,
      regionName: nameOf(regions, commune.region, 'data/regions.json'),
      provinceCode: commune.departement,
      provinceName: nameOf(departements, commune.departement, 'data/departements.json'),
      nationalCode: code,
      inAlpineConvention: parts.some((p) => p.selected),
      area: dissolve(parts.map((p) => p.area)),
      boundarySource: parts[0]!.source,
      boundaryNote:
        partCodes.length > 1
          ? `IGN 2018 boundaries of ${partCodes.join(' + ')} dissolved into the current commune`
          : null,
    });
  }
  const merged = rows.filter((r) => r.boundaryNote).map((r) => r.code);
  if (merged.length) ctx.log(`  dissolved 2018 parts into ${merged.length} current communes: ${merged.join(', ')}`);
  const unused = [...boundaries].filter(([, b]) => b.selected && !b.used).map(([code]) => code);
  if (unused.length)
    ctx.log(`  ${unused.length} 2018 communes no current commune of the package is made of, left out: ${unused}`);
  return rows;
}

/**
 * The 2018 polygons by INSEE code: the perimeter's selection, then the whole files of the first départements
 * (the same polygons, under the sources the atlas has cited for them since its first release).
 */
async function frenchBoundaries(ctx: BuildContext) {
  const boundaries = new Map<string, { area: Area; source: string; selected: boolean; used: boolean }>();
  for (const [dept, sourceId] of [['', FRENCH_ALPS], ...Object.entries(FRENCH_DEPARTEMENTS)] as const) {
    const { file, features } = await sourceFeatures(ctx, sourceId);
    const once = uniqueIds(file, 'commune code');
    for (const f of features) {
      const read = new FieldReader(f.properties, { file, feature: f.index });
      const code = read.code('code', NATIONAL_CODE.FR.pattern, NATIONAL_CODE.FR.expected);
      if (!code.startsWith(dept)) read.fail('code', `an INSEE code of département ${dept}`);
      once(code, { feature: f.index }, 'code');
      const area = readArea(f.geometry, { file, feature: `${f.index} (code ${code})` });
      const selected = sourceId === FRENCH_ALPS || (boundaries.get(code)?.selected ?? false);
      boundaries.set(code, { area, source: sourceId, selected, used: false });
    }
  }
  return boundaries;
}

function nameOf(units: { code: string; nom: string }[], code: string, file: string): string {
  const unit = units.find((u) => u.code === code);
  if (!unit)
    throw new InputError(
      { file: `${PACKAGE}/${file}`, feature: code },
      'a name for every region or département code of a commune',
    );
  return unit.nom;
}

async function italianCommunes(ctx: BuildContext): Promise<CommuneRow[]> {
  const { json: territories } = curatedJson<TerritoriesFile>(ctx, 'territories.json');
  const { file: listFile, rows: list } = await sourceCsv(ctx, territories.studyArea.membersFrom);
  const { file, features } = await sourceFeatures(ctx, ITALIAN_BOUNDARIES);
  const byCode = new Map(features.map((f) => [String(f.properties.com_istat_code ?? ''), f]));
  const once = uniqueIds(listFile, 'ISTAT code');
  return list.map(({ line, values }) => {
    const read = new FieldReader(values, { file: listFile, line });
    const code = read.code('istat', NATIONAL_CODE.IT.pattern, NATIONAL_CODE.IT.expected);
    once(code, { line }, 'istat');
    const feature = byCode.get(code) ?? read.fail('istat', `a comune present in ${file}`);
    const props = new FieldReader(feature.properties, { file, feature: `${feature.index} (code ${code})` });
    const name = props.text('name');
    if (name !== read.text('nome_openpolis')) read.fail('nome_openpolis', `the official name "${name}" of ${code}`);
    return {
      code,
      nationalCode: code,
      name,
      country: 'IT' as const,
      regionCode: props.text('reg_istat_code'),
      regionName: props.text('reg_name'),
      provinceCode: props.text('prov_istat_code'),
      provinceName: props.text('prov_name'),
      area: readArea(feature.geometry, { file, feature: `${feature.index} (code ${code})` }),
      boundarySource: ITALIAN_BOUNDARIES,
      boundaryNote: null,
      inAlpineConvention: false,
    };
  });
}
