import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildAtlas } from '../../scripts/import/build.ts';
import { InputError } from '../../vocabulary/input-error.ts';
import { mirrorCopy } from '../helpers/mirror-copy.ts';

/**
 * Each case breaks one input of a private copy of the real mirror, manifest or curated files with a small
 * edit made here (never a committed broken copy), and checks that the build refuses it with a message a
 * user can act on: the file, the line or feature, the field and what was expected. A failed build must
 * leave no database and no temporary file behind.
 */

type Copy = ReturnType<typeof mirrorCopy>;

interface Case {
  name: string;
  breakInput: (copy: Copy) => void;
  /** Every pattern must match the error message. */
  expect: RegExp[];
  /** Checksum and missing-file problems are plain errors about a source; everything else is an InputError. */
  plainError?: true;
}

const FR_POPULATION = 'population/fr_communes_hautes_vallees_population.csv';
const IT_POPULATION = 'population/it_alte_valli_population.csv';
const ANPR = 'population/it_anpr_residenti_2026-01_torino_subset.csv';

/** Parses a mirrored GeoJSON file, lets `edit` change its features, and writes it back (checksum updated). */
function editFeatures(copy: Copy, relative: string, edit: (features: any[]) => void): void {
  copy.editMirror(relative, (text) => {
    const json = JSON.parse(text);
    edit(json.features);
    return JSON.stringify(json);
  });
}

function featureWhere(features: any[], property: string, value: string): any {
  const feature = features.find((f) => f.properties[property] === value);
  if (!feature) throw new Error(`test setup: no feature with ${property} ${value}`);
  return feature;
}

/** Replaces one cell of a simple (unquoted, LF) CSV, addressed by its 1-based line and column name. */
function setCsvCell(text: string, line: number, column: string, value: string): string {
  const lines = text.split('\n');
  const header = lines[0]?.split(',') ?? [];
  const cells = lines[line - 1]?.split(',') ?? [];
  const index = header.indexOf(column);
  if (index < 0 || cells.length !== header.length)
    throw new Error(`test setup: cannot address line ${line}, column ${column}`);
  if (cells[index] === value) throw new Error(`test setup: line ${line}, column ${column} already holds ${value}`);
  cells[index] = value;
  lines[line - 1] = cells.join(',');
  return lines.join('\n');
}

/** A feature copied from `from` (0-based) inserted at `at` (0-based), so the copy is feature at + 1. */
function duplicateFeature(from: number, at: number) {
  return (features: any[]) => features.splice(at, 0, structuredClone(features[from]));
}

