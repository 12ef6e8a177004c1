import path from 'node:path';
import type { AtlasData } from '../atlas-data.ts';
import type { Language } from '../../vocabulary/languages.ts';
import { profileFacts } from './profile-facts.ts';
import { profileHtml, type ProfileLinks } from './profile-html.ts';

/** The profile's stylesheet, served beside the pages (profile.css) by the server and the static export. */
export const PROFILE_STYLESHEET = path.join(import.meta.dirname, 'profile.css');

/**
 * A commune's profile page from the data, for the server (GET /profile/{code}) and the static export alike;
 * null for a code the atlas does not have.
 */
export function profilePage(data: AtlasData, code: string, lang: Language, links: ProfileLinks): string | null {
  const facts = profileFacts(data, code);
  if (!facts) return null;
  const communes = data.featureLayers.find((l) => l.id === 'communes')!.features;
  const commune = communes.find((f) => f.id === code)!;
  const members = new Set(facts.comparison?.members ?? []);
  const around = communes.filter((f) => members.has(f.id));
  return profileHtml(facts, { lang, sources: data.sources, commune, around, links });
}
