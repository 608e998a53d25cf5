import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The people list sorts names as Dutch readers do (DUTCH_COLLATION, ICU nl-NL): its order index
 * follows, or each page sorted the organisation's people again (0.7–1.7 ms for 2,500 against
 * 0.1–0.2 from the index).
 */
export class PeopleInDutchOrder1764930000000 implements MigrationInterface {
  name = 'PeopleInDutchOrder1764930000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX people_org_name_idx`);
    await q.query(
      `CREATE INDEX people_org_name_idx ON people (organisation_id, name COLLATE "nl-NL-x-icu", id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX people_org_name_idx`);
    await q.query(`CREATE INDEX people_org_name_idx ON people (organisation_id, name, id)`);
  }
}
