import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../vocabulary/project-root.ts';

/** Lines a reader takes in at once. The formatter wraps code at this width; strings and comments, by hand. */
const MAX_LINE = 120;
/** Source files past this size do more than one job; tests may run longer, each subject in its own file. */
const MAX_SOURCE_LINES = 320;
const MAX_TEST_LINES = 420;
/** Files allowed past the size, each with its reason. */
const LONGER: Record<string, string> = {
  'scripts/bench/load.ts':
    'one load test read top to bottom: the request mix, the server child, the checks and the report',
  'client/src/style.css': "the page's one stylesheet: the cascade reads in order, from the page to presenter mode",
};

const tracked = execFileSync('git', ['ls-files', '*.ts', '*.js', '*.css', '*.html'], {
  cwd: PROJECT_ROOT,
  encoding: 'utf8',
})
  .split('\n')
  .filter((f) => f !== '' && !f.startsWith('client/dist/'));
const linesOf = (file: string) => readFileSync(path.join(PROJECT_ROOT, file), 'utf8').split('\n');

describe('sizes a reader can take in', () => {
  it(`no line is longer than ${MAX_LINE} characters`, () => {
    const long = tracked.flatMap((file) =>
      linesOf(file).flatMap((line, i) => ([...line].length > MAX_LINE ? [`${file}:${i + 1}`] : [])),
    );
    expect(long).toEqual([]);
  });

  it(`no source file over ${MAX_SOURCE_LINES} lines, no test over ${MAX_TEST_LINES}, but those with a reason`, () => {
    const big = tracked
      .filter((file) => !(file in LONGER))
      .filter((file) => linesOf(file).length > (file.startsWith('test/') ? MAX_TEST_LINES : MAX_SOURCE_LINES));
    expect(big).toEqual([]);
  });
});
