import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Calendar feed URLs are derived (HMAC of CALENDAR_FEED_SECRET over person id and this version),
 * never stored; rotating a person's feed URL raises the version, which invalidates the old one.
 */
export class CalendarFeed1764430000000 implements MigrationInterface {
  name = 'CalendarFeed1764430000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE people ADD COLUMN calendar_feed_version integer NOT NULL DEFAULT 1`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE people DROP COLUMN calendar_feed_version`);
  }
}
