import { describe, expect, it } from 'vitest';
import { pageDataUrls } from '../../client/src/api.ts';
import { staticFile } from '../../client/src/static-paths.ts';

describe('staticFile', () => {
  it('names the file of a URL without a query by its path', () => {
    expect(staticFile('/api/layers')).toBe('data/api/layers.json');
  });

  it('keeps a query in the name with every unsafe character as an underscore', () => {
    expect(staticFile('/api/indicators/population?period=insee-etalab-6.0.0')).toBe(
      'data/api/indicators/population__period_insee-etalab-6.0.0.json',
    );
    expect(staticFile('/ogc/collections/communes/items?limit=10000&properties=code,name&f=json')).toBe(
      'data/ogc/collections/communes/items__limit_10000_properties_code_name_f_json.json',
    );
  });

  it('never names a file outside the data folder', () => {
    expect(staticFile('/../../etc/passwd')).toBe('data/_/_/etc/passwd.json');
    expect(staticFile('/api/./x?a=../b')).toBe('data/api/_/x__a_.._b.json');
  });
});

describe('pageDataUrls', () => {
  /** Hand-written catalogue: one indicator with two periods, one source, two communes. */
  const indicators = [{ id: 'population', periods: [{ period: '2011' }, { period: '2021' }] }];
  const urls = pageDataUrls(indicators, ['src'], ['05093', '001022']);

  it('lists the answer of every commune, for the commune panel, each in a file of its own', () => {
    expect(urls).toContain('/api/communes/05093');
    expect(urls).toContain('/api/communes/001022');
    expect(staticFile('/api/communes/05093')).toBe('data/api/communes/05093.json');
  });

  it('names a different file for every URL', () => {
    expect(new Set(urls.map(staticFile)).size).toBe(urls.length);
  });
});
