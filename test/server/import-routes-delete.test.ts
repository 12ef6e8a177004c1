import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { TOKEN, useImportAtlas } from '../helpers/import-app.ts';
import {
  DGCL_PERIOD,
  importExample,
  indicator,
  INDICATOR_FILE,
  listImports,
  remove,
} from '../helpers/import-requests.ts';
import { expectJsonError } from '../helpers/json-error.ts';

/** DELETE /api/imports/{id}: with the write token only, and never giving a removed import's number again. */

describe('with a write token', () => {
  let app: FastifyInstance;
  useImportAtlas().startEach(TOKEN, (running) => ({ app } = running));

  describe('DELETE /api/imports/{id}', () => {
    it('needs the token, removes the import and its period, then answers 404', async () => {
      const record = await importExample(app, 'indicator', INDICATOR_FILE);
      expect((await indicator(app, 'population')).periods.map((p) => p.period)).toContain(DGCL_PERIOD);

      for (const headers of [{}, { authorization: 'Bearer not-the-token-at-all' }] as Record<string, string>[]) {
        const response = await remove(app, record.id, headers);
        expectJsonError(response, 401, 'Unauthorized');
        expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
      }
      expect(await listImports(app)).toEqual([record]);

      const removed = await remove(app, record.id);
      expect(removed.statusCode, removed.body).toBe(204);
      expect(removed.body).toBe('');
      expect(await listImports(app)).toEqual([]);
      const population = await indicator(app, 'population');
      expect(population.periods.map((p) => p.period)).not.toContain(DGCL_PERIOD);
      expect(population.sources).not.toContain(record.sources[0]!.id);
      expectJsonError(
        await app.inject(`/api/indicators/population?period=${DGCL_PERIOD}`),
        400,
        'InvalidParameterValue',
      );
      expectJsonError(await app.inject(`/api/sources/${record.sources[0]!.id}`), 404, 'NotFound');

      const again = expectJsonError(await remove(app, record.id), 404, 'NotFound');
      expect(again.description).toBe(`No import ${record.id}; GET /api/imports lists them`);
    });

    it(
      "never gives a removed import's number again, " + 'so a cached answer about it is never taken as current',
      async () => {
        const first = await importExample(app, 'indicator', INDICATOR_FILE);
        const cached = await app.inject(`/api/sources/${first.sources[0]!.id}`);
        expect(cached.statusCode).toBe(200);
        expect((await remove(app, first.id)).statusCode).toBe(204);
        const second = await importExample(app, 'indicator', INDICATOR_FILE);
        expect(second.id).toBeGreaterThan(first.id);
        expect(second.sources[0]!.id).not.toBe(first.sources[0]!.id);
        const stale = await app.inject({
          url: `/api/sources/${first.sources[0]!.id}`,
          headers: { 'if-none-match': String(cached.headers.etag) },
        });
        expectJsonError(stale, 404, 'NotFound');
      },
    );

    it('refuses an id that is not a positive whole number', async () => {
      for (const id of ['abc', '0', '-1', '1.5']) expectJsonError(await remove(app, id), 400, 'InvalidParameterValue');
    });
  });
});
