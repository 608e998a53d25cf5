import { Governance1764370000000 } from './1764370000000-governance';
import { Register1764380000000 } from './1764380000000-register';
import { Reflection1764390000000 } from './1764390000000-reflection';
import { ReportSnapshots1764440000000 } from './1764440000000-report-snapshots';

/** Every migration, in order. Listed explicitly so the build, the CLI and the tests run the same set. */
// prettier-ignore
export const migrations = [
  Governance1764370000000,
  Register1764380000000,
  Reflection1764390000000,
  ReportSnapshots1764440000000,
];
