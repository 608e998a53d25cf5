import { MigrationInterface, QueryRunner } from 'typeorm';

/** What a member's confidentiality rule reads of an incident (ConfidentialityFilter.incidents). */
const VISIBILITY = 'confidentiality, reported_by_id, chain_id';

/** Indexes built anew beside the one of the same name, which they replace. */
const REBUILT: [name: string, definition: string, before: string][] = [
  // Every column an equality filter of GET /v1/incidents reads, and every column the quarterly
  // report counts (so incidents_report_idx, the same range in the other direction, can go).
  [
    'incidents_org_reported_idx',
    `incidents (organisation_id, reported_at DESC, id) INCLUDE (${VISIBILITY}, team_id, severity,
      public_attention, cause_level, source, status, recurrence)`,
    `incidents (organisation_id, reported_at DESC, id) INCLUDE (${VISIBILITY})`,
  ],
  // GET /v1/lessons, newest first, with the columns its equality filters read besides what a
  // member's rule reads (ConfidentialityFilter.lessons): a member's addressedRole=owner total
  // read each counted lesson from the table, 74 ms.
  [
    'lessons_org_newest_idx',
    `lessons (organisation_id, created_at DESC, id)
      INCLUDE (chain_id, source_confidential, source_id, status, addressed_role, source_type)`,
    'lessons (organisation_id, created_at DESC, id) INCLUDE (chain_id, source_confidential, source_id)',
  ],
  // GET /v1/incidents?teamId=…: the team's incidents newest first, with what the rule reads.
  [
    'incidents_team_idx',
    `incidents (team_id, reported_at DESC, id) INCLUDE (organisation_id, ${VISIBILITY}) WHERE team_id IS NOT NULL`,
    'incidents (team_id) WHERE team_id IS NOT NULL',
  ],
];

/** Orders and a filter that had no index (the lesson orders' other directions are in 1764570000000). */
const ADDED: [name: string, definition: string][] = [
  // The rank LessonsService sorts by, which this expression must equal.
  [
    'lessons_org_status_desc_idx',
    `lessons (organisation_id, (CASE status WHEN 'draft' THEN 0 WHEN 'validated' THEN 1 WHEN 'embedded' THEN 2 WHEN 'retired' THEN 3 END) DESC, created_at DESC, id)`,
  ],
  [
    'lessons_org_validated_asc_idx',
    'lessons (organisation_id, validated_at NULLS LAST, created_at DESC, id)',
  ],
  [
    'lessons_org_recheck_desc_idx',
    'lessons (organisation_id, recheck_at DESC NULLS LAST, created_at DESC, id)',
  ],
  ['lessons_org_title_desc_idx', 'lessons (organisation_id, lower(title) DESC, created_at DESC, id)'],
  // Both directions: equal update times are rare, so an incremental sort orders them.
  ['actions_org_updated_idx', 'actions (organisation_id, updated_at)'],
  // GET /v1/incidents?confidentiality=confidential: one in twenty incidents. A member sees few of
  // them, so the page and its total read them all: from the whole organisation's index, 227 ms.
  [
    'incidents_org_confidential_idx',
    `incidents (organisation_id, reported_at DESC, id) INCLUDE (${VISIBILITY}) WHERE confidentiality = 'confidential'`,
  ],
];

/** Indexes whose work another one does; each write to their table updated them for nothing. */
const DROPPED: [name: string, definition: string][] = [
  // Its columns are all in incidents_org_reported_idx now.
  [
    'incidents_report_idx',
    `incidents (organisation_id, reported_at)
       INCLUDE (id, chain_id, severity, public_attention, cause_level, source, status, recurrence)`,
  ],
  // lessons_chain_newest_idx starts with the chain.
  ['lessons_chain_idx', 'lessons (chain_id) WHERE chain_id IS NOT NULL'],
  // lessons_report_validated_idx has the same keys and condition.
  ['lessons_org_validated_idx', 'lessons (organisation_id, validated_at) WHERE validated_at IS NOT NULL'],
];

/**
 * The list requests that were still slow for one user at a million incidents (bench/README.md):
 *
 * - A member's incident list filtered on a column the indexes did not hold (publicAttention,
 *   causeLevel, source, recurrence) read every incident it counted from the table, 10,000 of
 *   them on up to 250,000 rows examined: 150–290 ms, against 20–60 ms for a lead, whose count
 *   read incidents_report_idx. The newest-first index now holds those columns too, and the
 *   report reads it in place of its own (109 + 123 MB became 168 MB at a million).
 * - `teamId=…` sorted every incident of the team (20,000): 92 ms for a member.
 * - Lessons sorted the other way (validatedAt, -recheckAt, -title, -status) sorted every lesson
 *   of the organisation: 65–365 ms. Four indexes, 19–35 MB each at 293,000 lessons.
 * - Actions by updatedAt: 40 ms.
 * - `confidentiality=confidential`: 227 ms for a member, 35 ms for a lead.
 * - A member's lessons filtered on addressedRole: 74 ms.
 *
 * Two lesson indexes that others made redundant are dropped.
 *
 * Built CONCURRENTLY (outside a transaction), so a live register keeps taking writes.
 */
export class ListFilterIndexes1764590000000 implements MigrationInterface {
  name = 'ListFilterIndexes1764590000000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    // Building over a million rows takes longer than the pool's statement timeout.
    await q.query(`SET statement_timeout = 0`);
    for (const [name, definition] of REBUILT) {
      // An interrupted build leaves an invalid index behind; start clean.
      await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ${name}_next`);
      await q.query(`CREATE INDEX CONCURRENTLY ${name}_next ON ${definition}`);
      await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
      await q.query(`ALTER INDEX ${name}_next RENAME TO ${name}`);
    }
    for (const [name, definition] of ADDED) {
      await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
      await q.query(`CREATE INDEX CONCURRENTLY ${name} ON ${definition}`);
    }
    for (const [name] of DROPPED) await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
    // The planner's statistics of the new expressions come with the next analyse.
    await q.query(`ANALYZE lessons`);
    await q.query(`RESET statement_timeout`);
  }

  // Run in a transaction by the revert (as the other down migrations): no CONCURRENTLY.
  async down(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL statement_timeout = 0`);
    for (const [name, definition] of DROPPED) await q.query(`CREATE INDEX ${name} ON ${definition}`);
    for (const [name] of ADDED) await q.query(`DROP INDEX ${name}`);
    for (const [name, , before] of REBUILT) {
      await q.query(`DROP INDEX ${name}`);
      await q.query(`CREATE INDEX ${name} ON ${before}`);
    }
  }
}
