import * as turf from '@turf/turf';
import Database from 'better-sqlite3';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { buildAtlas } from '../../scripts/import/build.ts';
import { atlasPlaces, readInitiatives } from '../../scripts/import/initiatives.ts';
import { mirrorCopy } from '../helpers/mirror-copy.ts';
import { PROJECT_ROOT } from '../helpers/paths.ts';

/**
 * data/initiatives.json: every row checked against the atlas built by the real importers, its coverage resolved
 * to communes (expected figures read with SQL from the communes and territories tables), the point of each row,
 * and the exact refusals of bad rows (hand-written fixtures, not real data).
 */

const db = new Database(inject('atlasDb'), { readonly: true });
afterAll(() => db.close());
const column = (sql: string, ...params: unknown[]) =>
  db
    .prepare(sql)
    .pluck()
    .all(...params) as string[];
const places = atlasPlaces(db);
const curated = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'data/initiatives.json'), 'utf8'));
const read = readInitiatives('initiatives.json', curated, places);
const byId = new Map(read.map((i) => [i.id, i]));
const membersOf = (...territories: string[]) =>
  column(
    `SELECT DISTINCT commune_code FROM territory_communes WHERE territory_id IN (${territories.map(() => '?')})
     ORDER BY commune_code`,
    ...territories,
  );
const MAURIENNE = [
  'cc-haute-maurienne-vanoise',
  'cc-maurienne-galibier',
  'cc-coeur-de-maurienne-arvan',
  'cc-canton-de-la-chambre',
  'cc-porte-de-maurienne',
];
const TURIN = 'Metropolitan City of Turin';
const CCB = 'CC du Briançonnais';
const ALCOTRA = 'Interreg Alcotra — PITer Hautes Vallées';

