import { communeId, NATIONAL_CODE, type MunicipalityCountry } from '../../vocabulary/commune-ids.ts';
import type { BuildContext } from './context.ts';
import { sourceFeatures } from './context.ts';
import { FieldReader, uniqueIds } from './fields.ts';
import { readArea, type Area } from './geometry.ts';

export interface CommuneRow {
  code: string;
  nationalCode: string;
  name: string;
  country: MunicipalityCountry;
  regionCode: string | null;
  regionName: string | null;
  provinceCode: string | null;
  provinceName: string | null;
  area: Area;
  boundarySource: string;
  boundaryNote: string | null;
  inAlpineConvention: boolean;
}

/**
 * The municipalities of the Alpine Convention perimeter in the countries whose files give only a code and a name
 * (the shared data README, "alps/boundaries/"): each file holds the selection already, by one stated rule.
 */
const FILES: { country: MunicipalityCountry; source: string }[] = [
  { country: 'IT', source: 'openpolis-comuni-alpconv-2023' },
  { country: 'CH', source: 'swissmaps-gemeinden-alpconv-2026' },
  { country: 'AT', source: 'statistik-austria-gemeinden-alpconv-2021' },
  { country: 'DE', source: 'bkg-vg5000-gemeinden-alpconv-2021' },
  { country: 'SI', source: 'gurs-obcine-alpconv-2021' },
];

/**
 * Reads those files; the Italian comuni already imported with their region and province (the study area) are
 * only marked as in the perimeter. A municipality the source leaves unnamed (FSO 5395) is named by its number,
 * and says so.
 */
export async function alpineCommunes(ctx: BuildContext, imported: CommuneRow[]): Promise<CommuneRow[]> {
  const already = new Map(imported.map((c) => [c.code, c]));
  const rows: CommuneRow[] = [];
  for (const { country, source } of FILES) {
    const { file, features } = await sourceFeatures(ctx, source);
    const once = uniqueIds(file, 'municipality code');
    for (const f of features) {
      const read = new FieldReader(f.properties, { file, feature: f.index });
      const nationalCode = read.code('code', NATIONAL_CODE[country].pattern, NATIONAL_CODE[country].expected);
      once(nationalCode, { feature: f.index }, 'code');
      if (read.text('country') !== country) read.fail('country', `the country ${country} of the file`);
      const code = communeId(country, nationalCode);
      const known = already.get(code);
      if (known) {
        known.inAlpineConvention = true;
        continue;
      }
      const name = read.optionalText('name');
      rows.push({
        code,
        nationalCode,
        name: name ?? `${country} ${nationalCode}`,
        country,
        regionCode: null,
        regionName: null,
        // An ISTAT comune code begins with its province's three-digit code.
        provinceCode: country === 'IT' ? nationalCode.slice(0, 3) : null,
        provinceName: null,
        area: readArea(f.geometry, { file, feature: `${f.index} (code ${nationalCode})` }),
        boundarySource: source,
        boundaryNote: name === null ? `the source gives no name for municipality ${nationalCode}` : null,
        inAlpineConvention: true,
      });
    }
  }
  return rows;
}
