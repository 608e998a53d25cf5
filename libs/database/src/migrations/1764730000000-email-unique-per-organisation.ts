import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An e-mail address is unique within an organisation, not across all of them. A global key let an
 * admin learn whether an address belonged to someone in another organisation (409 against 201),
 * and kept someone who works for two organisations out of the second. The system administrator
 * (no organisation) stays one per address: NULLS NOT DISTINCT.
 */
export class EmailUniquePerOrganisation1764730000000 implements MigrationInterface {
  name = 'EmailUniquePerOrganisation1764730000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE UNIQUE INDEX people_organisation_email_key ON people (organisation_id, lower(email)) NULLS NOT DISTINCT`,
    );
    await q.query(`DROP INDEX people_email_key`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE UNIQUE INDEX people_email_key ON people (lower(email))`);
    await q.query(`DROP INDEX people_organisation_email_key`);
  }
}
