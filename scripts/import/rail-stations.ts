import { FieldReader, uniqueIds } from './fields.ts';
import { readPoint } from './geometry.ts';
import { sourceFeatures, type BuildContext } from './context.ts';
import { valueWriter } from './indicators.ts';
import { communeLocator } from '../../vocabulary/locate.ts';

const PASSENGER_YEARS = [2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023];

/** Imports SNCF stations (with yearly passengers) and the Italian stations west of Turin. */
export async function importRailStations(ctx: BuildContext): Promise<string> {
  const insert = ctx.db.prepare(`INSERT INTO rail_stations VALUES
    (@id, @name, @country, @operatorCode, @communeCode, @passengerService, @lines, @lon, @lat, @sourceId)`);
  const locate = communeLocator(ctx.db);
  const values = valueWriter(ctx);

  const fr = await sourceFeatures(ctx, 'sncf-stations-05-73');
  const frOnce = uniqueIds(fr.file, 'UIC code');
  for (const f of fr.features) {
    const read = new FieldReader(f.properties, { file: fr.file, feature: f.index });
    const uic = read.code('uic', /^\d{8}$/, 'an eight-digit UIC station code');
    frOnce(uic, { feature: f.index }, 'uic');
    const [lon, lat] = readPoint(f.geometry, { file: fr.file, feature: `${f.index} (UIC ${uic})` });
    const id = `fr-${uic}`;
    insert.run({
      id,
      name: read.text('libelle'),
      country: 'FR',
      operatorCode: uic,
      communeCode: locate([lon!, lat!]),
      passengerService: read.oneOf('voyageurs', ['O', 'N']) === 'O' ? 1 : 0,
      lines: JSON.stringify(f.properties.lignes ?? []),
      lon,
      lat,
      sourceId: 'sncf-stations-05-73',
    });
    for (const year of PASSENGER_YEARS) {
      const passengers = read.optionalNumber(`voyageurs_${year}`);
      if (passengers !== null) values.write('rail-passengers', id, String(year), passengers, 'sncf-stations-05-73');
    }
  }

  const it = await sourceFeatures(ctx, 'trenitalia-stations-2014');
  const itOnce = uniqueIds(it.file, 'ViaggiaTreno station id');
  for (const f of it.features) {
    const read = new FieldReader(f.properties, { file: it.file, feature: f.index });
    const code = read.code('id_staz_viaggiatreno', /^S\d{5}$/, 'a ViaggiaTreno station id such as S00514');
    itOnce(code, { feature: f.index }, 'id_staz_viaggiatreno');
    const [lon, lat] = readPoint(f.geometry, { file: it.file, feature: `${f.index} (${code})` });
    insert.run({
      id: `it-${code}`,
      name: read.text('name'),
      country: 'IT',
      operatorCode: code,
      communeCode: locate([lon!, lat!]),
      passengerService: null,
      lines: null,
      lon,
      lat,
      sourceId: 'trenitalia-stations-2014',
    });
  }
  return (
    `${fr.features.length + it.features.length} rail stations (FR ${fr.features.length}, IT ` +
    `${it.features.length}), ${values.count} yearly passenger counts`
  );
}
