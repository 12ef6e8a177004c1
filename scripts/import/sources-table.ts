import { resolveFile, resolvePackageFile } from './sources.ts';
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
    else await resolveFile(s, ctx.resolve);
    insert.run({
      ...s,
      titles: JSON.stringify(s.titles),
      licenceName: s.licence.name,
      licenceUrl: s.licence.url,
      derivation: s.derivation ?? null,
      mirrorPath: s.mirrorPath ?? null,
      sha256: s.sha256 ?? null,
      packageName: s.package?.name ?? null,
      packageVersion: s.package?.version ?? null,
      upstreams: s.upstreams ? JSON.stringify(s.upstreams) : null,
    });
  }
  return `${ctx.manifest.sources.length} sources, checksums verified`;
}
