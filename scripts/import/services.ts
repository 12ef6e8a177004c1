import { InputError } from './input-error.ts';
import { FieldReader, uniqueIds } from './fields.ts';
import { readPoint } from './geometry.ts';
import { curatedJson, sourceFeatures, type BuildContext } from './context.ts';
import { communeLocator } from './locate.ts';

/**
 * GISCO facility types counted as general hospitals; every other GISCO record is a "health-facility" (clinics,
 * rehabilitation, long-term and psychiatric care). GISCO's emergency field is empty for the whole area, so
 * the type is the only field that tells them apart. One Italian type is matched by its prefix because the
 * source spells "Università" with a broken character.
 */
const GENERAL_HOSPITAL_TYPES = ['Centre Hospitalier (C.H.)', 'Centre Hospitalier Régional (C.H.R.)', 'Ospedale a gestione diretta', 'Azienda Ospedaliera'];
const isGeneralHospital = (type: string | null) =>
  type !== null && GENERAL_HOSPITAL_TYPES.some((t) => type === t || (t === 'Azienda Ospedaliera' && type.startsWith(`${t} `)));

const WEEKDAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];

/** Imports hospitals and clinics (Eurostat GISCO) and France services points (ANCT) into one catalogue. */
export async function importServices(ctx: BuildContext): Promise<string> {
  const insert = ctx.db.prepare(`INSERT INTO services VALUES (@id, @category, @name, @country, @communeCode, @city,
    @address, @postcode, @contact, @details, @qualityNote, @lon, @lat, @sourceId)`);
  const locate = communeLocator(ctx.db);
  const isCommune = ctx.db.prepare('SELECT 1 FROM communes WHERE code = ?').pluck();
  const { file: notesFile, json } = curatedJson<{ notes: { service: string; note: string }[] }>(ctx, 'service-notes.json');
  const noteOnce = uniqueIds(notesFile, 'service');
  json.notes.forEach((n, i) => noteOnce(n.service, { feature: i + 1 }, 'service'));
  const notes = new Map(json.notes.map((n) => [n.service, n.note]));
  const imported = new Set<string>();
  const text = (...parts: (string | null)[]) => parts.filter(Boolean).join(' ') || null;

  const gisco = await sourceFeatures(ctx, 'gisco-healthcare-2020');
  const giscoOnce = uniqueIds(gisco.file, 'GISCO id');
  for (const f of gisco.features) {
    const read = new FieldReader(f.properties, { file: gisco.file, feature: f.index });
    const code = read.code('id', /^[A-Z]{2}_[\w-]+$/, 'a GISCO id such as FR_50000231');
    giscoOnce(code, { feature: f.index }, 'id');
    const [lon, lat] = readPoint(f.geometry, { file: gisco.file, feature: `${f.index} (${code})` });
    const id = `gisco-${code}`;
    imported.add(id);
    const facilityType = read.optionalText('facility_type');
    insert.run({
      id, category: isGeneralHospital(facilityType) ? 'hospital' : 'health-facility', name: read.text('hospital_name'), country: read.code('cc', /^[A-Z]{2}$/, 'a country code'),
      communeCode: locate([lon!, lat!]), city: read.optionalText('city'),
      address: text(read.optionalText('house_number'), read.optionalText('street')), postcode: read.optionalText('postcode'),
      contact: JSON.stringify({ phone: read.optionalText('tel'), email: read.optionalText('email'), url: read.optionalText('url') }),
      details: JSON.stringify({
        site: read.optionalText('site_name'), facilityType, publicPrivate: read.optionalText('public_private'),
        beds: read.optionalNumber('cap_beds'), emergency: read.optionalText('emergency'), specialities: read.optionalText('list_specs'),
        referenceDate: read.optionalText('ref_date'),
      }),
      qualityNote: notes.get(id) ?? null, lon, lat, sourceId: 'gisco-healthcare-2020',
    });
  }

  const anct = await sourceFeatures(ctx, 'anct-france-services-2024-08-01');
  const anctOnce = uniqueIds(anct.file, 'France services id');
  for (const f of anct.features) {
    const read = new FieldReader(f.properties, { file: anct.file, feature: f.index });
    const code = read.code('id_fs', /^\d+$/, 'a numeric France services id');
    anctOnce(code, { feature: f.index }, 'id_fs');
    const [lon, lat] = readPoint(f.geometry, { file: anct.file, feature: `${f.index} (id_fs ${code})` });
    const insee = read.code('insee_com', /^\d[\dAB]\d{3}$/, 'a five-character INSEE commune code');
    const id = `anct-${code}`;
    imported.add(id);
    insert.run({
      id, category: 'france-services', name: read.text('lib_fs'), country: 'FR',
      communeCode: isCommune.get(insee) ? insee : null, city: read.optionalText('lib_com'),
      address: text(read.optionalText('adresse'), read.optionalText('complement_adresse')), postcode: read.optionalText('code_postal'),
      contact: JSON.stringify({ phone: read.optionalText('telephone'), email: read.optionalText('mail') }),
      details: JSON.stringify({
        type: read.optionalText('type_fs'), format: read.optionalText('format_fs'), appointment: read.optionalText('prise_rdv'),
        hours: Object.fromEntries(WEEKDAYS.map((d) => [d, read.optionalText(`h_${d}`)])),
      }),
      qualityNote: notes.get(id) ?? null, lon, lat, sourceId: 'anct-france-services-2024-08-01',
    });
  }

  const orphan = [...notes.keys()].find((id) => !imported.has(id));
  if (orphan) throw new InputError({ file: notesFile, feature: orphan, field: 'service' }, 'the id of an imported service');
  const general = ctx.db.prepare("SELECT count(*) FROM services WHERE category = 'hospital'").pluck().get() as number;
  return `${gisco.features.length + anct.features.length} services (general hospitals ${general}, other hospitals and clinics ${gisco.features.length - general}, France services ${anct.features.length})`;
}
