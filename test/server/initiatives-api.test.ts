import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CommuneRecord, LayerRecord, SourceRecord } from '../../vocabulary/api-records.ts';
import { LANGUAGES } from '../../vocabulary/languages.ts';
import { ids, useOgcApi, type FeatureJson } from '../helpers/ogc-client.ts';
import { PROJECT_ROOT, realOptions } from '../helpers/paths.ts';

/**
 * The initiatives as the API serves them: the collection /ogc/collections/initiatives (its features against the
 * initiatives table, whole), its filters, its catalogue entries (/api/layers, /api/sources, against the curated
 * files) and the initiatives of the commune answer /api/communes/{code}.
 */

const { get, getItems, all, column } = useOgcApi();

interface InitiativeRow {
  id: string;
  name: string;
  programme: string;
  project: string | null;
  kind: string;
  lead: string | null;
  site_code: string | null;
  lon: number;
  lat: number;
  communes: string;
  descriptions: string;
  evidence: string;
  coverage_note: string;
  source_id: string;
}
const rows = () => all<InitiativeRow>('SELECT * FROM initiatives ORDER BY id');
const curated = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'data/initiatives.json'), 'utf8')) as {
  initiatives: { id: string; name: string; descriptions: Record<string, string> }[];
};
const coveringIds = (code: string) =>
  column('SELECT i.id FROM initiatives i, json_each(i.communes) c WHERE c.value = ? ORDER BY i.id', code);

/** A row of the table as the collection must serve it. */
function expectedFeature(row: InitiativeRow): FeatureJson {
  const descriptions = JSON.parse(row.descriptions) as Record<string, string>;
  return {
    type: 'Feature',
    id: row.id,
    geometry: { type: 'Point', coordinates: [row.lon, row.lat] },
    properties: {
      name: row.name,
      programme: row.programme,
      project: row.project,
      kind: row.kind,
      lead: row.lead,
      site_code: row.site_code,
      communes: JSON.parse(row.communes),
      ...Object.fromEntries(LANGUAGES.map((l) => [`description_${l}`, descriptions[l]])),
      coverage_note: row.coverage_note,
      evidence: row.evidence,
      source: row.source_id,
      import_id: null,
    },
  };
}

describe('/ogc/collections/initiatives', () => {
  it('serves every row of the initiatives table as a point, with all its properties', async () => {
    const page = await getItems('/ogc/collections/initiatives/items?limit=10000');
    expect(page.numberMatched).toBe(13);
    expect(page.features).toEqual(rows().map(expectedFeature));
    const one = (await get('/ogc/collections/initiatives/items/claree-alert-system')).json() as FeatureJson;
    expect({ ...one, links: undefined }).toEqual({
      ...expectedFeature(rows().find((r) => r.id === 'claree-alert-system')!),
      links: undefined,
    });
    expect(one.properties.name).toBe("Système d'alerte Clarée");
    expect(one.properties.communes).toEqual(['05093', '05174']);
    expect(JSON.parse(one.properties.evidence as string)[0]).toMatchObject({
      document: '002_1675b2a4225ae776.txt',
      publisher: null,
      publisherNote: expect.stringMatching(/^The document does not state its publisher/),
      pages: [],
    });
  });

  it('filters by kind and by a commune the initiative covers', async () => {
    expect(ids(await getItems('/ogc/collections/initiatives/items?kind=business-platform'))).toEqual([
      'bizalp',
      'laboratorio-alte-valli',
      'yatou',
    ]);
    for (const code of ['05093', '05023', '73261', '001022']) {
      const found = ids(await getItems(`/ogc/collections/initiatives/items?commune=${code}&limit=100`));
      expect(found, code).toEqual(coveringIds(code));
    }
    expect(ids(await getItems('/ogc/collections/initiatives/items?commune=05093'))).toContain('claree-alert-system');
    // Guillestre (Guillestrois-Queyras): no initiative of the seed documents covers it.
    expect((await getItems('/ogc/collections/initiatives/items?commune=05065')).numberMatched).toBe(0);
  });

  it('describes itself in the language asked, with the licence of its source', async () => {
    const layers = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'data/layers.json'), 'utf8')).layers as {
      id: string;
      titles: Record<string, string>;
      descriptions: Record<string, string>;
    }[];
    const layer = layers.find((l) => l.id === 'initiatives')!;
    const collection = (await get('/ogc/collections/initiatives?lang=it')).json();
    expect([collection.title, collection.description]).toEqual([layer.titles.it, layer.descriptions.it]);
    expect(
      collection.links.filter((l: { rel: string }) => l.rel === 'license').map((l: { href: string }) => l.href),
    ).toEqual(['https://creativecommons.org/licenses/by/4.0/']);
    const { layers: served } = (await get('/api/layers')).json() as { layers: LayerRecord[] };
    expect(served.find((l) => l.id === 'initiatives')).toEqual({
      id: 'initiatives',
      titles: layer.titles,
      descriptions: layer.descriptions,
      geometryType: 'Point',
      itemCount: 13,
      sources: ['atlas-initiatives'],
    });
  });
});

