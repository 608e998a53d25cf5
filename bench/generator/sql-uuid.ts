/**
 * SQL for a stable UUID (v4 layout, like SeededRandom.uuid) from the seed and a key, so rows
 * generated inside Postgres get the same ids on every run with the same seed.
 */
export function sqlUuid(seedParam: string, kind: string, key: string): string {
  return `overlay(overlay(md5(${seedParam} || '/${kind}/' || ${key}) placing '4' from 13) placing 'a' from 17)::uuid`;
}