describe('data/initiatives.json', () => {
  it('holds each initiative the seed documents name, with its programme, project, kind, lead and site', () => {
    expect(read.map((i) => [i.id, i.programme, i.project, i.kind, i.lead, i.siteCode])).toEqual([
      ['claree-alert-system', ALCOTRA, 'Cœur Résilient', 'alert-system', TURIN, null],
      ['allertameteopie-services', ALCOTRA, 'Cœur Résilient', 'public-app', TURIN, null],
      ['coeur-resilient-model-works', ALCOTRA, 'Cœur Résilient', 'works', TURIN, null],
      ['coeur-resilient-risk-awareness', ALCOTRA, 'Cœur Résilient', 'awareness', TURIN, null],
      ['coeur-innovant-sme-studies', ALCOTRA, 'Cœur Innovant', 'study', CCB, null],
      ['yatou', ALCOTRA, 'Cœur Innovant', 'business-platform', CCB, null],
      ['laboratorio-alte-valli', ALCOTRA, 'Cœur Innovant', 'business-platform', CCB, null],
      ['bizalp', ALCOTRA, 'Cœur Innovant', 'business-platform', CCB, null],
      ['espace-maurienne-galibier', ALCOTRA, 'Cœur Innovant', 'business-space', CCB, '73261'],
      ['salle-de-creativite-briancon', ALCOTRA, 'Cœur Innovant', 'business-space', CCB, '05023'],
      ['cross-border-business-network', ALCOTRA, 'Cœur Innovant', 'network', CCB, null],
      ['briancon-who-healthy-city', 'WHO Healthy Cities', null, 'label', null, '05023'],
      ['brianconnais-pluralps-pilot', 'Interreg Alpine Space — PlurAlps', null, 'pilot', null, null],
    ]);
    for (const i of read) {
      expect(
        Object.values(i.descriptions).every((d) => d.length > 40),
        i.id,
      ).toBe(true);
      expect(i.evidence.length, i.id).toBeGreaterThan(0);
    }
    expect(byId.get('briancon-who-healthy-city')!.descriptions.en).toMatch(
      /2010.*alternative energy.*drinking water.*electric mobility.*free town bus.*underground car parks/,
    );
  });

  it('resolves each coverage to the atlas communes it names, through territories and regions', () => {
    const covered = (id: string) => byId.get(id)!.communes;
    expect(covered('claree-alert-system')).toEqual(['05093', '05174']);
    expect(column("SELECT name FROM communes WHERE code IN ('05093', '05174') ORDER BY code")).toEqual([
      'Névache',
      'Val-des-Prés',
    ]);
    // The regional app: every atlas comune of Piemonte, read by the region's name, and no French commune.
    const piemonte = column(
      "SELECT code FROM communes WHERE country = 'IT' AND region_name = 'Piemonte' ORDER BY code",
    );
    expect(piemonte).toHaveLength(38);
    expect(covered('allertameteopie-services')).toEqual(piemonte);
    expect(
      column("SELECT code FROM communes WHERE country = 'FR'").filter((c) =>
        covered('allertameteopie-services').includes(c),
      ),
    ).toEqual([]);
    expect(covered('yatou')).toEqual(membersOf(...MAURIENNE));
    expect(covered('laboratorio-alte-valli')).toEqual(membersOf('it-alte-valli'));
    expect(covered('brianconnais-pluralps-pilot')).toEqual(membersOf('cc-brianconnais'));
    const hautesVallees = membersOf('cc-brianconnais', ...MAURIENNE, 'it-alte-valli');
    expect(hautesVallees).toHaveLength(104);
    for (const id of ['coeur-resilient-model-works', 'coeur-resilient-risk-awareness', 'bizalp'])
      expect(covered(id), id).toEqual(hautesVallees);
    expect(covered('espace-maurienne-galibier')).toEqual(['73261']);
    expect(column("SELECT name FROM communes WHERE code = '73261'")).toEqual(['Saint-Michel-de-Maurienne']);
    expect(covered('briancon-who-healthy-city')).toEqual(['05023']);
  });

  it("draws a sited row at its site's reference point, the others at the covered commune nearest their mean", () => {
    const point = (code: string) =>
      db.prepare('SELECT ref_lon, ref_lat FROM communes WHERE code = ?').raw().get(code) as [number, number];
    const drawnAt = read.map((i) => {
      const points = i.communes.map(point);
      const mean = [0, 1].map((k) => points.reduce((s, p) => s + p[k]!, 0) / points.length);
      const distances = points.map((p) => turf.distance(mean, p));
      const expected = i.siteCode ?? i.communes[distances.indexOf(Math.min(...distances))]!;
      expect([i.lon, i.lat], i.id).toEqual(point(expected));
      return [i.id, column('SELECT name FROM communes WHERE code = ?', expected)[0]];
    });
    expect(Object.fromEntries(drawnAt)).toEqual({
      'claree-alert-system': 'Névache',
      'allertameteopie-services': 'Fenestrelle',
      'coeur-resilient-model-works': 'Fourneaux',
      'coeur-resilient-risk-awareness': 'Fourneaux',
      'coeur-innovant-sme-studies': 'Fourneaux',
      yatou: 'La Tour-en-Maurienne',
      'laboratorio-alte-valli': 'Fenestrelle',
      bizalp: 'Fourneaux',
      'espace-maurienne-galibier': 'Saint-Michel-de-Maurienne',
      'salle-de-creativite-briancon': 'Briançon',
      'cross-border-business-network': 'Fourneaux',
      'briancon-who-healthy-city': 'Briançon',
      'brianconnais-pluralps-pilot': 'La Salle-les-Alpes',
    });
  });

  it('is the initiatives table of the built atlas, row for row', () => {
    const rows = db.prepare('SELECT * FROM initiatives ORDER BY rowid').all() as Record<string, unknown>[];
    expect(rows).toEqual(
      read.map((i) => ({
        id: i.id,
        name: i.name,
        programme: i.programme,
        project: i.project,
        kind: i.kind,
        lead: i.lead,
        site_code: i.siteCode,
        lon: i.lon,
        lat: i.lat,
        communes: JSON.stringify(i.communes),
        descriptions: JSON.stringify(i.descriptions),
        evidence: JSON.stringify(i.evidence),
        coverage_note: i.coverageNote,
        source_id: 'atlas-initiatives',
      })),
    );
  });
});

/** A valid file of one row, by hand: each case below breaks one field of it. */
const DOCUMENT = {
  document: 'doc.txt',
  language: 'fr',
  title: 'Titre',
  titleIsDescription: false,
  publisher: null,
  publisherNote: 'The document does not state its publisher.',
};
const TEXTS = { en: 'A text.', fr: 'Un texte.', it: 'Un testo.', de: 'Ein Text.', sl: 'Besedilo.' };
const row = (): any => ({
  id: 'a-row',
  name: 'A row',
  programme: 'A programme',
  project: null,
  kind: 'network',
  lead: null,
  site: null,
  coverage: { communes: ['05093'] },
  coverageNote: 'As the document says.',
  descriptions: { ...TEXTS },
  evidence: [{ document: 'doc.txt', says: 'What it says.', pages: [] }],
});
const refusal = (rows: unknown[], documents: unknown[] = [DOCUMENT]) => {
  try {
    readInitiatives('bad.json', { documents, initiatives: rows }, places);
  } catch (error) {
    return (error as Error).message;
  }
  return 'accepted';
};
const broken = (edit: (r: any) => void) => {
  const r = row();
  edit(r);
  return refusal([r]);
};
const AT = 'bad.json, feature a-row, field';

