import type { FastifyInstance } from 'fastify';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportRecord } from '../../vocabulary/api-records.ts';
import { AUTH, TOKEN, useImportAtlas, type Running } from '../helpers/import-app.ts';
import { DGCL_SOURCE, example, INDICATOR_FILE, listImports, post, remove } from '../helpers/import-requests.ts';
import { expectJsonError } from '../helpers/json-error.ts';

/**
 * The planners' import routes (GET, POST /api/imports/{kind}, DELETE /api/imports/{id}) on the real atlas and a
 * real local database in a temp dir: writes are off without a write token, and with one only a request that
 * bears it imports.
 */

const { start, startEach } = useImportAtlas();

describe('without a write token (writes off)', () => {
  let running: Running;
  beforeAll(async () => {
    running = await start(null);
  });
  afterAll(() => running.stop());

  it(
    'answers 403 with a JSON error to imports and removals, even with a bearer token, ' + 'and stores nothing',
    async () => {
      for (const headers of [{}, AUTH] as Record<string, string>[]) {
        const body = expectJsonError(
          await post(running.app, 'indicator', 'x.csv', example(INDICATOR_FILE), headers),
          403,
          'WritesDisabled',
        );
        expect(body.description).toMatch(/ATLAS_WRITE_TOKEN/);
        expectJsonError(await remove(running.app, 1, headers), 403, 'WritesDisabled');
      }
      expect(running.store.list()).toEqual([]);
    },
  );

  it('still lists the imports, uncached', async () => {
    const response = await running.app.inject('/api/imports');
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect((response.json() as { imports: ImportRecord[] }).imports).toEqual([]);
  });
});

describe('with a write token', () => {
  let app: FastifyInstance;
  startEach(TOKEN, (running) => ({ app } = running));

  describe('the token', () => {
    it(
      'refuses an import without it (401 with WWW-Authenticate) or with a wrong one, ' + 'naming neither token',
      async () => {
        const refusals: Record<string, string>[] = [
          {},
          { authorization: 'Bearer wrong-token-of-some-length' },
          { authorization: `Bearer ${TOKEN}x` },
          { authorization: `Bearer ${TOKEN.slice(0, -1)}` },
          { authorization: TOKEN },
          { authorization: `Basic ${TOKEN}` },
          { authorization: `bearer ${TOKEN}` },
          { authorization: 'Bearer ' },
        ];
        for (const headers of refusals) {
          const response = await post(app, 'indicator', INDICATOR_FILE, example(INDICATOR_FILE), headers);
          const body = expectJsonError(response, 401, 'Unauthorized');
          expect(response.headers['www-authenticate'], JSON.stringify(headers)).toMatch(/^Bearer /);
          expect(body.description).not.toContain(TOKEN);
          expect(response.body).not.toContain('wrong-token');
        }
        expect(await listImports(app)).toEqual([]);
      },
    );

    it('imports the indicator example with it: 201 and the import record, then listed', async () => {
      const response = await post(app, 'indicator', INDICATOR_FILE, example(INDICATOR_FILE));
      expect(response.statusCode, response.body).toBe(201);
      const record = (response.json() as { import: ImportRecord }).import;
      expect(record).toEqual({
        id: 1,
        kind: 'indicator',
        fileName: INDICATOR_FILE,
        importedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        rowCount: 13,
        sha256: createHash('sha256').update(example(INDICATOR_FILE)).digest('hex'),
        sources: [{ id: 'import-1-1', ...DGCL_SOURCE }],
      });
      expect(Math.abs(Date.parse(record.importedAt) - Date.now())).toBeLessThan(60_000);
      expect(await listImports(app)).toEqual([record]);
    });
  });
});