const cases: Case[] = [
  {
    name: 'unclosed ring in a Hautes-Alpes commune polygon',
    breakInput: (copy) =>
      editFeatures(copy, 'boundaries/fr_hautes-alpes_communes_ign2018.geojson', (features) => {
        const ring = featureWhere(features, 'code', '05023').geometry.coordinates[0];
        const last = ring[ring.length - 1];
        ring[ring.length - 1] = [last[0] + 0.001, last[1]];
      }),
    expect: [
      /fr_hautes-alpes_communes_ign2018\.geojson, /,
      /feature 4 \(code 05023\), /,
      /field "geometry"/,
      /expected polygon 0, ring 0 to be closed/,
    ],
  },
  {
    name: 'latitude out of range in a comune of the study area',
    breakInput: (copy) =>
      editFeatures(copy, 'boundaries/it_torino_comuni_openpolis_2023.geojson', (features) => {
        featureWhere(features, 'com_istat_code', '001022').geometry.coordinates[0][1][1] = 95;
      }),
    expect: [
      /it_torino_comuni_openpolis_2023\.geojson, /,
      /feature 21 \(code 001022\), /,
      /field "geometry"/,
      /position 1: a latitude between -90 and 90, got 95$/,
    ],
  },
  {
    name: 'unknown commune code in the French population file',
    breakInput: (copy) => copy.editMirror(FR_POPULATION, (text) => setCsvCell(text, 2, 'insee', '05999')),
    expect: [
      /fr_communes_hautes_vallees_population\.csv, /,
      /line 2, /,
      /field "insee"/,
      /expected the code of a FR commune of the atlas territories, got "05999"/,
    ],
  },
  {
    name: 'duplicate France services id',
    breakInput: (copy) =>
      editFeatures(copy, 'services/fr_france_services_05_73_anct_2024-08-01.geojson', duplicateFeature(2, 10)),
    expect: [
      /fr_france_services_05_73_anct_2024-08-01\.geojson, /,
      /feature 11, /,
      /field "id_fs"/,
      /not seen before \(first seen at feature 3\), got "429"/,
    ],
  },
  {
    name: 'duplicate UIC code in the SNCF stations',
    breakInput: (copy) => editFeatures(copy, 'rail/fr_gares_05_73_sncf.geojson', duplicateFeature(2, 10)),
    expect: [
      /fr_gares_05_73_sncf\.geojson, /,
      /feature 11, /,
      /field "uic"/,
      /not seen before \(first seen at feature 3\), got "87741454"/,
    ],
  },
  {
    name: 'non-numeric population',
    breakInput: (copy) => copy.editMirror(FR_POPULATION, (text) => setCsvCell(text, 3, 'pmun_v4_1_0', 'abc')),
    expect: [
      /fr_communes_hautes_vallees_population\.csv, /,
      /line 3, /,
      /field "pmun_v4_1_0"/,
      /expected a number .*, got "abc"/,
    ],
  },
  {
    name: 'truncated GeoJSON',
    breakInput: (copy) =>
      copy.editMirror('alps/services/healthcare_gisco2020_alpconv2025_bbox50km.geojson', (text) =>
        text.slice(0, Math.floor(text.length / 2)),
      ),
    expect: [
      /healthcare_gisco2020_alpconv2025_bbox50km\.geojson, /,
      /line 1: /,
      /expected valid JSON/,
      /Unterminated string|Expected/,
    ],
  },
  {
    name: 'CSV with an unclosed quote',
    breakInput: (copy) => copy.editMirror(IT_POPULATION, (text) => setCsvCell(text, 3, 'nome_openpolis', '"Bussoleno')),
    expect: [/it_alte_valli_population\.csv, /, /line 3, field "nome_openpolis": /, /expected a closing quote/],
  },
  {
    name: 'source without a licence',
    breakInput: (copy) =>
      copy.editManifest((m) => delete m.sources.find((s: any) => s.id === 'gisco-healthcare-2020').licence),
    expect: [/sources\.json, /, /gisco-healthcare-2020/, /field "licence\.name"/, /expected a non-empty text/],
  },
  {
    name: 'source with an empty licence name',
    breakInput: (copy) =>
      copy.editManifest((m) => (m.sources.find((s: any) => s.id === 'gisco-healthcare-2020').licence.name = ' ')),
    expect: [/sources\.json, /, /gisco-healthcare-2020/, /field "licence\.name"/, /expected a non-empty text/],
  },
  {
    name: 'mirrored file changed without updating the manifest',
    breakInput: (copy) => {
      const file = copy.mirrorFile('rail/fr_station_sequence_lines_900000_905000_915000.csv');
      writeFileSync(file, readFileSync(file, 'utf8').replace('\r\n', '\r\n\r\n'));
    },
    expect: [
      /source sncf-station-sequence: /,
      /fr_station_sequence_lines_900000_905000_915000\.csv/,
      /has sha256 [0-9a-f]{64}, but .* records [0-9a-f]{64}/,
      /restore the recorded file/,
      /update the manifest/,
    ],
    plainError: true,
  },
  {
    name: 'derived file missing from the mirror',
    breakInput: (copy) => rmSync(copy.mirrorFile(FR_POPULATION)),
    expect: [
      /source insee-population-etalab: /,
      /fr_communes_hautes_vallees_population\.csv is not in the mirror/,
      /cannot be downloaded/,
      /Set ATLAS_MIRROR/,
    ],
    plainError: true,
  },
  {
    name: 'EPCI SIREN unknown to the package',
    breakInput: (copy) =>
      copy.editCurated(
        'territories.json',
        (t) => (t.epci.find((e: any) => e.id === 'cc-pays-des-ecrins').siren = '240500999'),
      ),
    expect: [
      /territories\.json, /,
      /feature 240500999, /,
      /field "siren"/,
      /expected an EPCI SIREN listed in .*epci\.json, got "240500999"/,
    ],
  },
  {
    name: 'indicator without a Slovenian title',
    breakInput: (copy) =>
      copy.editCurated(
        'indicators.json',
        (j) => delete j.indicators.find((i: any) => i.id === 'rail-passengers').titles.sl,
      ),
    expect: [/indicators\.json, /, /feature rail-passengers, /, /field "titles"/, /\(missing sl\)$/],
  },
  {
    name: 'indicator method without an Italian text',
    breakInput: (copy) =>
      copy.editCurated('indicators.json', (j) => {
        delete j.indicators.find((i: any) => i.id === 'hospital-distance').methods.it;
      }),
    expect: [/indicators\.json, /, /feature hospital-distance, /, /field "methods"/, /\(missing it\)$/],
  },
  {
    name: 'period label without a German text',
    breakInput: (copy) =>
      copy.editCurated('indicators.json', (j) => {
        delete j.indicators.find((i: any) => i.id === 'area').periods[1].labels.de;
      }),
    expect: [/indicators\.json, /, /feature area period istat-2023, /, /field "labels"/, /\(missing de\)$/],
  },
  {
    name: 'source title blank in French',
    breakInput: (copy) =>
      copy.editManifest((m) => {
        m.sources.find((s: any) => s.id === 'gisco-healthcare-2020').titles.fr = ' ';
      }),
    expect: [/sources\.json, /, /feature gisco-healthcare-2020, /, /field "titles"/, /\(missing fr\)$/],
  },
  {
    name: 'service note about an unknown service',
    breakInput: (copy) =>
      copy.editCurated(
        'service-notes.json',
        (j) => (j.notes.find((n: any) => n.service === 'gisco-FR_60000494').service = 'gisco-FR_6000494'),
      ),
    expect: [
      /service-notes\.json, /,
      /feature gisco-FR_6000494, /,
      /field "service"/,
      /expected the id of an imported service/,
    ],
  },
  {
    name: 'two notes about the same service',
    breakInput: (copy) =>
      copy.editCurated('service-notes.json', (j) => j.notes.push({ ...j.notes[0], note: 'a second note' })),
    expect: [
      /service-notes\.json, /,
      /feature 2, /,
      /field "service"/,
      /expected a service not seen before \(first seen at feature 1\), got "gisco-FR_60000494"/,
    ],
  },
  {
    name: 'decimal ANPR population',
    breakInput: (copy) => copy.editMirror(ANPR, (text) => setCsvCell(text, 4, 'RESIDENTI', '891.5')),
    expect: [
      /it_anpr_residenti_2026-01_torino_subset\.csv, /,
      /line 4, /,
      /field "RESIDENTI"/,
      /expected a whole number of inhabitants, got "891\.5"/,
    ],
  },
  {
    name: 'negative ANPR population',
    breakInput: (copy) => copy.editMirror(ANPR, (text) => setCsvCell(text, 3, 'RESIDENTI', '-5805')),
    expect: [
      /it_anpr_residenti_2026-01_torino_subset\.csv, /,
      /line 3, /,
      /field "RESIDENTI"/,
      /expected a whole number of inhabitants, got "-5805"/,
    ],
  },
];

