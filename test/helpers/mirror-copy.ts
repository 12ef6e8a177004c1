import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MIRROR, realOptions } from './paths.ts';
import type { BuildOptions } from '../../scripts/import/build.ts';

/**
 * A private copy of the real mirror, manifest and curated files, for tests that break one input.
 * Editing a mirrored file through `editMirror` records its new checksum in the copied manifest, so the
 * build reaches the importer and fails on the content, not on the checksum.
 */
export function mirrorCopy() {
  const dir = mkdtempSync(path.join(tmpdir(), 'atlas-mirror-'));
  const mirror = path.join(dir, 'mirror');
  const curatedDir = path.join(dir, 'data');
  cpSync(MIRROR, mirror, { recursive: true });
  cpSync(realOptions.curatedDir, curatedDir, {
    recursive: true,
    filter: (src) => !/\.sqlite|cache/.test(path.basename(src)),
  });
  const manifestPath = path.join(curatedDir, 'sources.json');
  const options: BuildOptions = {
    ...realOptions,
    mirror,
    curatedDir,
    manifestPath,
    cache: path.join(dir, 'cache'),
    dbPath: path.join(dir, 'atlas.sqlite'),
    log: () => {},
  };

  const editJson = (file: string, edit: (json: any) => void) => {
    const json = JSON.parse(readFileSync(file, 'utf8'));
    edit(json);
    writeFileSync(file, JSON.stringify(json, null, 2));
  };
  return {
    dir,
    options,
    /** Rewrites a mirrored file (path relative to the mirror) and updates its sha256 in the manifest. */
    editMirror(relative: string, edit: (text: string) => string) {
      const file = path.join(mirror, relative);
      const text = edit(readFileSync(file, 'utf8'));
      writeFileSync(file, text);
      const sha256 = createHash('sha256').update(text).digest('hex');
      editJson(manifestPath, (m) =>
        m.sources
          .filter((s: { mirrorPath?: string }) => s.mirrorPath === relative)
          .forEach((s: { sha256: string }) => {
            s.sha256 = sha256;
          }),
      );
      return file;
    },
    editManifest: (edit: (manifest: any) => void) => editJson(manifestPath, edit),
    editCurated: (name: string, edit: (json: any) => void) => editJson(path.join(curatedDir, name), edit),
    curatedFile: (name: string) => path.join(curatedDir, name),
    mirrorFile: (relative: string) => path.join(mirror, relative),
  };
}