describe('readInitiatives refuses a bad row, naming the file, the row and the field', () => {
  it('accepts the fixture as it is', () => {
    expect(refusal([row()])).toBe('accepted');
  });

  it('refuses an unknown kind, field, or a malformed or repeated id', () => {
    expect(broken((r) => (r.kind = 'alarm'))).toBe(
      `${AT} "kind": expected one of alert-system, public-app, business-platform, business-space, network, label, ` +
        'pilot, works, awareness, study, welcome-service, other, got "alarm"',
    );
    expect(broken((r) => (r.programm = 'x'))).toBe(
      `${AT} "programm": expected only the fields id, name, programme, project, kind, lead, site, coverage, ` +
        'coverageNote, descriptions, evidence',
    );
    expect(broken((r) => (r.id = 'A Row'))).toBe(
      'bad.json, feature A Row, field "id": expected a kebab-case id (lower-case letters and digits, hyphens), ' +
        'got "A Row"',
    );
    expect(refusal([row(), row()])).toBe(`${AT} "id": expected an id used by no other row, got "a-row"`);
    expect(broken((r) => (r.name = ' '))).toBe(`${AT} "name": expected a non-empty text, got " "`);
    expect(broken((r) => delete r.lead)).toBe(`${AT} "lead": expected a non-empty text, or null`);
  });

  it('refuses a coverage naming no atlas commune, territory or region, or a site outside it', () => {
    expect(broken((r) => (r.coverage = { communes: ['99999'] }))).toBe(
      `${AT} "coverage.communes": expected codes of atlas communes (INSEE or ISTAT, as text), got "99999"`,
    );
    expect(broken((r) => (r.coverage = { communes: [5093] }))).toBe(
      `${AT} "coverage.communes": expected codes of atlas communes (INSEE or ISTAT, as text), got 5093`,
    );
    expect(broken((r) => (r.coverage = { territories: ['cc-nowhere'] }))).toBe(
      `${AT} "coverage.territories": expected ids of territories of data/territories.json, got "cc-nowhere"`,
    );
    // A PlurAlps pilot outside the atlas's communes covers none of them.
    expect(broken((r) => (r.coverage = { territories: ['pluralps-ruggell'] }))).toBe(
      `${AT} "coverage.territories": expected territories with atlas communes, got "pluralps-ruggell"`,
    );
    expect(broken((r) => (r.coverage = { regions: [{ country: 'FR', code: '01' }] }))).toBe(
      `${AT} "coverage.regions": expected a region of the atlas communes: {country, code} as in the communes ` +
        'table, got {"country":"FR","code":"01"}',
    );
    expect(broken((r) => (r.coverage = {}))).toBe(
      `${AT} "coverage": expected an object with communes (codes), territories (ids) or regions ({country, code}), ` +
        'got {}',
    );
    expect(broken((r) => (r.coverage = { communes: ['05093'], areas: ['x'] }))).toBe(
      `${AT} "coverage.areas": expected only communes, territories, regions`,
    );
    expect(broken((r) => (r.site = '73261'))).toBe(
      `${AT} "site": expected one of the communes its coverage covers (05093), got "73261"`,
    );
    expect(broken((r) => (r.site = '99999'))).toBe(
      `${AT} "site": expected the code of an atlas commune, or null, got "99999"`,
    );
  });

  it('refuses a description missing in a language, and evidence missing or citing no listed document', () => {
    expect(broken((r) => (r.descriptions = { ...TEXTS, de: ' ', sl: undefined }))).toBe(
      `${AT} "descriptions": expected a text in each of en, fr, it, de, sl (missing de, sl)`,
    );
    expect(broken((r) => (r.evidence = []))).toBe(
      `${AT} "evidence": expected a list of the documents that state the initiative, got []`,
    );
    expect(broken((r) => (r.evidence[0].document = 'other.txt'))).toBe(
      `${AT} "evidence.document": expected one of the documents listed (doc.txt), got "other.txt"`,
    );
    expect(broken((r) => (r.evidence[0].pages = ['http://example.org']))).toBe(
      `${AT} "evidence.pages": expected a list of https URLs of public pages (empty when none can be cited), got ` +
        '["http://example.org"]',
    );
    expect(refusal([row()], [{ ...DOCUMENT, publisherNote: undefined }])).toBe(
      'bad.json, feature documents #1, field "publisherNote": expected a note saying why the publisher is null ' +
        '(the document does not state it)',
    );
  });

  it('fails the build on such a row, naming it, and leaves no database', async () => {
    const copy = mirrorCopy();
    copy.editCurated('initiatives.json', (json) => {
      json.initiatives.find((r: { id: string }) => r.id === 'yatou').kind = 'platform';
    });
    await expect(buildAtlas(copy.options)).rejects.toThrow(
      `${copy.curatedFile('initiatives.json')}, feature yatou, field "kind": expected one of alert-system,`,
    );
    expect(existsSync(copy.options.dbPath)).toBe(false);
    rmSync(copy.dir, { recursive: true, force: true });
  });
});
