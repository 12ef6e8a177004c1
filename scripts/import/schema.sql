-- The atlas database. Built by scripts/build-data.ts, opened read-only by the server.
-- One name end to end: a table here is a layer id in the API with "_" for "-".

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- Upstream datasets; titles is a JSON object keyed by language, as are the titles in upstreams. A curated file of
-- the data folder (data/initiatives.json) has no upstream url; its sha256 is that of the file the build read.
CREATE TABLE sources (
  id              TEXT PRIMARY KEY,
  titles          TEXT NOT NULL,
  publisher       TEXT NOT NULL,
  licence_name    TEXT NOT NULL CHECK (licence_name <> ''),
  licence_url     TEXT NOT NULL CHECK (licence_url <> ''),
  url             TEXT,
  vintage         TEXT NOT NULL,
  derivation      TEXT,
  mirror_path     TEXT,
  sha256          TEXT,
  package_name    TEXT,
  package_version TEXT,
  -- JSON list of {titles, url, licence} where a derived file joins several upstream datasets
  upstreams       TEXT
);

-- Layers as the API and the map list them; titles and descriptions are JSON objects keyed by language.
CREATE TABLE layers (
  id            TEXT PRIMARY KEY,
  titles        TEXT NOT NULL,
  descriptions  TEXT NOT NULL,
  geometry_type TEXT NOT NULL,
  item_count    INTEGER NOT NULL
);

CREATE TABLE layer_sources (
  layer_id  TEXT NOT NULL REFERENCES layers (id),
  source_id TEXT NOT NULL REFERENCES sources (id),
  PRIMARY KEY (layer_id, source_id)
);

-- NUTS 3 regions and countries, for regional context beside commune figures (data/regions.json).
CREATE TABLE regions (
  code          TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  country       TEXT NOT NULL,
  level         TEXT NOT NULL CHECK (level IN ('country', 'nuts3')),
  province_code TEXT,
  evidence_url  TEXT NOT NULL
);

-- Eurostat's accessibility of healthcare by region: share and count of the population beyond a driving time.
CREATE TABLE regional_access (
  region_code TEXT NOT NULL REFERENCES regions (code),
  service     TEXT NOT NULL,
  threshold   TEXT NOT NULL,
  year        INTEGER NOT NULL,
  share       REAL NOT NULL CHECK (share BETWEEN 0 AND 100),
  population  INTEGER NOT NULL CHECK (population >= 0),
  source_id   TEXT NOT NULL REFERENCES sources (id),
  PRIMARY KEY (region_code, service, threshold, year)
);

-- Current municipalities of the Alpine Convention perimeter and of the atlas's territories. "code" is the atlas id
-- (vocabulary/commune-ids.ts): the French COG and Italian ISTAT codes bare, the others prefixed with their country.
-- "province" is the French département or the Italian provincia / città metropolitana, where the source gives it.
CREATE TABLE communes (
  code               TEXT PRIMARY KEY,
  national_code      TEXT NOT NULL,
  name               TEXT NOT NULL,
  country            TEXT NOT NULL CHECK (country IN ('FR', 'IT', 'AT', 'CH', 'DE', 'SI')),
  region_code        TEXT,
  region_name        TEXT,
  province_code      TEXT,
  province_name      TEXT,
  area_km2           REAL NOT NULL CHECK (area_km2 > 0),
  geometry           TEXT NOT NULL,
  min_lon REAL NOT NULL, min_lat REAL NOT NULL, max_lon REAL NOT NULL, max_lat REAL NOT NULL,
  boundary_source_id TEXT NOT NULL REFERENCES sources (id),
  boundary_note      TEXT,
  -- 1 when the shared data's interior-point rule puts the municipality in the Alpine Convention perimeter
  in_alpine_convention INTEGER NOT NULL CHECK (in_alpine_convention IN (0, 1)),
  -- The point distances are measured from (scripts/import/reference-points.ts says how it is chosen)
  ref_lon            REAL,
  ref_lat            REAL,
  ref_method         TEXT CHECK (ref_method IN ('centroid', 'point-on-surface')),
  nuts3              TEXT REFERENCES regions (code)
);

