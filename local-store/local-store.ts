import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { ImportedInitiative, LocalSnapshot } from './local-snapshot.ts';
import { readFlowsFile } from './flows-file.ts';
import { readIndicatorFile } from './indicator-file.ts';
import { readServicesFile } from './services-file.ts';
import { readInitiativesFile } from './initiatives-file.ts';
import { readOfficialFile } from './official-file.ts';
import type { ImportReference } from './reference.ts';
import type { ImportKind } from '../vocabulary/import-kinds.ts';
import { slideDeck } from './slides.ts';
import { localDatabaseProblem, prepareLocalSchema } from './local-schema.ts';
import type { ImportRecord } from '../vocabulary/api-records.ts';
import type { OfficialSummary } from '../vocabulary/official-variables.ts';
import { Problems } from './rows.ts';

export { ImportRejected } from './rows.ts';

/** An official file imported: the import made (null when every value was already in the atlas), and what was read. */
export interface OfficialImport {
  import: ImportRecord | null;
  summary: OfficialSummary;
}

/** Lists and texts by language are stored as JSON text. */
type Stored = { communes: string; descriptions: string };
export { SlidesRejected, type Slide, type SlidesExport } from './slides.ts';

/**
 * The local database of planners' imports and of the presenter's slides. A file is checked whole first, then
 * written in one transaction (WAL, synchronous FULL): after a crash it is either all there or not at all.
 * A file that is not a local database, or is of a newer schema, is refused before anything is written to it.
 */