const copies: Copy[] = [];
function freshCopy(): Copy {
  const copy = mirrorCopy();
  copies.push(copy);
  return copy;
}
afterEach(() => {
  for (const copy of copies.splice(0)) rmSync(copy.dir, { recursive: true, force: true });
});

async function buildError(copy: Copy): Promise<Error> {
  const error = await buildAtlas(copy.options).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'the build should have refused the broken input').toBeInstanceOf(Error);
  return error as Error;
}

function temporaryFiles(copy: Copy): string[] {
  const dir = path.dirname(copy.options.dbPath);
  return readdirSync(dir).filter((name) => name.startsWith(`${path.basename(copy.options.dbPath)}.tmp-`));
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('the build refuses bad input', () => {
  it.each(cases)('$name', async (c) => {
    const copy = freshCopy();
    c.breakInput(copy);
    const error = await buildError(copy);
    if (c.plainError) expect(error).not.toBeInstanceOf(InputError);
    else expect(error).toBeInstanceOf(InputError);
    for (const pattern of c.expect) expect(error.message).toMatch(pattern);
    expect(existsSync(copy.options.dbPath), 'no database after a failed build').toBe(false);
    expect(temporaryFiles(copy), 'no temporary file after a failed build').toEqual([]);
  });

  it('leaves a previous good database untouched', async () => {
    const copy = freshCopy();
    const { buildId } = await buildAtlas(copy.options);
    const { dbPath } = copy.options;
    const before = { hash: sha256(dbPath), size: statSync(dbPath).size, mtimeMs: statSync(dbPath).mtimeMs };

    // Fails in the services step, late in the build, after most tables of the temporary database are filled.
    copy.editCurated('service-notes.json', (j) =>
      j.notes.push({ service: 'anct-0', note: 'no such service', reportedIn: 'test' }),
    );
    const error = await buildError(copy);
    expect(error.message).toMatch(/service-notes\.json, feature anct-0, field "service"/);

    expect(temporaryFiles(copy)).toEqual([]);
    expect({ hash: sha256(dbPath), size: statSync(dbPath).size, mtimeMs: statSync(dbPath).mtimeMs }).toEqual(before);
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      expect(db.prepare("SELECT value FROM meta WHERE key = 'build_id'").pluck().get()).toBe(buildId);
      expect(db.prepare('SELECT count(*) FROM services').pluck().get()).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });
});