describe('/api/sources/atlas-initiatives', () => {
  it('is the manifest entry, without upstream URL, with the checksum of the curated file the build read', async () => {
    const entry = JSON.parse(readFileSync(realOptions.manifestPath, 'utf8')).sources.find(
      (s: { id: string }) => s.id === 'atlas-initiatives',
    );
    const file = readFileSync(path.join(PROJECT_ROOT, 'data/initiatives.json'));
    const source = (await get('/api/sources/atlas-initiatives')).json() as SourceRecord;
    expect(source).toEqual({
      id: 'atlas-initiatives',
      title: entry.titles.en,
      titles: entry.titles,
      publisher: entry.publisher,
      licence: entry.licence,
      url: null,
      vintage: entry.vintage,
      derivation: entry.derivation,
      sha256: createHash('sha256').update(file).digest('hex'),
      package: null,
      upstreams: null,
    });
  });
});

describe('/api/communes/{code} lists the initiatives that cover the commune', () => {
  const answer = async (code: string) => ((await get(`/api/communes/${code}`)).json() as CommuneRecord).initiatives;

  it('Névache: the Clarée alert system, the PlurAlps pilot, the projects over all the Hautes Vallées', async () => {
    const initiatives = await answer('05093');
    expect(initiatives.map((i) => i.id)).toEqual([
      'bizalp',
      'brianconnais-pluralps-pilot',
      'claree-alert-system',
      'coeur-innovant-sme-studies',
      'coeur-resilient-model-works',
      'coeur-resilient-risk-awareness',
      'cross-border-business-network',
    ]);
    const claree = curated.initiatives.find((i) => i.id === 'claree-alert-system')!;
    expect(initiatives.find((i) => i.id === 'claree-alert-system')).toEqual({
      id: 'claree-alert-system',
      name: claree.name,
      programme: 'Interreg Alcotra — PITer Hautes Vallées',
      project: 'Cœur Résilient',
      kind: 'alert-system',
      lead: 'Metropolitan City of Turin',
      descriptions: claree.descriptions,
      source: 'atlas-initiatives',
    });
  });

  it('each commune lists exactly the initiatives whose coverage includes it', async () => {
    for (const code of ['05023', '73261', '001022', '001190', '05065']) {
      expect(
        (await answer(code)).map((i) => i.id),
        code,
      ).toEqual(coveringIds(code));
    }
    expect((await answer('05023')).map((i) => i.id)).toEqual(
      expect.arrayContaining(['salle-de-creativite-briancon', 'briancon-who-healthy-city']),
    );
    expect((await answer('73261')).map((i) => i.id)).toContain('espace-maurienne-galibier');
    expect(await answer('05065')).toEqual([]);
  });
});
