import { InputError } from '../vocabulary/input-error.ts';
import { buildAtlas } from './import/build.ts';
import { buildOptions, loadConfig } from '../server/config.ts';

const config = loadConfig();
console.log(`Building the atlas database ${config.dbPath} from ${config.mirror}`);
try {
  const { buildId, seconds } = await buildAtlas(buildOptions(config));
  console.log(`Built ${config.dbPath} (build ${buildId}) in ${seconds} s`);
} catch (error) {
  const kind = error instanceof InputError ? 'Bad input' : 'Build failed';
  console.error(`${kind}: ${(error as Error).message}\nThe previous database, if any, was left untouched.`);
  process.exitCode = 1;
}
