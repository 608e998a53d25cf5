import { MigrationInterface, QueryRunner } from 'typeorm';

/** Each list's default order (or a common filter) and the index that gives it. */
const INDEXES: [name: string, definition: string][] = [
  // GET /v1/actions: due date first (a page read 175,000 actions of the organisation to sort them).
  ['actions_org_due_idx', 'actions (organisation_id, due_date, created_at, id)'],
  // GET /v1/actions?chainId=…: actions had no index on their chain. With the organisation, which
  // the list also asks for, its total is counted from the index.
  ['actions_chain_due_idx', 'actions (chain_id, due_date, created_at, id) INCLUDE (organisation_id)'],
  // GET /v1/agenda-items: by series, backlog first, then by session and position (93,025 items).
  [
    'agenda_items_org_order_idx',
    'agenda_items (organisation_id, series_id, session_id NULLS FIRST, position, created_at, id)',
  ],
  // GET /v1/people: by name (3,250 people in an organisation at 1M).
  ['people_org_name_idx', 'people (organisation_id, name, id)'],
  // GET /v1/notifications: newest due first.
  ['notifications_org_due_idx', 'notifications (organisation_id, due_at DESC, id DESC)'],
  // GET /v1/lessons?sort=title, with the newest first among equal titles (lessons often share one).
  ['lessons_org_title_idx', 'lessons (organisation_id, lower(title), created_at DESC, id)'],
  // GET /v1/lessons?sort=-validatedAt (latest validated first), sort=recheckAt (the re-check due
  // soonest first) and sort=status (drafts first: the rank LessonsService sorts by, which this
  // expression must equal). The other directions still sort (0.08–0.5 s at 1M).
  [
    'lessons_org_validated_order_idx',
    'lessons (organisation_id, validated_at DESC NULLS LAST, created_at DESC, id)',
  ],
  ['lessons_org_recheck_order_idx', 'lessons (organisation_id, recheck_at NULLS LAST, created_at DESC, id)'],
  [
    'lessons_org_status_order_idx',
    `lessons (organisation_id, (CASE status WHEN 'draft' THEN 0 WHEN 'validated' THEN 1 WHEN 'embedded' THEN 2 WHEN 'retired' THEN 3 END), created_at DESC, id)`,
  ],
  // GET /v1/lessons, newest first, and ?chainId=…: with what a member's confidentiality rule reads
  // (ConfidentialityFilter.lessons), so the page and its total need no row of the table (a total
  // up to 10,000 read as many rows: 25–50 ms; from the index 4–5 ms).
  [
    'lessons_org_newest_idx',
    'lessons (organisation_id, created_at DESC, id) INCLUDE (chain_id, source_confidential, source_id)',
  ],
  [
    'lessons_chain_newest_idx',
    'lessons (chain_id, created_at DESC, id) INCLUDE (organisation_id, source_confidential, source_id)',
  ],
];

/**
 * Indexes for the orders of the action, agenda item, people, notification and lesson lists (after
 * the lessons' confidentiality flag, migration 1764560000000, which two of them carry). At a
 * million incidents (207,580 actions, 93,025 agenda items, 3,250 people, 270,536 notifications,
 * 293,462 lessons) each of these pages sorted every row of the organisation: 26–80 ms, a lesson
 * list by title 0.24 s (bench/README.md).
 *
 * Built CONCURRENTLY (outside a transaction), so a live register keeps taking writes.
 */
export class ListOrderIndexes1764570000000 implements MigrationInterface {
  name = 'ListOrderIndexes1764570000000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    // Building over a million rows takes longer than the pool's statement timeout.
    await q.query(`SET statement_timeout = 0`);
    for (const [name, definition] of INDEXES) {
      // An interrupted concurrent build leaves an invalid index behind; start clean.
      await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
      await q.query(`CREATE INDEX CONCURRENTLY ${name} ON ${definition}`);
    }
    // The planner's statistics of lower(title) come with the next analyse.
    await q.query(`ANALYZE lessons`);
    await q.query(`RESET statement_timeout`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [name] of INDEXES) await q.query(`DROP INDEX IF EXISTS ${name}`);
  }
}
