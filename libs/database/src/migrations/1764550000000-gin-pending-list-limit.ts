import { MigrationInterface, QueryRunner } from 'typeorm';

/** The GIN indexes that searches, similar incidents and tag filters read. */
const SEARCHED_GIN_INDEXES = [
  'incidents_search_idx',
  'incidents_title_words_idx',
  'incidents_tags_idx',
  'lessons_search_idx',
  'best_practices_search_idx',
  'best_practices_tags_idx',
];

/**
 * A GIN index collects new entries in a pending list, merged into the index when the list reaches
 * `gin_pending_list_limit` (4 MB by default) or at a vacuum; every search through the index reads
 * the whole list. On an insert-only table autovacuum comes rarely (after a fifth of the table, some
 * 200,000 incidents at a million), so the list keeps growing to 4 MB: at 373 pages (3,400 new
 * incidents) a search for a case number took 3.8 ms instead of 0.47 ms. At 256 kB a search reads at
 * most 32 pages of it; creates were as fast in alternating runs (bench/README.md).
 */
export class GinPendingListLimit1764550000000 implements MigrationInterface {
  name = 'GinPendingListLimit1764550000000';

  async up(q: QueryRunner): Promise<void> {
    for (const index of SEARCHED_GIN_INDEXES)
      await q.query(`ALTER INDEX ${index} SET (gin_pending_list_limit = 256)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of SEARCHED_GIN_INDEXES)
      await q.query(`ALTER INDEX ${index} RESET (gin_pending_list_limit)`);
  }
}