-- Groupings of communes (EPCI, study area) and project pilots, which may lie outside the communes
-- table and carry their own boundary, or none where no open boundary exists.
CREATE TABLE territories (
  id             TEXT PRIMARY KEY,
  kind           TEXT NOT NULL CHECK (kind IN ('alpine-convention', 'alpine-convention-part', 'epci', 'study-area',
                                           'pilot-municipality', 'pilot-region', 'pilot-site')),
  name           TEXT NOT NULL,
  titles         TEXT,
  country        TEXT NOT NULL,
  official_code  TEXT,
  role           TEXT,
  partner        TEXT,
  evidence_url   TEXT,
  boundary_note  TEXT,
  geometry       TEXT,
  min_lon REAL, min_lat REAL, max_lon REAL, max_lat REAL,
  source_id      TEXT NOT NULL REFERENCES sources (id),
  boundary_source_id TEXT REFERENCES sources (id)
);

CREATE TABLE territory_communes (
  territory_id TEXT NOT NULL REFERENCES territories (id),
  commune_code TEXT NOT NULL REFERENCES communes (code),
  PRIMARY KEY (territory_id, commune_code)
);
CREATE INDEX territory_communes_by_commune ON territory_communes (commune_code);

-- Indicators: definitions from data/indicators.json; "subject" says which layer the values describe. Titles,
-- units, descriptions and methods are JSON objects keyed by language.
CREATE TABLE indicators (
  id           TEXT PRIMARY KEY,
  subject      TEXT NOT NULL CHECK (subject IN ('commune', 'rail-station')),
  titles       TEXT NOT NULL,
  units        TEXT NOT NULL,
  descriptions TEXT NOT NULL,
  methods      TEXT NOT NULL,
  decimals     INTEGER NOT NULL,
  -- 1 where planners may add values by import (kept in the local database, never in this file)
  importable   INTEGER NOT NULL CHECK (importable IN (0, 1))
);

CREATE TABLE indicator_sources (
  indicator_id TEXT NOT NULL REFERENCES indicators (id),
  source_id    TEXT NOT NULL REFERENCES sources (id),
  PRIMARY KEY (indicator_id, source_id)
);

-- Periods are labelled, not only dated: an INSEE figure "as published in package 6.0.0" has no stated census year.
-- labels is a JSON object keyed by language.
CREATE TABLE indicator_periods (
  indicator_id   TEXT NOT NULL REFERENCES indicators (id),
  period         TEXT NOT NULL,
  labels         TEXT NOT NULL,
  sort_order     INTEGER NOT NULL,
  reference_date TEXT,
  PRIMARY KEY (indicator_id, period)
);

CREATE TABLE indicator_values (
  indicator_id TEXT NOT NULL REFERENCES indicators (id),
  subject_id   TEXT NOT NULL,
  period       TEXT NOT NULL,
  value        REAL NOT NULL,
  source_id    TEXT NOT NULL REFERENCES sources (id),
  PRIMARY KEY (indicator_id, period, subject_id),
  FOREIGN KEY (indicator_id, period) REFERENCES indicator_periods (indicator_id, period)
);
CREATE INDEX indicator_values_by_subject ON indicator_values (subject_id);

CREATE TABLE rail_stations (
  id                TEXT PRIMARY KEY,
  name              TEXT NOT NULL,
  country           TEXT NOT NULL,
  operator_code     TEXT NOT NULL,
  commune_code      TEXT REFERENCES communes (code),
  passenger_service INTEGER CHECK (passenger_service IN (0, 1)),
  lines             TEXT,
  lon REAL NOT NULL, lat REAL NOT NULL,
  source_id         TEXT NOT NULL REFERENCES sources (id)
);

CREATE TABLE rail_lines (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  country     TEXT NOT NULL,
  line_code   TEXT NOT NULL,
  schematic   INTEGER NOT NULL CHECK (schematic IN (0, 1)),
  station_ids TEXT NOT NULL,
  geometry    TEXT NOT NULL,
  min_lon REAL NOT NULL, min_lat REAL NOT NULL, max_lon REAL NOT NULL, max_lat REAL NOT NULL,
  source_id   TEXT NOT NULL REFERENCES sources (id)
);

-- Every GISCO healthcare record the distances are measured to, with the class data/facility-classes.json
-- gives it (and the rule that moved it, if any). The services layer shows those near the atlas's communes.
CREATE TABLE health_facilities (
  id              TEXT PRIMARY KEY,
  name            TEXT NOT NULL,
  country         TEXT NOT NULL,
  facility_type   TEXT,
  facility_class  TEXT NOT NULL,
  moved_by_rule   TEXT,
  -- 0 where service-notes.json reports a problem with the record's location: left out of every distance and count
  usable_location INTEGER NOT NULL CHECK (usable_location IN (0, 1)),
  lon REAL NOT NULL, lat REAL NOT NULL,
  source_id       TEXT NOT NULL REFERENCES sources (id)
);

