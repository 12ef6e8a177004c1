import { FieldReader, uniqueIds } from './fields.ts';
import { readPoint } from './geometry.ts';
import { sourceFeatures, type BuildContext } from './context.ts';
import { checkNotesUsed, serviceNotes } from './service-notes.ts';

const WEEKDAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];

/**
 * Imports the France services points (ANCT) into the services layer, beside the GISCO records health-facilities.ts put
 * there.
 */
export async function importServices(ctx: BuildContext): Promise<string> {
  const insert = ctx.db.prepare(`INSERT INTO services VALUES (@id, @category, @name, @country, @communeCode, @city,
    @address, @postcode, @contact, @details, @qualityNote, @lon, @lat, @sourceId)`);
  const isCommune = ctx.db.prepare('SELECT 1 FROM communes WHERE code = ?').pluck();
  const notes = serviceNotes(ctx);
  const text = (...parts: (string | null)[]) => parts.filter(Boolean).join(' ') || null;

  const anct = await sourceFeatures(ctx, 'anct-france-services-2024-08-01');
  const anctOnce = uniqueIds(anct.file, 'France services id');
  for (const f of anct.features) {
    const read = new FieldReader(f.properties, { file: anct.file, feature: f.index });
    const code = read.code('id_fs', /^\d+$/, 'a numeric France services id');
    anctOnce(code, { feature: f.index }, 'id_fs');
    const [lon, lat] = readPoint(f.geometry, { file: anct.file, feature: `${f.index} (id_fs ${code})` });
    const insee = read.code('insee_com', /^\d[\dAB]\d{3}$/, 'a five-character INSEE commune code');
    const id = `anct-${code}`;
    insert.run({
      id,
      category: 'france-services',
      name: read.text('lib_fs'),
      country: 'FR',
      communeCode: isCommune.get(insee) ? insee : null,
      city: read.optionalText('lib_com'),
      address: text(read.optionalText('adresse'), read.optionalText('complement_adresse')),
      postcode: read.optionalText('code_postal'),
      contact: JSON.stringify({ phone: read.optionalText('telephone'), email: read.optionalText('mail') }),
      details: JSON.stringify({
        type: read.optionalText('type_fs'),
        format: read.optionalText('format_fs'),
        appointment: read.optionalText('prise_rdv'),
        hours: Object.fromEntries(WEEKDAYS.map((d) => [d, read.optionalText(`h_${d}`)])),
      }),
      qualityNote: notes.get(id) ?? null,
      lon,
      lat,
      sourceId: 'anct-france-services-2024-08-01',
    });
  }

  checkNotesUsed(ctx, notes);
  const count = (sql: string) => ctx.db.prepare(sql).pluck().get() as number;
  return (
    `${anct.features.length} France services; the layer holds ` +
    `${count("SELECT count(*) FROM services WHERE category = 'hospital'")} ` +
    `general acute hospitals, ${count("SELECT count(*) FROM services WHERE category = 'health-facility'")} other ` +
    `GISCO facilities and ` +
    `${anct.features.length} France services`
  );
}
