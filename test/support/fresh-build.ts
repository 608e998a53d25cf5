import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
let built: string | undefined;

/**
 * Compiles the current sources into a private folder (once per test process), for tests that
 * run the real api or worker as child processes. Never uses `dist/`, which may be stale.
 */
export function freshBuild(): string {
  if (built) return built;
  const outDir = resolve(ROOT, '.test-build', randomBytes(4).toString('hex'));
  const bin = (name: string) => resolve(ROOT, 'node_modules/.bin', name);
  execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json', '--outDir', outDir], { cwd: ROOT, stdio: 'pipe' });
  execFileSync(bin('tsc-alias'), ['-p', 'tsconfig.build.json', '--outDir', outDir], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  built = outDir;
  return outDir;
}
