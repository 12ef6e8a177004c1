import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';

/** The settings a reverse proxy and a service manager need, read from the environment at start. */
describe('loadConfig: behind a reverse proxy, as a service', () => {
  it('trusts no proxy, serves at the root and logs every request by default', () => {
    const config = loadConfig({});
    expect([config.trustProxy, config.basePath, config.logLevel]).toEqual([null, '', 'info']);
  });

  it('reads the trusted proxies as a hop count or a list of addresses, ranges and named ranges', () => {
    expect(loadConfig({ ATLAS_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ ATLAS_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1,fd00::/8,loopback' }).trustProxy).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
  });

  it.each(['nginx', '10.0.0.0/33', '300.1.1.1', '10.0.0.1/8/8', 'true', '127.0.0.1,'])(
    'refuses the trusted proxy %j, naming it',
    (value) => {
      expect(() => loadConfig({ ATLAS_TRUST_PROXY: value })).toThrow(/^ATLAS_TRUST_PROXY must be .* is none of these$/);
    },
  );

  it('reads a base path, "/" being the root', () => {
    expect(loadConfig({ ATLAS_BASE_PATH: '/atlas' }).basePath).toBe('/atlas');
    expect(loadConfig({ ATLAS_BASE_PATH: '/maps/alps-2.0' }).basePath).toBe('/maps/alps-2.0');
    expect(loadConfig({ ATLAS_BASE_PATH: '/' }).basePath).toBe('');
  });

  it.each(['atlas', '/atlas/', '/at las', '/atlas?x=1', '//evil.example', '/a/%2e', '/a/../b', '/.'])(
    'refuses the base path %j',
    (value) => {
      expect(() => loadConfig({ ATLAS_BASE_PATH: value })).toThrow(/^ATLAS_BASE_PATH must be a path such as \/atlas/);
    },
  );

  it('reads the log level, and refuses one pino does not have', () => {
    expect(loadConfig({ ATLAS_LOG_LEVEL: 'error' }).logLevel).toBe('error');
    expect(() => loadConfig({ ATLAS_LOG_LEVEL: 'verbose' })).toThrow(
      'ATLAS_LOG_LEVEL must be one of fatal, error, warn, info, debug, silent, got "verbose"',
    );
  });
});
