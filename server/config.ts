import { isIP } from 'node:net';
import path from 'node:path';
import { PROJECT_ROOT } from '../vocabulary/project-root.ts';
import type { RateLimits } from './rate-limit.ts';

export interface Config {
  port: number;
  host: string;
  /** The atlas database (ATLAS_DB), read-only at run time. */
  dbPath: string;
  /** Folder of mirrored upstream files (ATLAS_MIRROR). */
  mirror: string;
  /** Folder for files downloaded when the mirror lacks them (ATLAS_CACHE). */
  cache: string;
  /** The built client (index.html and assets). */
  clientDir: string;
  /** The planners' imported data (ATLAS_LOCAL_DB), written by imports, never by a rebuild. */
  localDbPath: string;
  /** The token the write routes require (ATLAS_WRITE_TOKEN); null turns the write routes off. */
  writeToken: string | null;
  /**
   * Requests per minute per client (ATLAS_RATE_LIMIT_READS, ATLAS_RATE_LIMIT_WRITES); 0 is no limit; loopback is never
   * limited.
   */
  rateLimits: RateLimits;
  /**
   * The reverse proxies whose X-Forwarded-For, -Proto and -Host are believed (ATLAS_TRUST_PROXY): their addresses
   * (or CIDR ranges, or "loopback"), or the number of proxies in front; null trusts no one, so a client cannot
   * pretend to be another by sending the headers itself.
   */
  trustProxy: string[] | number | null;
  /** The path prefix a reverse proxy serves the atlas under (ATLAS_BASE_PATH, e.g. "/atlas"), for absolute links. */
  basePath: string;
  /** What the server logs (ATLAS_LOG_LEVEL): every request at "info", only failures at "error". */
  logLevel: LogLevel;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A stop (SIGTERM, Ctrl-C) gives requests in flight this long to finish; then the process exits anyway, with 1. */
export const SHUTDOWN_GRACE_MS = 10_000;

/** A room of workshop participants behind one address loads the page (about 15 requests each) many times a minute. */
export const DEFAULT_RATE_LIMITS: RateLimits = { readsPerMinute: 1200, writesPerMinute: 30 };

function perMinute(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(
      `${name} must be a whole number of requests per minute, 0 for no limit, got ${JSON.stringify(text)}`,
    );
  return n;
}

/** Names proxy-addr understands besides addresses: the loopback, link-local and private ranges. */
const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function trustedProxies(text: string | undefined): string[] | number | null {
  if (text === undefined || text.trim() === '') return null;
  if (/^\d+$/.test(text.trim())) return Number(text.trim());
  const entries = text.split(',').map((e) => e.trim());
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/');
    const valid =
      PROXY_RANGES.has(entry) ||
      (address !== undefined &&
        isIP(address) !== 0 &&
        extra === undefined &&
        (bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (isIP(address) === 4 ? 32 : 128))));
    if (!valid) {
      throw new Error(
        'ATLAS_TRUST_PROXY must be the number of proxies in front of the atlas, or a comma-separated list of ' +
          `addresses, CIDR ranges or loopback/linklocal/uniquelocal; ${JSON.stringify(entry)} is none of these`,
      );
    }
  }
  return entries;
}

function basePathOf(text: string | undefined): string {
  if (text === undefined || text === '' || text === '/') return '';
  if (!/^(\/[A-Za-z0-9._~-]+)+$/.test(text) || text.split('/').some((part) => /^\.+$/.test(part))) {
    throw new Error(
      'ATLAS_BASE_PATH must be a path such as /atlas (letters, digits, . _ ~ -; no trailing slash, no dot segment), ' +
        `got ${JSON.stringify(text)}`,
    );
  }
  return text;
}

function logLevelOf(text: string | undefined): LogLevel {
  if (text === undefined || text === '') return 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(text)) {
    throw new Error(`ATLAS_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(text)}`);
  }
  return text as LogLevel;
}

/** Reads the environment once, at start, and refuses values that would fail later in a less clear way. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a whole number from 0 to 65535, got ${JSON.stringify(env.PORT)}`);
  }
  const fromRoot = (value: string | undefined, fallback: string) => path.resolve(PROJECT_ROOT, value || fallback);
  const writeToken = env.ATLAS_WRITE_TOKEN || null;
  if (writeToken !== null && writeToken.length < 16) {
    throw new Error(
      'ATLAS_WRITE_TOKEN must be at least 16 characters long (a random string, e.g. from openssl rand -hex 16)',
    );
  }
  return {
    port,
    host: env.HOST || 'localhost',
    dbPath: fromRoot(env.ATLAS_DB, 'data/atlas.sqlite'),
    mirror: fromRoot(env.ATLAS_MIRROR, '../shared/data'),
    cache: fromRoot(env.ATLAS_CACHE, 'data/cache'),
    clientDir: path.join(PROJECT_ROOT, 'client/dist'),
    localDbPath: fromRoot(env.ATLAS_LOCAL_DB, 'data/local.sqlite'),
    writeToken,
    rateLimits: {
      readsPerMinute: perMinute(env, 'ATLAS_RATE_LIMIT_READS', DEFAULT_RATE_LIMITS.readsPerMinute),
      writesPerMinute: perMinute(env, 'ATLAS_RATE_LIMIT_WRITES', DEFAULT_RATE_LIMITS.writesPerMinute),
    },
    trustProxy: trustedProxies(env.ATLAS_TRUST_PROXY),
    basePath: basePathOf(env.ATLAS_BASE_PATH),
    logLevel: logLevelOf(env.ATLAS_LOG_LEVEL),
  };
}

/** The build options every entry point uses: the manifest and curated files of this checkout. */
export function buildOptions(config: Config) {
  return {
    dbPath: config.dbPath,
    manifestPath: path.join(PROJECT_ROOT, 'data/sources.json'),
    curatedDir: path.join(PROJECT_ROOT, 'data'),
    mirror: config.mirror,
    cache: config.cache,
    packageRoot: PROJECT_ROOT,
  };
}
