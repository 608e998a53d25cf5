import { MigrationInterface, QueryRunner } from 'typeorm';
import { CHECK_ROLLUPS } from './1764460000000-report-rollups';

/**
 * The rollup check compares the learning rollup's public attention too (migration 1764790000000
 * added it, and the report counts learning under pressure by it): a drift there shows.
 */
export class CheckLearningAttention1764810000000 implements MigrationInterface {
  name = 'CheckLearningAttention1764810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      CHECK_ROLLUPS.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION').replace(
        /\b([ea])\.first_embedded_at\)/g,
        (_whole, side: string) => `${side}.first_embedded_at, ${side}.public_attention)`,
      ),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(CHECK_ROLLUPS.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'));
  }
}
