import { InputError } from '../../vocabulary/input-error.ts';
import { FieldReader, uniqueIds } from './fields.ts';
import { areaKm2, bboxOf, dissolve, readArea, type Area } from './geometry.ts';
import { curatedJson, sourceById, sourceCsv, sourceFeatures, sourcePackageJson, type BuildContext } from './context.ts';

const PACKAGE = 'etalab-decoupage-administratif';
/** Which mirrored file holds the 2018 boundaries of each French département in the atlas. */
const FRENCH_BOUNDARIES: Record<string, string> = { '05': 'ign-communes-05-2018', '73': 'ign-communes-73-2018' };
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
  pilots: { listSource: string; boundarySource: string };
}

interface CommuneRow {
  code: string;
  name: string;
  country: 'FR' | 'IT';
  regionCode: string;
  regionName: string;
  provinceCode: string;
  provinceName: string;
  area: Area;
  boundarySource: string;
  boundaryNote: string | null;
}

/** Imports the current communes of every territory, French ones dissolved from their 2018 parts. */
export async function importCommunes(ctx: BuildContext): Promise<string> {
  const french = await frenchCommunes(ctx);
  const italian = await italianCommunes(ctx);
  const insert = ctx.db.prepare(`INSERT INTO communes VALUES
    (@code, @name, @country, @regionCode, @regionName, @provinceCode, @provinceName, @areaKm2, @geometry,
     @minLon, @minLat, @maxLon, @maxLat, @boundarySource, @boundaryNote, NULL, NULL, NULL, NULL)`);
  for (const c of [...french, ...italian]) {
    const [minLon, minLat, maxLon, maxLat] = bboxOf(c.area);
    insert.run({
      ...c,
      area: undefined,
      areaKm2: areaKm2(c.area),
      geometry: JSON.stringify(c.area),
      minLon,
      minLat,
      maxLon,
      maxLat,
    });
  }
  return `${french.length + italian.length} communes (FR ${french.length}, IT ${italian.length})`;
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

  const boundaries = new Map<string, { area: Area; file: string; used: boolean }>();
  for (const [dept, sourceId] of Object.entries(FRENCH_BOUNDARIES)) {
    const { file, features } = await sourceFeatures(ctx, sourceId);
    const once = uniqueIds(file, 'commune code');
    for (const f of features) {
      const read = new FieldReader(f.properties, { file, feature: f.index });
      const code = read.code('code', /^\d[\dAB]\d{3}$/, 'a five-character INSEE commune code');
      if (!code.startsWith(dept)) read.fail('code', `an INSEE code of département ${dept}`);
      once(code, { feature: f.index }, 'code');
      boundaries.set(code, {
        area: readArea(f.geometry, { file, feature: `${f.index} (code ${code})` }),
        file,
        used: false,
      });
    }
  }

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
      const source = FRENCH_BOUNDARIES[commune.departement];
      const file = source
        ? sourceById(ctx, source).mirrorPath!
        : `a boundary file for département ${commune.departement}`;
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
      area: dissolve(parts.map((p) => p.area)),
      boundarySource: FRENCH_BOUNDARIES[commune.departement]!,
      boundaryNote:
        partCodes.length > 1
          ? `IGN 2018 boundaries of ${partCodes.join(' + ')} dissolved into the current commune`
          : null,
    });
  }
  const merged = rows.filter((r) => r.boundaryNote).map((r) => r.code);
  if (merged.length) ctx.log(`  dissolved 2018 parts into ${merged.length} current communes: ${merged.join(', ')}`);
  return rows;
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
    const code = read.code('istat', /^\d{6}$/, 'a six-digit ISTAT comune code');
    once(code, { line }, 'istat');
    const feature = byCode.get(code) ?? read.fail('istat', `a comune present in ${file}`);
    const props = new FieldReader(feature.properties, { file, feature: `${feature.index} (code ${code})` });
    const name = props.text('name');
    if (name !== read.text('nome_openpolis')) read.fail('nome_openpolis', `the official name "${name}" of ${code}`);
    return {
      code,
      name,
      country: 'IT' as const,
      regionCode: props.text('reg_istat_code'),
      regionName: props.text('reg_name'),
      provinceCode: props.text('prov_istat_code'),
      provinceName: props.text('prov_name'),
      area: readArea(feature.geometry, { file, feature: `${feature.index} (code ${code})` }),
      boundarySource: ITALIAN_BOUNDARIES,
      boundaryNote: null,
    };
  });
}
