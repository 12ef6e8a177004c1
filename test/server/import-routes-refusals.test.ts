import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { AUTH, TOKEN, useImportAtlas } from '../helpers/import-app.ts';
import { example, importExample, indicator, INDICATOR_FILE, listImports, post } from '../helpers/import-requests.ts';
import { expectJsonError } from '../helpers/json-error.ts';

/**
 * The import routes refuse a bad file, a file imported already, a kind, name or content type they do not take,
 * and a file over 5 MB, listing what is wrong and storing nothing.
 */

const MAX_FILE_BYTES = 5 * 1024 * 1024;

describe('with a write token', () => {
  let app: FastifyInstance;
  useImportAtlas().startEach(TOKEN, (running) => ({ app } = running));

  describe('refusals', () => {
    it('a bad file: 400 listing every problem with file, line and field; nothing stored', async () => {
      await importExample(app, 'indicator', INDICATOR_FILE);
      const imports = await listImports(app);
      const indicators = await app.inject('/api/indicators');
      const file = [
        'indicator,commune,period,value,source,licence',
        'population,99999,winter-2025,"1,5",Test fixture,Licence Ouverte 2.0',
        'population,05023,winter-2025,12,Test fixture,Licence Ouverte 2.0',
        'population,05027,winter-2025,NaN,Test fixture,',
      ].join('\n');
      const body = expectJsonError(await post(app, 'indicator', 'bad values.csv', file), 400, 'InvalidFile');
      expect(body.description).toBe('bad values.csv was not imported: 4 problems; nothing was stored');
      expect(body.errors).toHaveLength(4);
      expect(body.errors![0]).toMatch(
        /^bad values\.csv, line 2, field "commune": expected the code of an atlas commune .*, got "99999"$/,
      );
      expect(body.errors![1]).toMatch(
        new RegExp(
          '^bad values\\.csv, line 2, field "value": ' +
            'expected a number with a decimal point, not a comma .*, got "1,5"$',
        ),
      );
      expect(body.errors![2]).toMatch(/^bad values\.csv, line 4, field "value": expected a finite number/);
      expect(body.errors![3]).toMatch(/^bad values\.csv, line 4, field "licence": expected a non-empty licence/);

      expect(await listImports(app)).toEqual(imports);
      expect((await app.inject('/api/indicators')).body).toBe(indicators.body);
      expect((await indicator(app, 'population')).periods.map((p) => p.period)).not.toContain('winter-2025');
    });

    it('a file already imported: 400 naming the earlier import', async () => {
      const first = await importExample(app, 'indicator', INDICATOR_FILE);
      const body = expectJsonError(
        await post(app, 'indicator', 'again.csv', example(INDICATOR_FILE)),
        400,
        'InvalidFile',
      );
      expect(body.errors).toHaveLength(13);
      expect(body.errors![0]).toMatch(
        'again.csv, line 2, field "period": expected a value not imported already ' +
          `(import ${first.id} has population for 05023`,
      );
      expect(await listImports(app)).toEqual([first]);
    });

    it(
      'a kind or a name the route does not take: 400 with the token, 401 without ' + '(the token is checked first)',
      async () => {
        const kind = expectJsonError(
          await post(app, 'budget', 'x.csv', example(INDICATOR_FILE), AUTH),
          400,
          'InvalidParameterValue',
        );
        expect(kind.description).toBe(
          'Path segment "kind": expected one of indicator, flows, services, initiatives, official, got "budget"',
        );
        expectJsonError(await post(app, 'budget', 'x.csv', example(INDICATOR_FILE), {}), 401, 'Unauthorized');
        for (const name of ['../x.csv', 'x.exe', '.csv', `${'a'.repeat(121)}.csv`]) {
          const body = expectJsonError(
            await post(app, 'indicator', name, example(INDICATOR_FILE)),
            400,
            'InvalidParameterValue',
          );
          expect(body.description, name).toMatch(
            /^Parameter "name": expected the file name, ending in \.csv, \.geojson or \.json/,
          );
        }
        const noName = await app.inject({
          method: 'POST',
          url: '/api/imports/indicator',
          headers: { 'content-type': 'text/csv', ...AUTH },
          payload: example(INDICATOR_FILE),
        });
        expectJsonError(noName, 400, 'InvalidParameterValue');
        expect(await listImports(app)).toEqual([]);
      },
    );

    it('a body sent as text/plain: 400 naming the content types; an unknown content type: 415', async () => {
      const plain = await post(app, 'indicator', INDICATOR_FILE, example(INDICATOR_FILE), {
        ...AUTH,
        'content-type': 'text/plain',
      });
      expect(expectJsonError(plain, 400, 'InvalidFile').description).toMatch(
        /text\/csv, application\/geo\+json or application\/json/,
      );
      const xml = await post(app, 'indicator', INDICATOR_FILE, example(INDICATOR_FILE), {
        ...AUTH,
        'content-type': 'application/xml',
      });
      expect(expectJsonError(xml, 415, 'FST_ERR_CTP_INVALID_MEDIA_TYPE').description).toMatch(
        /send the file as text\/csv, application\/geo\+json/,
      );
      expectJsonError(
        await post(app, 'indicator', INDICATOR_FILE, example(INDICATOR_FILE), { 'content-type': 'application/xml' }),
        401,
        'Unauthorized',
      );
      expect(await listImports(app)).toEqual([]);
    });

    it('takes the file with a charset parameter in its content type', async () => {
      const response = await post(app, 'indicator', INDICATOR_FILE, example(INDICATOR_FILE), {
        ...AUTH,
        'content-type': 'text/csv; charset=utf-8',
      });
      expect(response.statusCode, response.body).toBe(201);
    });

    it(
      'a file of more than 5 MB: 413 before the importer reads it; ' + 'one of exactly 5 MB reaches the importer',
      async () => {
        const header = 'indicator,commune,period,value,source,licence\n';
        const atLimit = Buffer.concat([Buffer.from(header), Buffer.alloc(MAX_FILE_BYTES - header.length, '\n')]);
        const tooLarge = Buffer.concat([atLimit, Buffer.from('\n')]);
        const refused = expectJsonError(
          await post(app, 'indicator', 'huge.csv', tooLarge),
          413,
          'FST_ERR_CTP_BODY_TOO_LARGE',
        );
        expect(refused.description).toMatch(
          new RegExp(
            '^POST "/api/imports/indicator": ' +
              'the body is larger than this route accepts \\(an imported file: at most 5 MB\\)',
          ),
        );
        // Without the token the server refuses before it reads the body.
        expectJsonError(await post(app, 'indicator', 'huge.csv', tooLarge, {}), 401, 'Unauthorized');
        const read = expectJsonError(await post(app, 'indicator', 'limit.csv', atLimit), 400, 'InvalidFile');
        expect(read.errors).toEqual(['limit.csv, line 2: expected at least one data row']);
        expect(await listImports(app)).toEqual([]);
      },
    );
  });
});
