import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../vocabulary/project-root.ts';

/**
 * Imports run one way. The vocabulary is at the bottom and imports none of the others; the build scripts, the
 * planners' store and the page import only the vocabulary (the server also the store); nothing but scripts and
 * tests imports the build scripts. The page takes only types and constants: no vocabulary module it imports
 * may pull Node, a database or turf into the bundle.
 */
const LAYERS: { folder: string; may: string[] }[] = [
  { folder: 'vocabulary', may: ['vocabulary'] },
  { folder: 'scripts/import', may: ['vocabulary', 'scripts/import'] },
  { folder: 'local-store', may: ['vocabulary', 'local-store'] },
  { folder: 'server', may: ['vocabulary', 'local-store', 'server'] },
  { folder: 'client/src', may: ['vocabulary', 'client/src'] },
];
const NOT_FOR_THE_PAGE = /^(node:|better-sqlite3$|@turf\/)/;

const sourceFiles = (folder: string): string[] =>
  readdirSync(path.join(PROJECT_ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|js)$/.test(f) && !f.startsWith('dist'))
    .map((f) => path.join(folder, f));

/** The module specifiers a file imports (static, dynamic and re-exports), as written. */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(PROJECT_ROOT, file), 'utf8');
  return [
    ...text.matchAll(
      /(?:^|\n)\s*(?:import|export)\b[^'"]*?\bfrom\s+'([^']+)'|\bimport\(\s*'([^']+)'\s*\)|(?:^|\n)import\s+'([^']+)'/g,
    ),
  ].map((m) => m[1] ?? m[2] ?? m[3]!);
}

const resolve = (file: string, specifier: string) => path.normalize(path.join(path.dirname(file), specifier));
const folderOf = (file: string) => LAYERS.map((l) => l.folder).find((f) => file.startsWith(`${f}/`));

describe('imports run one way', () => {
  for (const layer of LAYERS) {
    it(`${layer.folder} imports only ${layer.may.join(', ')}`, () => {
      const wrong = sourceFiles(layer.folder).flatMap((file) =>
        importsOf(file)
          .filter((s) => s.startsWith('.'))
          .map((s) => ({ file, target: resolve(file, s) }))
          .filter(({ target }) => !layer.may.some((f) => target.startsWith(`${f}/`)))
          .map(({ file, target }) => `${file} → ${target}`),
      );
      expect(wrong).toEqual([]);
    });
  }

  it('nothing but scripts and tests imports the build scripts', () => {
    const importers = ['vocabulary', 'local-store', 'server', 'client/src']
      .flatMap(sourceFiles)
      .filter((file) => importsOf(file).some((s) => s.startsWith('.') && resolve(file, s).startsWith('scripts/')));
    expect(importers).toEqual([]);
  });

  it('the page takes from the vocabulary nothing that needs Node, a database or turf', () => {
    const seen = new Set<string>();
    const pulled: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const s of importsOf(file)) {
        if (s.startsWith('.')) visit(resolve(file, s));
        else if (NOT_FOR_THE_PAGE.test(s)) pulled.push(`${file} → ${s}`);
      }
    };
    for (const file of sourceFiles('client/src')) {
      for (const s of importsOf(file))
        if (s.startsWith('.') && folderOf(resolve(file, s)) === 'vocabulary') visit(resolve(file, s));
    }
    expect(seen.size).toBeGreaterThan(3);
    expect(pulled).toEqual([]);
  });

  it('finds the imports it checks: a file that imports upward would be caught', () => {
    expect(importsOf('server/app.ts').length).toBeGreaterThan(5);
    expect(importsOf('client/src/state.ts').map((s) => resolve('client/src/state.ts', s))).toContain(
      'vocabulary/languages.ts',
    );
  });
});
