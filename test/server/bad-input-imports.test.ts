import { describe, expect, it } from 'vitest';
import { errorBodyProblem, shorten } from '../helpers/error-body.ts';
import { HUGE } from '../helpers/hostile-values.ts';
import type { ErrorBody } from '../helpers/json-error.ts';
import { useRealApp } from '../helpers/real-app.ts';

/**
 * Broken files sent to the import routes, and ids that are not imports sent to the removal: every one is
 * refused as JSON {code, description} saying what is wrong, never with a 5xx, and nothing is stored.
 */

const TOKEN = 'x'.repeat(20);
const AUTH = { authorization: `Bearer ${TOKEN}` };

/** A services GeoJSON of one feature, a valid point unless the caller changes it. */
function servicesGeojson(feature: Record<string, unknown>): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [6.64, 44.9] },
        properties: {
          category: 'hospital',
          name: 'Test',
          address: '',
          country: 'FR',
          languages: '',
          contact: '',
          source: 'Test',
          licence: 'CC BY 4.0',
        },
        ...feature,
      },
    ],
  });
}

const INDICATOR_HEADER = 'indicator,commune,period,value,source,licence';

interface BadFile {
  title: string;
  kind: string;
  name: string;
  contentType?: string;
  body: string | Buffer;
  /** Statuses allowed: 400 unless the body's size or type is refused first. */
  statuses?: number[];
  /** What the description or the listed problems must say. */
  says: RegExp;
}

const BAD_FILES: BadFile[] = [
  {
    title: 'invalid UTF-8',
    kind: 'indicator',
    name: 'latin1.csv',
    body: Buffer.concat([
      Buffer.from(`${INDICATOR_HEADER}\npopulation,05023,p-1,1,Montagn`),
      Buffer.from([0xe9, 0xff, 0xc0, 0xae]),
      Buffer.from(',x\n'),
    ]),
    says: /UTF-8/,
  },
  {
    title: 'overlong UTF-8 in a GeoJSON',
    kind: 'services',
    name: 'overlong.geojson',
    body: Buffer.concat([
      Buffer.from('{"type":"FeatureCollection","features":[],"x":"'),
      Buffer.from([0xc0, 0xae, 0xc0, 0xaf]),
      Buffer.from('"}'),
    ]),
    says: /UTF-8/,
  },
  {
    title: 'invalid JSON',
    kind: 'services',
    name: 'broken.geojson',
    body: '{"type": "FeatureCollection", "features": [{"type": "Feature",',
    says: /valid JSON/,
  },
  {
    title: 'JSON that is not a FeatureCollection',
    kind: 'services',
    name: 'array.json',
    contentType: 'application/json',
    body: '[1, 2, 3]',
    says: /FeatureCollection/,
  },
  {
    title: 'deeply nested JSON',
    kind: 'services',
    name: 'nested.geojson',
    body: `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    says: /FeatureCollection|JSON/,
  },
  {
    title: 'a GeoJSON with an unclosed polygon ring',
    kind: 'services',
    name: 'polygon.geojson',
    body: servicesGeojson({
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [6.6, 44.9],
            [6.7, 44.9],
            [6.7, 45],
            [6.6, 45],
          ],
        ],
      },
    }),
    says: /Point/,
  },
  {
    title: '__proto__ and constructor keys',
    kind: 'services',
    name: 'proto.geojson',
    body:
      '{"__proto__": {"polluted": "yes"}, "type": "FeatureCollection", "features": [{"type": "Feature", ' +
      '"__proto__": {"polluted": "yes"}, ' +
      '"geometry": {"type": "Point", "coordinates": [6.64, 44.9]}, "properties": {"__proto__": {"polluted": "yes"}, ' +
      '"constructor": {"prototype": {"polluted": "yes"}}, "category": "hospital", "name": "Test", "country": "FR", ' +
      '"source": "Test", "licence": "CC BY 4.0"}}]}',
    says: /__proto__/,
  },
  {
    title: 'a __proto__ column',
    kind: 'indicator',
    name: 'proto.csv',
    body: `${INDICATOR_HEADER},__proto__\npopulation,05023,p-1,1,Test,CC BY 4.0,{"polluted":"yes"}\n`,
    says: /__proto__/,
  },
  {
    title: 'unknown commune codes',
    kind: 'indicator',
    name: 'communes.csv',
    body: `${INDICATOR_HEADER}\npopulation,99999,p-1,1,Test,CC BY 4.0\npopulation,' OR 1=1 --,p-1,2,Test,CC BY 4.0\n`,
    says: /99999/,
  },
  {
    title: 'an unknown origin commune',
    kind: 'flows',
    name: 'flows.csv',
    body: 'origin,destination,kind,period,value,source,licence\n00000,FR,other,p-1,5,Test,CC BY 4.0\n',
    says: /00000/,
  },
  {
    title: 'numbers no double holds, NaN and decimal commas',
    kind: 'indicator',
    name: 'numbers.csv',
    body:
      `${INDICATOR_HEADER}\npopulation,05023,p-1,${HUGE},Test,CC BY 4.0\npopulation,05027,p-1,NaN,Test,CC BY 4.0\n` +
      'population,05023,p-2,"1,5",Test,CC BY 4.0\n',
    says: /number/,
  },
  {
    title: 'a CSV with an unterminated quote',
    kind: 'indicator',
    name: 'quote.csv',
    body: `${INDICATOR_HEADER}\npopulation,05023,p-1,1,"Test,CC BY 4.0\n`,
    says: /quote/,
  },
  { title: 'an empty body', kind: 'indicator', name: 'empty.csv', body: '', says: /header|file/ },
  {
    title: 'an empty body without Content-Type',
    kind: 'indicator',
    name: 'empty.csv',
    contentType: '',
    body: '',
    says: /Content-Type|file/,
  },
  {
    title: 'a body with only a BOM',
    kind: 'indicator',
    name: 'bom.csv',
    body: Buffer.from([0xef, 0xbb, 0xbf]),
    says: /header/,
  },
  {
    title: 'a GeoJSON with only a BOM',
    kind: 'services',
    name: 'bom.geojson',
    body: Buffer.from([0xef, 0xbb, 0xbf]),
    says: /header|data|file/,
  },
  {
    title: 'an unsupported Content-Type',
    kind: 'indicator',
    name: 'plain.csv',
    contentType: 'text/plain',
    body: `${INDICATOR_HEADER}\n`,
    statuses: [400, 415],
    says: /Content-Type/,
  },
  {
    title: 'a file over 5 MB',
    kind: 'indicator',
    name: 'large.csv',
    body: Buffer.alloc(5 * 1024 * 1024 + 1, 0x61),
    statuses: [413],
    says: /5 MB/,
  },
  {
    title: 'a file name that leaves the folder',
    kind: 'indicator',
    name: '../../etc/passwd.csv',
    body: `${INDICATOR_HEADER}\n`,
    says: /Parameter "name"/,
  },
  {
    title: 'a file name of 10,000 characters',
    kind: 'indicator',
    name: `${'a'.repeat(10_000)}.csv`,
    body: `${INDICATOR_HEADER}\n`,
    says: /Parameter "name"/,
  },
  {
    title: 'an unknown kind',
    kind: '..%2f..%2fetc',
    name: 'x.csv',
    body: `${INDICATOR_HEADER}\n`,
    statuses: [400, 404],
    says: /kind|Nothing at/,
  },
];

