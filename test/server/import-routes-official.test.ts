import type { FastifyInstance } from 'fastify';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OfficialSummary } from '../../vocabulary/official-variables.ts';
import { roundTo } from '../../vocabulary/rounding.ts';
import type { ImportRecord } from '../../vocabulary/api-records.ts';
import { TOKEN, useImportAtlas } from '../helpers/import-app.ts';
import { getJson, indicator, listImports, post } from '../helpers/import-requests.ts';
import { expectJsonError } from '../helpers/json-error.ts';
import {
  ANPR_FILE,
  anprFile,
  baseCcLogement,
  EVOL_STRUCT_POP_FIXTURE,
  evolStructPopFile,
} from '../helpers/official-files.ts';

/**
 * POST /api/imports/official: an official file as published, from the page. Real: the mirror's ANPR file and an
 * INSEE base-cc written from the mirror's census counts, whose values the atlas already has (200, nothing stored).
 * Fixture values: the IRIS age and nationality counts, stored and served (201).
 */

type Answer = { import: ImportRecord | null; summary: OfficialSummary };
type Values = { periods: { period: string; label: string }[]; values: Record<string, ValueOf> };
type ValueOf = { value: number; period: string; source: string };

describe('official files through the API', () => {
  let app: FastifyInstance;
  useImportAtlas().startEach(TOKEN, (running) => ({ app } = running));

  it('the mirror’s ANPR file: 200, every comune agrees with the reference population, no import made', async () => {
    const before = await app.inject('/api/indicators/population?period=anpr-2026-01');
    const response = await post(app, 'official', path.basename(ANPR_FILE), anprFile());
    expect(response.statusCode, response.body).toBe(200);
    const answer = response.json() as Answer;
    expect(answer.import).toBeNull();
    expect(answer.summary).toMatchObject({ layout: 'anpr-residenti', rows: 38, communesKept: 38 });
    expect(answer.summary.measures).toEqual([
      { indicator: 'population', period: 'anpr-2026-01', formula: 'RESIDENTI', agreeing: 38, stored: 0, noValue: 0 },
    ]);
    expect(await listImports(app)).toEqual([]);
    expect((await app.inject('/api/indicators/population?period=anpr-2026-01')).body).toBe(before.body);
  });

  it('an INSEE base named .CSV as in INSEE’s zips: the 435 secondary-homes shares agree with the build’s', async () => {
    const response = await post(app, 'official', 'base-cc-logement-2021.CSV', baseCcLogement());
    expect(response.statusCode, response.body).toBe(200);
    const { summary } = response.json() as Answer;
    const built = await getJson<Values>(app, '/api/indicators/secondary-homes-share?period=insee-rp2021');
    expect(Object.keys(built.values)).toHaveLength(435);
    expect(summary.measures).toEqual([expect.objectContaining({ agreeing: 435, stored: 0 })]);
  });

  it('fixture counts of base-ic-evol-struct-pop: 201, shares served at one decimal, their period, source', async () => {
    const { name, expected } = EVOL_STRUCT_POP_FIXTURE;
    const response = await post(app, 'official', name, evolStructPopFile());
    expect(response.statusCode, response.body).toBe(201);
    const made = (response.json() as Answer).import!;
    expect(made).toMatchObject({ kind: 'official', fileName: name, rowCount: 11 });
    expect(await listImports(app)).toEqual([made]);
    const source = made.sources[0]!.id;
    const shares = {
      'foreign-residents-share': 'foreign',
      'immigrants-share': 'immigrants',
      'under-30-share': 'under30',
      'over-65-share': 'over65',
    } as const;
    for (const [id, key] of Object.entries(shares)) {
      const served = await getJson<Values>(app, `/api/indicators/${id}?period=insee-rp2021&lang=fr`);
      // A period the indicator did not have: labelled with its id, as every planner's period is.
      expect(served.periods, id).toEqual([
        { period: 'insee-rp2021', label: 'insee-rp2021 (importé)', referenceDate: null, importId: made.id },
      ]);
      expect((await indicator(app, id)).periods[0]!.labels.en).toBe('insee-rp2021 (imported)');
      expect(served.values, id).toEqual(
        Object.fromEntries(
          Object.entries(expected).map(([code, e]) => [
            code,
            { value: roundTo(e[key] * 100, 1), period: 'insee-rp2021', source },
          ]),
        ),
      );
    }
    const sources = await getJson<{ sources: { id: string; title: string; licence: { name: string } }[] }>(
      app,
      '/api/sources',
    );
    expect(sources.sources.find((s) => s.id === source)).toMatchObject({
      title: `INSEE: ${name}, imported as published (insee-rp2021)`,
      licence: { name: 'Licence Ouverte / Open Licence 2.0 (Etalab)' },
    });
  });

  it('a file of no known layout: 400 naming the layouts expected; nothing stored', async () => {
    const body = expectJsonError(await post(app, 'official', 'mine.csv', 'code,value\n05023,1\n'), 400, 'InvalidFile');
    expect(body.description).toBe('mine.csv was not imported: 1 problem; nothing was stored');
    expect(body.errors![0]).toMatch(/^mine\.csv, line 1: expected the header row of an official file as published: /);
    expect(body.errors![0]).toContain('INSEE base communale (base-cc-…)');
    expect(body.errors![0]).toContain('ANPR residents by comune');
    expect(await listImports(app)).toEqual([]);
  });
});
