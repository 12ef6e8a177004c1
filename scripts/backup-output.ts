import type { CopyProgress } from '../local-store/backup.ts';

/** What npm run backup and npm run restore print of sizes, times and the progress of a copy. */

export const size = (bytes: number) =>
  bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** A line between the steps of a copy: none for a copy made in one step (under 10 MB, see PAGES_PER_STEP). */
export function printProgress({ destination, copiedPages, totalPages, pageSize }: CopyProgress): void {
  if (copiedPages === 0 || copiedPages === totalPages) return;
  const percent = Math.floor((100 * copiedPages) / totalPages);
  console.log(`  ${destination.replace(/\.tmp-\d+$/, '')}: ${percent}% of ${size(totalPages * pageSize)}`);
}