describe('imports with writes on: broken files are refused and nothing is stored', () => {
  const writable = useRealApp({ writeToken: TOKEN });

  async function expectNothingStored(): Promise<void> {
    const listed = await writable.app.inject('/api/imports');
    expect(listed.statusCode).toBe(200);
    expect((listed.json() as { imports: unknown[] }).imports).toEqual([]);
    expect(writable.local.list()).toEqual([]);
    expect((await writable.app.inject('/healthz')).statusCode).toBe(200);
  }

  for (const file of BAD_FILES) {
    it(
      `POST /api/imports/${file.kind} with ${file.title}: ${(file.statuses ?? [400]).join(' or ')} ` +
        'as JSON saying what is wrong',
      async () => {
        const contentType = file.contentType ?? (file.name.endsWith('.csv') ? 'text/csv' : 'application/geo+json');
        const response = await writable.app.inject({
          method: 'POST',
          url: `/api/imports/${file.kind}?name=${encodeURIComponent(file.name)}`,
          headers: { ...AUTH, ...(contentType === '' ? {} : { 'content-type': contentType }) },
          payload: file.body,
        });
        const context = `${file.title}: ${response.statusCode} ${shorten(response.body, 600)}`;
        expect(file.statuses ?? [400], context).toContain(response.statusCode);
        expect(errorBodyProblem(response), context).toBeNull();
        const body = response.json() as ErrorBody;
        expect([body.description, ...(body.errors ?? [])].join('\n'), context).toMatch(file.says);
        expect(({} as Record<string, unknown>).polluted, 'Object.prototype stays clean').toBeUndefined();
        await expectNothingStored();
      },
    );
  }

  it('DELETE /api/imports/{id} with ids that are not imports: 400, 404 or 414 as JSON', async () => {
    const ids = [
      'abc',
      '0',
      '-1',
      '1.5',
      '1e400',
      'Infinity',
      'NaN',
      '99999999999999999999',
      HUGE,
      '%00',
      '%zz',
      '1%20OR%201=1',
      '1;DROP%20TABLE%20imports',
    ];
    const problems: string[] = [];
    for (const id of ids) {
      const response = await writable.app.inject({ method: 'DELETE', url: `/api/imports/${id}`, headers: AUTH });
      const problem = [400, 404, 414].includes(response.statusCode)
        ? errorBodyProblem(response)
        : `status ${response.statusCode}`;
      if (problem) {
        problems.push(
          `DELETE /api/imports/${shorten(id, 40)}: ${problem}; answered ${response.statusCode} ` +
            shorten(response.body, 200),
        );
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
    await expectNothingStored();
  });
});
