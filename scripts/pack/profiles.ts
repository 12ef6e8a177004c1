import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { staticFile } from '../../client/src/static-paths.ts';
import type { AtlasData } from '../../server/atlas-data.ts';
import { PROFILE_STYLESHEET, profilePage } from '../../server/profile/profile-page.ts';
import { LANGUAGES } from '../../vocabulary/languages.ts';

/**
 * Every commune's profile in every language as site/profile/{code}.{lang}.html (the name the page links to in a
 * static export: client/src/api.ts profileUrl), with its stylesheet; links relative, so the folder works offline
 * and on any static host. Returns the number of pages.
 */
export function writeProfiles(site: string, data: AtlasData, codes: string[]): number {
  const dir = path.join(site, 'profile');
  mkdirSync(dir, { recursive: true });
  copyFileSync(PROFILE_STYLESHEET, path.join(dir, 'profile.css'));
  let pages = 0;
  for (const code of codes) {
    for (const lang of LANGUAGES) {
      const html = profilePage(data, code, lang, {
        css: 'profile.css',
        atlas: `../index.html?${new URLSearchParams({ commune: code, lang })}`,
        language: (l) => `${code}.${l}.html`,
        source: (id) => `../${staticFile(`/api/sources/${encodeURIComponent(id)}`)}`,
      });
      if (html === null) throw new Error(`The profile of ${code} could not be made: no such commune in the data`);
      writeFileSync(path.join(dir, `${code}.${lang}.html`), html);
      pages++;
    }
  }
  return pages;
}
