import { Governance1764370000000 } from './1764370000000-governance';

/** Every migration, in order. Listed explicitly so the build, the CLI and the tests run the same set. */
export const migrations = [Governance1764370000000];
