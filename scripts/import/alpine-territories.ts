import type { MultiPolygon } from 'geojson';
import { sourceFeatures, type BuildContext } from './context.ts';
import { FieldReader } from './fields.ts';
import { readArea, type Area } from './geometry.ts';
import type { TerritoryRow } from './territories.ts';

const PERIMETER = 'alpconv-perimeter-2025';
const MICROSTATES = 'natural-earth-li-mc-10m';

/** The countries of the perimeter, in the Convention's usual order, with their names in the five languages. */
const COUNTRIES: Record<string, Record<string, string>> = {
  FR: { en: 'France', fr: 'France', it: 'Francia', de: 'Frankreich', sl: 'Francija' },
  MC: { en: 'Monaco', fr: 'Monaco', it: 'Monaco', de: 'Monaco', sl: 'Monako' },
  IT: { en: 'Italy', fr: 'Italie', it: 'Italia', de: 'Italien', sl: 'Italija' },
  CH: { en: 'Switzerland', fr: 'Suisse', it: 'Svizzera', de: 'Schweiz', sl: 'Švica' },
  LI: { en: 'Liechtenstein', fr: 'Liechtenstein', it: 'Liechtenstein', de: 'Liechtenstein', sl: 'Lihtenštajn' },
  DE: { en: 'Germany', fr: 'Allemagne', it: 'Germania', de: 'Deutschland', sl: 'Nemčija' },
  AT: { en: 'Austria', fr: 'Autriche', it: 'Austria', de: 'Österreich', sl: 'Avstrija' },
  SI: { en: 'Slovenia', fr: 'Slovénie', it: 'Slovenia', de: 'Slowenien', sl: 'Slovenija' },
};
const CONVENTION = {
  en: 'Alpine Convention',
  fr: 'Convention alpine',
  it: 'Convenzione delle Alpi',
  de: 'Alpenkonvention',
  sl: 'Alpska konvencija',
};

/**
 * The Alpine Convention perimeter and each country's part of it. The perimeter's members are the municipalities
 * the interior-point rule selects; its outline is the Convention's own. A country's part has that country's
 * members and no outline of its own (the perimeter cut by each border is not in the mirror), only its members'
 * bounding box; Liechtenstein and Monaco have their country outline and no municipality (none is mirrored).
 */
export async function alpineConventionTerritories(ctx: BuildContext): Promise<TerritoryRow[]> {
  const members = ctx.db
    .prepare('SELECT code, country FROM communes WHERE in_alpine_convention = 1 ORDER BY code')
    .all() as { code: string; country: string }[];
  const perimeter = await sourceFeatures(ctx, PERIMETER);
  const polygons = perimeter.features.map((f) => readArea(f.geometry, { file: perimeter.file, feature: f.index }));
  const common = {
    officialCode: null,
    partner: null,
    evidenceUrl: 'https://atlas.alpconv.org/layers/geonode:Alpine_Convention_Perimeter_2025',
    sourceId: PERIMETER,
  };
  const rows: TerritoryRow[] = [
    {
      ...common,
      id: 'alpine-convention',
      kind: 'alpine-convention',
      name: CONVENTION.en,
      titles: CONVENTION,
      country: Object.keys(COUNTRIES).join(' '),
      role: 'The area of application of the Alpine Convention (perimeter edition 2025)',
      boundaryNote: 'the Convention’s perimeter, 2025 edition; members by the interior point of their boundary',
      area: multiPolygon(polygons),
      boundarySourceId: PERIMETER,
      members: members.map((m) => m.code),
    },
  ];
  const outlines = await microstateOutlines(ctx);
  for (const [country, names] of Object.entries(COUNTRIES)) {
    const outline = outlines.get(country) ?? null;
    rows.push({
      ...common,
      id: `alpine-convention-${country.toLowerCase()}`,
      kind: 'alpine-convention-part',
      name: `${CONVENTION.en}: ${names.en}`,
      titles: Object.fromEntries(Object.entries(CONVENTION).map(([lang, c]) => [lang, `${c}: ${names[lang]}`])),
      country,
      role: 'The part of the Alpine Convention perimeter in one country',
      boundaryNote: outline
        ? 'the country’s outline (Natural Earth 1:10m); its municipalities are not in the mirror'
        : 'no outline of its own: the bounding box of its member municipalities',
      area: outline,
      boundarySourceId: outline ? MICROSTATES : null,
      members: members.filter((m) => m.country === country).map((m) => m.code),
    });
  }
  return rows;
}

function multiPolygon(areas: Area[]): MultiPolygon {
  return {
    type: 'MultiPolygon',
    coordinates: areas.flatMap((a) => (a.type === 'Polygon' ? [a.coordinates] : a.coordinates)),
  };
}

async function microstateOutlines(ctx: BuildContext): Promise<Map<string, Area>> {
  const { file, features } = await sourceFeatures(ctx, MICROSTATES);
  return new Map(
    features.map((f) => {
      const read = new FieldReader(f.properties, { file, feature: f.index });
      const country = read.oneOf('country', ['LI', 'MC']);
      return [country, readArea(f.geometry, { file, feature: `${f.index} (${country})` })];
    }),
  );
}