-- What "general acute hospital" means in each country's GISCO records (data/facility-classes.json, countries):
-- definitions and limits are JSON objects keyed by language (en, fr, it, de, sl).
CREATE TABLE facility_class_definitions (
  country     TEXT PRIMARY KEY,
  definitions TEXT NOT NULL,
  limits      TEXT NOT NULL
);

CREATE TABLE services (
  id           TEXT PRIMARY KEY,
  category     TEXT NOT NULL,
  name         TEXT NOT NULL,
  country      TEXT NOT NULL,
  commune_code TEXT REFERENCES communes (code),
  city         TEXT,
  address      TEXT,
  postcode     TEXT,
  contact      TEXT,
  details      TEXT,
  quality_note TEXT,
  lon REAL NOT NULL, lat REAL NOT NULL,
  source_id    TEXT NOT NULL REFERENCES sources (id)
);
CREATE INDEX services_by_category ON services (category);

-- Flows from a commune to a commune, a facility or a country. No open commuter series exists offline: the
-- build computes potential flows to the nearest general hospital; planners' flows live in the local database.
CREATE TABLE flows (
  id                     TEXT PRIMARY KEY,
  origin_code            TEXT NOT NULL REFERENCES communes (code),
  destination_code       TEXT REFERENCES communes (code),
  destination_country    TEXT NOT NULL,
  destination_service_id TEXT REFERENCES services (id),
  kind                   TEXT NOT NULL,
  period                 TEXT NOT NULL,
  value                  REAL NOT NULL CHECK (value >= 0),
  source_id              TEXT NOT NULL REFERENCES sources (id)
);

-- Initiatives of the projects the atlas was born from (data/initiatives.json, scripts/import/initiatives.ts).
-- communes: JSON list of the atlas communes the initiative covers, sorted; the point is the site commune's
-- reference point, or without a site the reference point of the covered commune nearest the mean of the covered
-- communes' reference points. descriptions: JSON keyed by language; evidence: JSON list of the documents.
CREATE TABLE initiatives (
  id            TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  programme     TEXT NOT NULL,
  project       TEXT,
  kind          TEXT NOT NULL,
  lead          TEXT,
  site_code     TEXT REFERENCES communes (code),
  lon REAL NOT NULL, lat REAL NOT NULL,
  communes      TEXT NOT NULL CHECK (json_array_length(communes) > 0),
  descriptions  TEXT NOT NULL,
  evidence      TEXT NOT NULL CHECK (json_array_length(evidence) > 0),
  coverage_note TEXT NOT NULL,
  source_id     TEXT NOT NULL REFERENCES sources (id)
);

-- Background of the map: land and countries (Natural Earth), borders, rivers and lake shores (GSHHG),
-- clipped to the Alps. Served as one GeoJSON document; no remote tiles are needed.
CREATE TABLE basemap (
  id        INTEGER PRIMARY KEY,
  layer     TEXT NOT NULL CHECK (layer IN ('land', 'countries', 'borders', 'rivers', 'lake-shores')),
  name      TEXT,
  geometry  TEXT NOT NULL,
  source_id TEXT NOT NULL REFERENCES sources (id)
);

-- Vector tiles made at build time (Mapbox Vector Tile 2.1, uncompressed protobuf), one tileset per collection the
-- map draws from tiles, each holding one layer of that name; stored as MBTiles stores them: tile_row counts from
-- the south (TMS), the URLs' y from the north. Every tile of the tileset's box and zooms is stored, an empty one
-- as zero bytes, so the server and a static copy answer every tile the map may ask for.
CREATE TABLE tilesets (
  id      TEXT PRIMARY KEY,
  minzoom INTEGER NOT NULL,
  maxzoom INTEGER NOT NULL,
  west REAL NOT NULL, south REAL NOT NULL, east REAL NOT NULL, north REAL NOT NULL,
  -- The feature property each tile's features carry, which the map keys its feature-state on
  id_property TEXT NOT NULL
);

CREATE TABLE tiles (
  tileset     TEXT NOT NULL REFERENCES tilesets (id),
  zoom_level  INTEGER NOT NULL,
  tile_column INTEGER NOT NULL,
  tile_row    INTEGER NOT NULL,
  tile_data   BLOB NOT NULL,
  PRIMARY KEY (tileset, zoom_level, tile_column, tile_row)
) WITHOUT ROWID;
