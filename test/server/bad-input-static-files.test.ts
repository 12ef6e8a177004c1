import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorBodyProblem, shorten } from '../helpers/error-body.ts';
import { CLIENT_DIR, PROJECT_ROOT } from '../helpers/paths.ts';
import { useRealApp } from '../helpers/real-app.ts';

/**
 * The static file server's answers to paths that try to leave the client folder: a refusal as JSON, or the
 * client's own index.html, never another file.
 */

const real = useRealApp();

describe('static files: nothing outside the client folder', () => {
  let indexHtml: string;
  beforeAll(() => {
    indexHtml = readFileSync(path.join(CLIENT_DIR, 'index.html'), 'utf8');
  });
  /** Text of files outside the client folder: /etc/passwd, package.json, the server sources, git's config. */
  const FOREIGN = ['root:x:0:0', '"name": "alpine-territories-atlas"', 'buildApp', '[core]', 'repositoryformatversion'];
  // app.inject, like browsers, resolves "." and ".." segments (also written %2e) before sending: the server sees
  // /package.json.
  const PATHS = [
    '/..%2f..%2fetc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/%252e%252e/',
    '/%252e%252e/%252e%252e/etc/passwd',
    '/..%5c..%5cetc%5cpasswd',
    '/..%255c..%255cetc%255cpasswd',
    '//etc/passwd',
    '/./index.html',
    '/index.html%00.js',
    '/index.html%00',
    '/%00/etc/passwd',
    '/etc/passwd',
    '/%2Fetc%2Fpasswd',
    '/%2fetc/passwd',
    `/${PROJECT_ROOT}/package.json`,
    `/${encodeURIComponent(path.join(PROJECT_ROOT, 'package.json'))}`,
    '/file:///etc/passwd',
    '/C:%5CWindows%5Cwin.ini',
    '/assets/../../package.json',
    '/assets/..%2f..%2fpackage.json',
    '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
    '/assets/..%5c..%5cpackage.json',
    '/..;/package.json',
    '/..%2fpackage.json',
    '/.%2e/.%2e/package.json',
    '/index.html/..%2f..%2f..%2fpackage.json',
    '/.git/config',
    '/.git/HEAD',
    '/.%67it/config',
    '/%2egit/config',
    '/.env',
    '/../server/app.ts',
    '/..%2fserver%2fapp.ts',
    `/..%2f..%2f${path.basename(PROJECT_ROOT)}%2fserver%2fapp.ts`,
    '/server/app.ts',
    '/package.json',
    '/node_modules/fastify/package.json',
    '/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd',
    '/%c0%ae%c0%ae%c0%afetc%c0%afpasswd',
    '/..%c0%af..%c0%afetc/passwd',
    '/%e0%80%ae%e0%80%ae/etc/passwd',
    '/%zz',
    '/index.html%zz',
    `/${'..%2f'.repeat(50)}etc/passwd`,
    `/${'a'.repeat(10_000)}`,
  ];

  for (const url of PATHS) {
    it(`GET ${shorten(url, 80)}: 403 or 404 (400 for a malformed path), or the client's own index.html`, async () => {
      const response = await real.app.inject(url);
      for (const text of FOREIGN) expect(response.body, `${url}: ${shorten(response.body)}`).not.toContain(text);
      if (response.statusCode === 200) {
        expect(response.body, url).toBe(indexHtml);
        return;
      }
      expect([400, 403, 404], `${url}: ${response.statusCode} ${shorten(response.body)}`).toContain(
        response.statusCode,
      );
      expect(errorBodyProblem(response), `${url}: ${shorten(response.body)}`).toBeNull();
    });
  }
});
