import path from 'node:path';
import type { AtlasData } from '../atlas-data.ts';
import type { Feature } from '../layers/feature.ts';
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
  const around = communes.filter((f) => members.has(f.id) && (members.size <= LOCATOR_MAX || near(commune, f)));
  return profileHtml(facts, { lang, sources: data.sources, commune, around, links });
}

/** A locator draws the whole compared territory up to this many communes; of a larger one, its neighbourhood. */
const LOCATOR_MAX = 150;
/** The neighbourhood: communes whose box comes within about 25 km (a quarter of a degree) of the commune's. */
const NEAR_DEGREES = 0.25;

function near(commune: Feature, other: Feature): boolean {
  const [a, b] = [commune.bbox, other.bbox];
  if (!a || !b) return false;
  return (
    b[0] <= a[2] + NEAR_DEGREES &&
    b[2] >= a[0] - NEAR_DEGREES &&
    b[1] <= a[3] + NEAR_DEGREES &&
    b[3] >= a[1] - NEAR_DEGREES
  );
}
