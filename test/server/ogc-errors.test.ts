import { describe, expect, it } from 'vitest';
import { useOgcApi } from '../helpers/ogc-client.ts';

/** Errors of the researchers' API: 400 naming the parameter, 404 as JSON, and never 5xx to hostile input. */

const { get } = useOgcApi();

describe('errors', () => {
  const ITEMS = '/ogc/collections/communes/items';
  const BAD_PARAMETERS: [query: string, parameter: string][] = [
    ['limit=0', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=1.5', 'limit'],
    ['offset=-1', 'offset'],
    ['offset=Infinity', 'offset'],
    ['limit=1e400', 'limit'],
    ['bbox=1,2,3', 'bbox'],
    ['bbox=0,50,1,40', 'bbox'],
    ['bbox=0,-91,1,40', 'bbox'],
    ['bbox=a,b,c,d', 'bbox'],
    ['datetime=yesterday', 'datetime'],
    ['datetime=2020-01-01/2019-01-01', 'datetime'],
    ['datetime=2019-13-45', 'datetime'],
    ['period=nope', 'period'],
    ['period=istat-2011,nope', 'period'],
    ['period=istat-2011&datetime=2019-01-01', 'datetime'],
    ['properties=nope', 'properties'],
    ['properties=name,nope', 'properties'],
    ['f=xml', 'f'],
    ['lang=xx', 'lang'],
    ['unknown=1', 'unknown'],
    ['country=FR&country=IT', 'country'],
  ];

  for (const [query, parameter] of BAD_PARAMETERS) {
    it(`answers 400 naming "${parameter}" for ?${query}`, async () => {
      const response = await get(`${ITEMS}?${query}`);
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      const body = response.json();
      expect(Object.keys(body)).toEqual(['code', 'description']);
      expect(body.code).toBe('InvalidParameterValue');
      expect(body.description).toMatch(new RegExp(`^Parameter "${parameter}"`));
    });
  }

  it(
    'refuses parameters of other routes: no period on a layer without indicators, ' + 'no bbox on the collection',
    async () => {
      for (const url of [
        '/ogc/collections/services/items?period=2019',
        '/ogc/collections/communes?bbox=0,0,1,1',
        '/ogc?limit=1',
      ]) {
        const response = await get(url);
        expect(response.statusCode, url).toBe(400);
        expect(response.json().code, url).toBe('InvalidParameterValue');
      }
    },
  );

  it('answers 404 JSON for an unknown collection or path', async () => {
    for (const url of [
      '/ogc/collections/nope',
      '/ogc/collections/nope/items',
      '/ogc/nope',
      '/ogc/collections/communes/items/05023/more',
    ]) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type'], url).toBe('application/json; charset=utf-8');
      expect(response.json(), url).toEqual({
        code: 'NotFound',
        description: `Nothing at GET ${url}; /ogc lists the API`,
      });
    }
  });

  it('never answers 5xx to hostile input', async () => {
    const long = 'x'.repeat(10_000);
    const requests: [url: string, headers?: Record<string, string>][] = [
      [`${ITEMS}?country=${long}`],
      [`${ITEMS}/${long}`],
      [`/ogc/collections/${long}`],
      [`${ITEMS}?${long}=1`],
      [`${ITEMS}?properties=${'name,'.repeat(2000)}name`],
      [`${ITEMS}?period=${'istat-2011,'.repeat(2000)}istat-2011`],
      ['/ogc/collections/%00'],
      [`${ITEMS}/%00`],
      [`${ITEMS}?country=%00`],
      [`${ITEMS}?bbox=%00`],
      [`${ITEMS}/%F0%9F%8F%94`],
      [`${ITEMS}?territory=%E2%80%AE%F0%9F%98%80`],
      [`${ITEMS}?country=%FF%FE`],
      [`${ITEMS}?%FF=1`],
      [`${ITEMS}/..%2F..%2Fpackage.json`],
      ['/ogc/collections/../../package.json'],
      ['/api/sources/..%2Fsources'],
      [`${ITEMS}?limit=1e400`],
      [`${ITEMS}?limit=99999999999999999999`],
      [`${ITEMS}?limit=-99999999999999999999`],
      [`${ITEMS}?offset=99999999999999999999`],
      [`${ITEMS}?offset=1e400`],
      [`${ITEMS}?bbox=1e400,0,1,1`],
      [`${ITEMS}?bbox=`],
      [`${ITEMS}?limit=`],
      [`${ITEMS}?offset=`],
      [`${ITEMS}?datetime=`],
      [`${ITEMS}?period=`],
      [`${ITEMS}?properties=`],
      [`${ITEMS}?datetime=99999-01-01`],
      [`${ITEMS}?datetime=../..`],
      [`${ITEMS}?__proto__=1`],
      [`${ITEMS}?constructor[prototype][x]=1`],
      [`${ITEMS}?limit[]=1`],
      [`${ITEMS}?f=json&f=csv`],
      ['/api/indicators/__proto__'],
      ['/api/indicators/population?period=constructor'],
      ['/api/sources/hasOwnProperty'],
      [ITEMS, { accept: long }],
      [ITEMS, { 'accept-language': long }],
      [ITEMS, { 'if-none-match': long }],
      [ITEMS, { 'accept-encoding': 'br;q=abc, gzip;q=-1' }],
      [ITEMS, { host: 'evil.example/<script>' }],
    ];
    for (const [url, headers] of requests) {
      const response = await get(url, headers);
      const label = `${url.slice(0, 80)} ${JSON.stringify(headers ?? {}).slice(0, 80)}`;
      expect(response.statusCode, label).toBeLessThan(500);
      if (response.statusCode >= 400) {
        expect(response.headers['content-type'], label).toBe('application/json; charset=utf-8');
        expect(Object.keys(response.json()), label).toEqual(['code', 'description']);
      }
    }
  });
});
