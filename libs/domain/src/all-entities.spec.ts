import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_ENTITIES } from './all-entities';
import { ResourceEntity } from './shared/resource.entity';

type EntityClass = abstract new (...args: never[]) => unknown;

describe('ALL_ENTITIES', () => {
  it('lists every entity class of the domain, so a new one cannot be left out of the worker', async () => {
    const files = readdirSync(__dirname, { recursive: true, encoding: 'utf8' }).filter((file) =>
      file.endsWith('.entity.ts'),
    );
    const declared: EntityClass[] = [];
    for (const file of files)
      for (const value of Object.values((await import(join(__dirname, file))) as Record<string, unknown>))
        if (typeof value === 'function' && value !== ResourceEntity) declared.push(value as EntityClass);
    expect(declared.length).toBeGreaterThan(10);
    expect(new Set(ALL_ENTITIES)).toEqual(new Set(declared));
  });
});
