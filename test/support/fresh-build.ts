import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
let built: string | undefined;

/**
 * Compiles the current sources into a private folder, for tests that run the real api or worker
 * as child processes. Never uses `dist/`, which may be stale. One build per test run, shared by
 * the test files that need it (a lock folder makes the others wait instead of compiling again).
 */
export function freshBuild(): string {
  if (built) return built;
  const run = process.env.LEERLUS_TEST_TEMPLATE ?? randomBytes(4).toString('hex');
  const outDir = resolve(ROOT, '.test-build', run);
  const complete = resolve(outDir, '.complete');
  const lock = `${outDir}.lock`;
  mkdirSync(resolve(ROOT, '.test-build'), { recursive: true });
  for (;;) {
    if (existsSync(complete)) return (built = outDir);
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another test file is compiling; a lock older than five minutes was left by a crash.
      if (Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 300_000)
        rmSync(lock, { recursive: true, force: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    if (!existsSync(complete)) {
      const bin = (name: string) => resolve(ROOT, 'node_modules/.bin', name);
      execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json', '--outDir', outDir], {
        cwd: ROOT,
        stdio: 'pipe',
      });
      execFileSync(bin('tsc-alias'), ['-p', 'tsconfig.build.json', '--outDir', outDir], {
        cwd: ROOT,
        stdio: 'pipe',
      });
      writeFileSync(complete, '');
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  return (built = outDir);
}
