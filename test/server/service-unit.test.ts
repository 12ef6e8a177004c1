import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, SHUTDOWN_GRACE_MS } from '../../server/config.ts';
import { PROJECT_ROOT } from '../helpers/paths.ts';

/** The example systemd unit the README documents: valid for systemd, and saying what the server expects. */
const UNIT = path.join(PROJECT_ROOT, 'docs/deploy/atlas.service');
const lines = readFileSync(UNIT, 'utf8').split('\n');
const values = (key: string) => lines.filter((l) => l.startsWith(`${key}=`)).map((l) => l.slice(key.length + 1));
const environment = Object.fromEntries(values('Environment').map((v) => v.split(/=(.*)/s).slice(0, 2)));

describe('docs/deploy/atlas.service', () => {
  it('passes systemd-analyze verify without a warning (it exits 0 on directives it ignores)', () => {
    const verify = spawnSync('systemd-analyze', ['verify', UNIT], { encoding: 'utf8' });
    expect(verify.error).toBeUndefined();
    expect([verify.status, verify.stderr, verify.stdout]).toEqual([0, '', '']);
  });

  it('sets only variables the server reads, with values it accepts', () => {
    const config = loadConfig(environment);
    expect(Object.keys(environment).sort()).toEqual(
      ['ATLAS_BASE_PATH', 'ATLAS_LOCAL_DB', 'ATLAS_LOG_LEVEL', 'ATLAS_TRUST_PROXY', 'HOST', 'PORT'].sort(),
    );
    expect(config.host).toBe('127.0.0.1');
    expect(config.trustProxy).toEqual(['127.0.0.1']);
    expect(config.basePath).toBe('/atlas');
  });

  it('runs the server as npm start does, and lets it write only the folder of the local database', () => {
    const start = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')).scripts.start;
    expect(start).toBe('tsx server/server.ts');
    expect(values('ExecStart')).toEqual(['/usr/bin/node --import tsx server/server.ts']);
    expect(values('ProtectSystem')).toEqual(['strict']);
    expect(values('ReadWritePaths')).toEqual([path.dirname(environment.ATLAS_LOCAL_DB!)]);
    expect(values('StateDirectory').map((d) => `/var/lib/${d}`)).toEqual(values('ReadWritePaths'));
  });

  it('restarts on failure and waits longer than the shutdown grace before killing', () => {
    expect(values('Restart')).toEqual(['on-failure']);
    expect(values('KillSignal')).toEqual(['SIGTERM']);
    expect(Number(values('TimeoutStopSec')[0]) * 1000).toBeGreaterThan(SHUTDOWN_GRACE_MS);
  });
});
