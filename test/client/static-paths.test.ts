import { describe, expect, it } from 'vitest';
import { staticFile } from '../../client/src/static-paths.ts';

describe('staticFile', () => {
  it('names the file of a URL without a query by its path', () => {
    expect(staticFile('/api/layers')).toBe('data/api/layers.json');
  });

  it('keeps a query in the name with every unsafe character as an underscore', () => {
    expect(staticFile('/api/indicators/population?period=insee-etalab-6.0.0')).toBe('data/api/indicators/population__period_insee-etalab-6.0.0.json');
    expect(staticFile('/ogc/collections/communes/items?limit=10000&properties=code,name&f=json'))
      .toBe('data/ogc/collections/communes/items__limit_10000_properties_code_name_f_json.json');
  });

  it('never names a file outside the data folder', () => {
    expect(staticFile('/../../etc/passwd')).toBe('data/_/_/etc/passwd.json');
    expect(staticFile('/api/./x?a=../b')).toBe('data/api/_/x__a_.._b.json');
  });
});
