import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The words of incident titles under a GIN index of their own, for similar incidents among all
 * incidents (the newest 200 whose title shares a word). Matching only the title's weight of the
 * `search` vector misled the planner: its statistics count a word in descriptions too, so for a
 * title of words frequent in descriptions but absent from titles ("Wateroverlast in Zwolle") it
 * walked the date index through the whole organisation (1.1 s at a million incidents; with this
 * index 0.1 ms, and 4–26 ms for titles of common words). 10 MB at a million incidents.
 *
 * Built CONCURRENTLY (outside a transaction), so a live register keeps taking reports.
 */
export class IncidentTitleWordsIndex1764520000000 implements MigrationInterface {
  name = 'IncidentTitleWordsIndex1764520000000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    // Building over a million rows takes longer than the pool's statement timeout.
    await q.query(`SET statement_timeout = 0`);
    // An interrupted concurrent build leaves an invalid index behind; start clean.
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS incidents_title_words_idx`);
    await q.query(
      `CREATE INDEX CONCURRENTLY incidents_title_words_idx ON incidents USING gin (to_tsvector('dutch_unaccent', title))`,
    );
    // The planner knows how often a word is in titles only from statistics on the index's expression,
    // which ANALYZE gathers once the index exists (without them it guessed 1% and walked 850,000 rows).
    await q.query(`ANALYZE incidents`);
    await q.query(`RESET statement_timeout`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS incidents_title_words_idx`);
  }
}
