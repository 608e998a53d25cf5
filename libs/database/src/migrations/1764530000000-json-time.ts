import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `leerlus_json_time(t)`: an instant as the api writes it in JSON (JavaScript's toISOString:
 * UTC, milliseconds, `Z`), so PostgreSQL can render a resource's JSON itself. A function rather
 * than the to_char call inline: its format's colons stay out of statements that TypeORM scans for
 * `:name` parameters, and the format is written once.
 */
export class JsonTime1764530000000 implements MigrationInterface {
  name = 'JsonTime1764530000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION leerlus_json_time(t timestamptz) RETURNS text
      LANGUAGE sql STABLE PARALLEL SAFE
      RETURN to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION leerlus_json_time(timestamptz)`);
  }
}
