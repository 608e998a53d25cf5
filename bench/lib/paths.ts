import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root (the nearest folder with package.json), whether run from bench/ or dist/bench/. */
export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || dir.endsWith(join('dist', 'bench'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('Cannot find the repository root');
    dir = parent;
  }
  return dir;
}

export const benchDir = (...parts: string[]) => join(repoRoot(), 'bench', ...parts);
export const resultsDir = (...parts: string[]) => benchDir('results', ...parts);
