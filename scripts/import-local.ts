import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { openAtlas } from '../server/atlas-db.ts';
import { loadConfig } from '../server/config.ts';
import { IMPORT_KINDS, type ImportKind } from '../vocabulary/import-kinds.ts';
import { ImportRejected, openLocalStore } from '../local-store/local-store.ts';
import { importReference } from '../local-store/reference.ts';
import { INDICATOR_COLUMNS } from '../local-store/indicator-file.ts';
import { IMPORTED_FLOW_KINDS } from '../vocabulary/flow-kinds.ts';
import { FLOW_COLUMNS } from '../local-store/flows-file.ts';
import { SERVICE_COLUMNS } from '../local-store/services-file.ts';
import { INITIATIVE_COLUMNS } from '../local-store/initiatives-file.ts';
import { INITIATIVE_KINDS } from '../vocabulary/initiative-kinds.ts';
import { OFFICIAL_LAYOUTS, type OfficialSummary } from '../vocabulary/official-variables.ts';

const USAGE = `Import a planner's own figures into the atlas's local database
(kept apart from the rebuilt reference data).

  npm run import -- indicator FILE.csv              values of an importable indicator
  npm run import -- flows FILE.csv                  commuter, student, patient or other flows
  npm run import -- services FILE.csv|FILE.geojson  services (welcome, language courses, health centres…)
  npm run import -- initiatives FILE.csv|FILE.geojson  initiatives (welcome services, projects, networks…)
  npm run import -- official FILE.csv               an official file as published (INSEE base-cc/base-ic, ANPR)
  npm run import -- list                            the imports, with their numbers
  npm run import -- remove ID                       remove an import and all its rows

Columns (CSV, UTF-8, header row; every row needs a source and a licence):
  indicator: ${INDICATOR_COLUMNS.join(',')}
  flows:     ${FLOW_COLUMNS.join(',')}
             (kind: ${IMPORTED_FLOW_KINDS.join(', ')}; destination: commune code or country code)
  services:  ${SERVICE_COLUMNS.join(',')}   (GeoJSON: Point features with the same properties, without lon and lat)
  initiatives: ${INITIATIVE_COLUMNS.join(',')}
             (kind: ${INITIATIVE_KINDS.join(', ')};
             the place: commune, or lon and lat, or communes covered separated by ";"; a description in at least
             one language; GeoJSON: Point features, or null geometry where commune or communes give the place)
  official:  the file as downloaded, recognised by its header (semicolon or comma, UTF-8 or Latin-1, up to 500 MB):
${Object.values(OFFICIAL_LAYOUTS)
  .map((l) => `             ${l.title}`)
  .join('\n')}
             values the atlas's reference data already has must agree with it, and are not stored twice; rows of
             communes outside the atlas are skipped. The variable map: README, "Official files".
Formats and examples: examples/README.md.

Environment: ATLAS_DB (reference database, default data/atlas.sqlite), ATLAS_LOCAL_DB (default data/local.sqlite).`;

function main(args: string[]): number {
  const [command, argument] = args;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return command ? 0 : 1;
  }
  const config = loadConfig();
  if (!existsSync(config.dbPath)) {
    console.error(`No atlas database at ${config.dbPath}: run npm run build:data first.`);
    return 1;
  }
  const store = openLocalStore(config.localDbPath);
  try {
    if (command === 'list') {
      const imports = store.list();
      if (imports.length === 0) console.log(`No imports in ${config.localDbPath}.`);
      for (const i of imports) {
        console.log(
          `${String(i.id).padStart(4)}  ${i.kind.padEnd(11)}  ${String(i.rowCount).padStart(6)} rows  ` +
            `${i.importedAt}  ${i.fileName}  (${i.sources.map((s) => `${s.title}; ${s.licence}`).join(' | ')})`,
        );
      }
      return 0;
    }
    if (command === 'remove') {
      const id = Number(argument);
      if (!Number.isInteger(id) || id < 1) {
        console.error(
          `remove needs the number of an import (npm run import -- list shows them), got ` +
            `${JSON.stringify(argument ?? '')}`,
        );
        return 1;
      }
      const found = store.list().find((i) => i.id === id);
      if (!found || !store.remove(id)) {
        console.error(`No import ${id} in ${config.localDbPath}.`);
        return 1;
      }
      console.log(`Removed import ${id} (${found.kind}, ${found.rowCount} rows from ${found.fileName}).`);
      return 0;
    }
    if (!(IMPORT_KINDS as readonly string[]).includes(command)) {
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      return 1;
    }
    if (!argument) {
      console.error(`${command} needs a file: npm run import -- ${command} FILE`);
      return 1;
    }
    if (!existsSync(argument)) {
      console.error(`No file ${argument}`);
      return 1;
    }
    const atlas = openAtlas(config.dbPath);
    try {
      console.log(`Checking ${argument} against the atlas ${config.dbPath}…`);
      if (command === 'official') {
        const { import: made, summary } = store.importOfficialFile(
          path.basename(argument),
          readFileSync(argument),
          importReference(atlas.db),
        );
        for (const line of describeOfficial(summary)) console.log(line);
        if (made === null) console.log('Nothing stored: every value of the file is already in the atlas.');
        else console.log(`Imported ${made.rowCount} values as import ${made.id} into ${config.localDbPath}`);
        for (const s of made?.sources ?? []) console.log(`  source ${s.id}: ${s.title} (${s.licence})`);
        return 0;
      }
      const record = store.importFile(
        command as ImportKind,
        path.basename(argument),
        readFileSync(argument),
        importReference(atlas.db),
      );
      console.log(
        `Imported ${record.rowCount} ${command === 'indicator' ? 'values' : command} from ${record.fileName} as ` +
          `import ${record.id} into ${config.localDbPath}`,
      );
      for (const s of record.sources) console.log(`  source ${s.id}: ${s.title} (${s.licence})`);
      return 0;
    } catch (error) {
      if (!(error instanceof ImportRejected)) throw error;
      console.error(
        `Not imported: ${error.errors.length} problem${error.errors.length === 1 ? '' : 's'} (nothing was stored).`,
      );
      for (const e of error.errors) console.error(`  ${e.message}`);
      return 1;
    } finally {
      atlas.db.close();
    }
  } finally {
    store.close();
  }
}

/** What an official file held and what became of each value, as the command line prints it. */
function describeOfficial(s: OfficialSummary): string[] {
  const separator = s.separator === ';' ? 'semicolon' : 'comma';
  return [
    `Recognised: ${s.layoutTitle} (${separator}-separated, ${s.encoding})`,
    `Variables read: ${s.variables.join(', ')}`,
    `Rows: ${s.rows}; atlas communes kept: ${s.communesKept}; communes outside the atlas skipped: ` +
      `${s.communesSkipped} (${s.rowsSkipped} rows)`,
    ...s.measures.map(
      (m) =>
        `  ${m.indicator} ${m.period} = ${m.formula}: ${m.agreeing} agree with the reference data, ${m.stored} ` +
        `stored, ${m.noValue} without a value (empty or a denominator of 0)`,
    ),
  ];
}

process.exitCode = main(process.argv.slice(2));
