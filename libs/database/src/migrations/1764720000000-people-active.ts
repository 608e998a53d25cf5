import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `people.active`: false for someone who left the organisation. A person with history (a reported
 * incident, a role, an action) cannot be deleted, so until now their tokens kept working and they
 * kept getting messages until each was revoked or cancelled by hand.
 */
export class PeopleActive1764720000000 implements MigrationInterface {
  name = 'PeopleActive1764720000000';

  async up(q: QueryRunner): Promise<void> {
    // A constant default: no rewrite of the table.
    await q.query(`ALTER TABLE people ADD COLUMN active boolean NOT NULL DEFAULT true`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE people DROP COLUMN active`);
  }
}
