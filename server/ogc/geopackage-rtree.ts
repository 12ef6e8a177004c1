import type { Database } from 'better-sqlite3';

/** [minx, maxx, miny, maxy] of a geometry, in the order of GeoPackage envelopes and R-tree columns. */
export type Envelope = [number, number, number, number];

/** An SQL identifier in double quotes (collection ids hold hyphens). */
export const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * The R-tree spatial index extension (GeoPackage 1.3, §F.3) on a feature table's geometry column, filled from the
 * envelopes of the rows written. The triggers that keep it true when a GIS edits the file call the standard's
 * ST_ functions, which GDAL and QGIS provide; they are created after the rows are in, since plain SQLite has none.
 */
export function addSpatialIndex(db: Database, table: string, column: string, rows: [number, Envelope][]): void {
  const [t, c] = [quote(table), quote(column)];
  const rtree = quote(`rtree_${table}_${column}`);
  const name = (suffix: string) => quote(`rtree_${table}_${column}_${suffix}`);
  const envelope = `NEW.fid, ST_MinX(NEW.${c}), ST_MaxX(NEW.${c}), ST_MinY(NEW.${c}), ST_MaxY(NEW.${c})`;
  const present = `(NEW.${c} NOT NULL AND NOT ST_IsEmpty(NEW.${c}))`;
  const absent = `(NEW.${c} IS NULL OR ST_IsEmpty(NEW.${c}))`;
  db.exec(`CREATE VIRTUAL TABLE ${rtree} USING rtree(id, minx, maxx, miny, maxy)`);
  const insert = db.prepare(`INSERT INTO ${rtree} VALUES (?, ?, ?, ?, ?)`);
  for (const [fid, box] of rows) insert.run(fid, ...box);
  db.exec(`
    CREATE TRIGGER ${name('insert')} AFTER INSERT ON ${t} WHEN ${present}
    BEGIN INSERT OR REPLACE INTO ${rtree} VALUES (${envelope}); END;
    CREATE TRIGGER ${name('update1')} AFTER UPDATE OF ${c} ON ${t} WHEN OLD.fid = NEW.fid AND ${present}
    BEGIN INSERT OR REPLACE INTO ${rtree} VALUES (${envelope}); END;
    CREATE TRIGGER ${name('update2')} AFTER UPDATE OF ${c} ON ${t} WHEN OLD.fid = NEW.fid AND ${absent}
    BEGIN DELETE FROM ${rtree} WHERE id = OLD.fid; END;
    CREATE TRIGGER ${name('update3')} AFTER UPDATE ON ${t} WHEN OLD.fid != NEW.fid AND ${present}
    BEGIN DELETE FROM ${rtree} WHERE id = OLD.fid; INSERT OR REPLACE INTO ${rtree} VALUES (${envelope}); END;
    CREATE TRIGGER ${name('update4')} AFTER UPDATE ON ${t} WHEN OLD.fid != NEW.fid AND ${absent}
    BEGIN DELETE FROM ${rtree} WHERE id IN (OLD.fid, NEW.fid); END;
    CREATE TRIGGER ${name('delete')} AFTER DELETE ON ${t} WHEN OLD.${c} NOT NULL
    BEGIN DELETE FROM ${rtree} WHERE id = OLD.fid; END;
  `);
  db.prepare("INSERT INTO gpkg_extensions VALUES (?, ?, 'gpkg_rtree_index', ?, 'write-only')").run(
    table,
    column,
    'http://www.geopackage.org/spec/#extension_rtree',
  );
}
