import { MigrationInterface, QueryRunner } from 'typeorm';
import { buildDatedWordIndex } from './build-dated-word-index';

const INDEX = 'lessons_search_dated_idx';

/**
 * The lessons' dated word index, as migration 1764600000000 made the incidents' (RUM, with each
 * lesson's creation time): a lesson search walks the lessons newest first like an incident search,
 * and a word in one lesson of a hundred made that walk read 25,000 of them at a million incidents
 * (`DigiD storing` 44 ms through the api, bench/README.md). Only where that migration could
 * install the rum extension; a DBA who adds it later adds this index too (README).
 */
export class LessonSearchDateIndex1764610000000 implements MigrationInterface {
  name = 'LessonSearchDateIndex1764610000000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    const [{ rum }]: { rum: boolean }[] = await q.query(
      `SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'rum') AS rum`,
    );
    if (rum) await buildDatedWordIndex(q, INDEX, 'lessons', 'created_at');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS ${INDEX}`);
  }
}
