-- The planners' own figures, kept apart from the rebuilt reference database (data/atlas.sqlite).
-- A rebuild never opens this file; removing an import removes its rows (ON DELETE CASCADE).
-- Version 3 (1 had no initiatives, 2 no official files). The file carries PRAGMA application_id 0x41544C53 ('ATLS')
-- and PRAGMA user_version 3, set by local-schema.ts, which also stamps a file made before versions (0, 0) at its next open. A
-- change here raises LOCAL_SCHEMA_VERSION there and adds the step that upgrades a file of the version before.

-- AUTOINCREMENT: an import's number is never given again after it is removed, so a number (and the
-- source ids made from it) always names one file.
CREATE TABLE IF NOT EXISTS imports (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  kind        TEXT NOT NULL CHECK (kind IN ('indicator', 'flows', 'services', 'initiatives', 'official')),
  file_name   TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  row_count   INTEGER NOT NULL CHECK (row_count > 0),
  sha256      TEXT NOT NULL
);

-- One per distinct (source, licence) pair of a file.
CREATE TABLE IF NOT EXISTS import_sources (
  id        TEXT PRIMARY KEY,
  import_id INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
  title     TEXT NOT NULL CHECK (title <> ''),
  licence   TEXT NOT NULL CHECK (licence <> '')
);

CREATE TABLE IF NOT EXISTS imported_values (
  import_id    INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
  indicator_id TEXT NOT NULL,
  commune_code TEXT NOT NULL,
  period       TEXT NOT NULL,
  value        REAL NOT NULL,
  source_id    TEXT NOT NULL REFERENCES import_sources (id) ON DELETE CASCADE,
  PRIMARY KEY (indicator_id, period, commune_code)
);

CREATE TABLE IF NOT EXISTS imported_flows (
  id                  TEXT PRIMARY KEY,
  import_id           INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
  origin_code         TEXT NOT NULL,
  destination_code    TEXT,
  destination_country TEXT NOT NULL,
  kind                TEXT NOT NULL,
  period              TEXT NOT NULL,
  value               REAL NOT NULL CHECK (value >= 0),
  source_id           TEXT NOT NULL REFERENCES import_sources (id) ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS imported_services (
  id           TEXT PRIMARY KEY,
  import_id    INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
  category     TEXT NOT NULL,
  name         TEXT NOT NULL,
  address      TEXT,
  commune_code TEXT,
  country      TEXT NOT NULL,
  lon          REAL NOT NULL,
  lat          REAL NOT NULL,
  languages    TEXT,
  contact      TEXT,
  source_id    TEXT NOT NULL REFERENCES import_sources (id) ON DELETE CASCADE
);

-- Initiatives planners add (welcome services, projects): communes is the JSON list of the atlas communes covered,
-- descriptions a JSON object keyed by language (null in a language the file did not give).
CREATE TABLE IF NOT EXISTS imported_initiatives (
  id           TEXT PRIMARY KEY,
  import_id    INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  kind         TEXT NOT NULL,
  programme    TEXT,
  project      TEXT,
  lead         TEXT,
  site_code    TEXT,
  lon          REAL NOT NULL,
  lat          REAL NOT NULL,
  communes     TEXT NOT NULL,
  descriptions TEXT NOT NULL,
  source_id    TEXT NOT NULL REFERENCES import_sources (id) ON DELETE CASCADE
);

-- The presenter's slides: saved views of the dashboard, one deck per local database. Positions run 1..n
-- without gaps; every write keeps them so in one transaction. AUTOINCREMENT: a removed or replaced slide's
-- number is never given again, so a client holding an old id cannot edit another slide by mistake.
CREATE TABLE IF NOT EXISTS slides (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  position   INTEGER NOT NULL CHECK (position >= 1),
  title      TEXT NOT NULL CHECK (title <> ''),
  notes      TEXT NOT NULL DEFAULT '',
  state      TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