export function openLocalStore(file: string) {
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    // Looked at before the first write (WAL mode is one): a file that is not ours is left as it was.
    const problem = localDatabaseProblem(db, file, { emptyIsNew: true });
    if (problem) throw new Error(problem);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    prepareLocalSchema(db, file);
  } catch (error) {
    db.close();
    throw error;
  }

  const listImports =
    db.prepare(`SELECT i.id, i.kind, i.file_name AS fileName, i.imported_at AS importedAt, i.row_count AS rowCount,
      i.sha256,
      (SELECT json_group_array(json_object('id', s.id, 'title', s.title, 'licence', s.licence)) FROM import_sources s
        WHERE s.import_id = i.id) AS sources
    FROM imports i ORDER BY i.id`);
  const earlierValue = db
    .prepare('SELECT import_id FROM imported_values WHERE indicator_id = ? AND period = ? AND commune_code = ?')
    .pluck();
  const insertImport = db.prepare(
    'INSERT INTO imports (kind, file_name, imported_at, row_count, sha256) VALUES (?, ?, ?, ?, ?)',
  );
  const insertSource = db.prepare('INSERT INTO import_sources VALUES (?, ?, ?, ?)');
  const insertValue = db.prepare('INSERT INTO imported_values VALUES (?, ?, ?, ?, ?, ?)');
  const insertFlow = db.prepare('INSERT INTO imported_flows VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const insertService = db.prepare('INSERT INTO imported_services VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const insertInitiative = db.prepare(`INSERT INTO imported_initiatives VALUES (@id, @importId, @name, @kind,
    @programme, @project, @lead, @siteCode, @lon, @lat, @communes, @descriptions, @sourceId)`);
  const deleteImport = db.prepare('DELETE FROM imports WHERE id = ?');
  const selectInitiatives = db.prepare(`SELECT id, import_id AS importId, name, kind, programme, project, lead,
      site_code AS siteCode, lon, lat, communes, descriptions, source_id AS sourceId
    FROM imported_initiatives ORDER BY import_id, rowid`);
  /** The planners' initiatives, their communes and descriptions parsed from the JSON text they are stored as. */
  const importedInitiatives = (): ImportedInitiative[] =>
    (selectInitiatives.all() as (Omit<ImportedInitiative, 'communes' | 'descriptions'> & Stored)[]).map((r) => ({
      ...r,
      communes: JSON.parse(r.communes),
      descriptions: JSON.parse(r.descriptions),
    }));

  const list = (): ImportRecord[] =>
    (listImports.all() as (Omit<ImportRecord, 'sources'> & { sources: string })[]).map((r) => ({
      ...r,
      sources: JSON.parse(r.sources),
    }));

  function importFile(kind: ImportKind, fileName: string, bytes: Uint8Array, reference: ImportReference): ImportRecord {
    if (kind === 'official') throw new TypeError('an official file is imported by importOfficialFile');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    // Checked and written under one write lock (BEGIN IMMEDIATE): a server and `npm run import` importing
    // the same values at once cannot both pass the check against earlier imports.
    const id = db
      .transaction(() => {
        const checked =
          kind === 'indicator'
            ? readIndicatorFile(
                fileName,
                bytes,
                reference,
                (i, p, c) => earlierValue.get(i, p, c) as number | undefined,
              )
            : kind === 'flows'
              ? readFlowsFile(fileName, bytes, reference)
              : kind === 'services'
                ? readServicesFile(fileName, bytes, reference)
                : readInitiativesFile(fileName, bytes, reference);
        const importId = Number(
          insertImport.run(kind, fileName, new Date().toISOString(), checked.rows.length, sha256).lastInsertRowid,
        );
        const sourceIds = new Map<string, string>();
        for (const [key, { title, licence }] of checked.sources) {
          const sourceId = `import-${importId}-${sourceIds.size + 1}`;
          sourceIds.set(key, sourceId);
          insertSource.run(sourceId, importId, title, licence);
        }
        checked.rows.forEach((row, i) => {
          const source = sourceIds.get(row.sourceKey)!;
          if ('indicatorId' in row)
            insertValue.run(importId, row.indicatorId, row.communeCode, row.period, row.value, source);
          else if ('descriptions' in row) {
            insertInitiative.run({
              ...row,
              id: `import-${importId}-${i + 1}`,
              importId,
              communes: JSON.stringify(row.communes),
              descriptions: JSON.stringify(row.descriptions),
              sourceId: source,
            });
          } else if ('originCode' in row) {
            insertFlow.run(
              `import-${importId}-${i + 1}`,
              importId,
              row.originCode,
              row.destinationCode,
              row.destinationCountry,
              row.kind,
              row.period,
              row.value,
              source,
            );
          } else {
            insertService.run(
              `import-${importId}-${i + 1}`,
              importId,
              row.category,
              row.name,
              row.address,
              row.communeCode,
              row.country,
              row.lon,
              row.lat,
              row.languages,
              row.contact,
              source,
            );
          }
        });
        return importId;
      })
      .immediate();
    return list().find((r) => r.id === id)!;
  }

  /**
   * An official file as published: read and compared with the reference data first, outside the write lock (a
   * national INSEE base of 189 MB takes 0.6 s); then, under it, checked against earlier imports and stored in one
   * transaction. Nothing is written when every value was already in the atlas.
   */
  function importOfficialFile(fileName: string, bytes: Uint8Array, reference: ImportReference): OfficialImport {
    const read = readOfficialFile(fileName, bytes, reference);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const id = db
      .transaction(() => {
        const problems = new Problems();
        for (const v of read.values) {
          const earlier = earlierValue.get(v.indicatorId, v.period, v.communeCode) as number | undefined;
          if (earlier !== undefined)
            problems.add(
              { file: fileName, line: v.line, field: v.field },
              `a value not imported already (import ${earlier} has ${v.indicatorId} for ${v.communeCode} in ` +
                `${v.period}; remove it first)`,
            );
        }
        problems.throwIfAny();
        if (read.values.length === 0) return null;
        const importId = Number(
          insertImport.run('official', fileName, new Date().toISOString(), read.values.length, sha256).lastInsertRowid,
        );
        const sourceId = `import-${importId}-1`;
        insertSource.run(sourceId, importId, read.source.title, read.source.licence);
        for (const v of read.values)
          insertValue.run(importId, v.indicatorId, v.communeCode, v.period, v.value, sourceId);
        return importId;
      })
      .immediate();
    return { import: id === null ? null : list().find((r) => r.id === id)!, summary: read.summary };
  }

  return {
    importFile,
    importOfficialFile,
    list,
    /** Removes an import and every row it brought; false when there is no such import. */
    remove: (id: number): boolean => deleteImport.run(id).changes > 0,
    /** Everything imported, as the server merges it with the reference data. */
    read: (): LocalSnapshot => ({
      imports: list().map(({ sources: _sources, ...summary }) => summary),
      sources: db
        .prepare('SELECT id, import_id AS importId, title, licence FROM import_sources ORDER BY import_id, id')
        .all() as LocalSnapshot['sources'],
      values: db
        .prepare(`SELECT import_id AS importId, indicator_id AS indicatorId, commune_code AS communeCode, period,
          value, source_id AS sourceId
        FROM imported_values ORDER BY import_id, rowid`)
        .all() as LocalSnapshot['values'],
      flows: db
        .prepare(`SELECT id, origin_code AS originCode, destination_code AS destinationCode,
          destination_country AS destinationCountry, NULL AS destinationServiceId, kind, period, value,
          source_id AS sourceId, import_id AS importId
          FROM imported_flows ORDER BY import_id, rowid`)
        .all() as LocalSnapshot['flows'],
      services: db
        .prepare(`SELECT id, import_id AS importId, category, name, address, commune_code AS communeCode, country,
          lon, lat, languages, contact,
        source_id AS sourceId FROM imported_services ORDER BY import_id, rowid`)
        .all() as LocalSnapshot['services'],
      initiatives: importedInitiatives(),
    }),
    /** Changes when another connection commits: a running server notices a command-line import. */
    dataVersion: (): number => db.pragma('data_version', { simple: true }) as number,
    /** The presenter's slides: kept here, with the imports, so a rebuild of the reference data never touches them. */
    slides: slideDeck(db),
    close: () => db.close(),
  };
}

export type LocalStore = ReturnType<typeof openLocalStore>;
