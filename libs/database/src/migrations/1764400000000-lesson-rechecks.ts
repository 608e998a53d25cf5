import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Effectiveness re-checks of embedded lessons ("did it stick?"): one row per check, so the
 * history stays; the lesson keeps the date of the last check and of the next one.
 */
export class LessonRechecks1764400000000 implements MigrationInterface {
  name = 'LessonRechecks1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE lesson_rechecks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        lesson_id uuid NOT NULL REFERENCES lessons(id) ON DELETE CASCADE,
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        checked_at timestamptz NOT NULL,
        outcome varchar(20) NOT NULL CHECK (outcome IN ('effective','partly-effective','not-effective')),
        note text NOT NULL DEFAULT '' CHECK (length(note) <= 20000),
        checked_by_id uuid NOT NULL REFERENCES people(id),
        next_recheck_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE INDEX lesson_rechecks_lesson_idx ON lesson_rechecks (lesson_id, checked_at DESC)`);
    await q.query(`CREATE INDEX lesson_rechecks_org_idx ON lesson_rechecks (organisation_id, checked_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE lesson_rechecks`);
  }
}
