import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { resolveFile, resolvePackageFile, type Source } from './sources.ts';
import type { BuildContext } from './context.ts';

/** Checks every source's bytes (mirror, cache or download; package version) and records it with its licence. */
export async function importSources(ctx: BuildContext): Promise<string> {
  const insert = ctx.db.prepare(`INSERT INTO sources VALUES (@id, @titles, @publisher, @licenceName, @licenceUrl, @url,
    @vintage, @derivation, @mirrorPath, @sha256, @packageName, @packageVersion, @upstreams)`);
  for (const s of ctx.manifest.sources) {
    if (s.package)
      Object.keys(s.package.files).forEach((f) => {
        resolvePackageFile(s, f, ctx.resolve);
      });
    else if (!s.curatedPath) await resolveFile(s, ctx.resolve);
    insert.run({
      ...s,
      titles: JSON.stringify(s.titles),
      licenceName: s.licence.name,
      licenceUrl: s.licence.url,
      derivation: s.derivation ?? null,
      mirrorPath: s.mirrorPath ?? null,
      sha256: s.sha256 ?? curatedSha256(ctx, s),
      packageName: s.package?.name ?? null,
      packageVersion: s.package?.version ?? null,
      upstreams: s.upstreams ? JSON.stringify(s.upstreams) : null,
    });
  }
  return `${ctx.manifest.sources.length} sources, checksums verified`;
}

/**
 * A curated file is versioned with the code and part of the build id, so the manifest records no checksum for it;
 * the one of the file read is recorded, so a reader of /api/sources can tell which version a release was made from.
 */
function curatedSha256(ctx: BuildContext, source: Source): string | null {
  if (!source.curatedPath) return null;
  return createHash('sha256')
    .update(readFileSync(path.join(ctx.curatedDir, source.curatedPath)))
    .digest('hex');
}
