import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two write paths `learned_incident_words` (migration 1764490000000) did not follow: a learned
 * incident's `reported_at` changed in SQL (the api never changes it, but the report rollups follow
 * it too), and a TRUNCATE of `learned_incidents` (a manual rebuild). Both triggers fire also under
 * session_replication_role = replica (ENABLE ALWAYS), like the others on these tables.
 */
export class LearnedWordsFollowUp1764510000000 implements MigrationInterface {
  name = 'LearnedWordsFollowUp1764510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION leerlus_learned_words_reported() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE learned_incident_words SET reported_at = NEW.reported_at WHERE incident_id = NEW.id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER incidents_learned_words_reported AFTER UPDATE OF reported_at ON incidents
      FOR EACH ROW WHEN (OLD.reported_at IS DISTINCT FROM NEW.reported_at)
      EXECUTE FUNCTION leerlus_learned_words_reported()`);
    await q.query(`ALTER TABLE incidents ENABLE ALWAYS TRIGGER incidents_learned_words_reported`);
    await q.query(`
      CREATE FUNCTION leerlus_learned_words_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        TRUNCATE learned_incident_words;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER learned_words_truncate AFTER TRUNCATE ON learned_incidents
      FOR EACH STATEMENT EXECUTE FUNCTION leerlus_learned_words_truncate()`);
    await q.query(`ALTER TABLE learned_incidents ENABLE ALWAYS TRIGGER learned_words_truncate`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER learned_words_truncate ON learned_incidents`);
    await q.query(`DROP FUNCTION leerlus_learned_words_truncate`);
    await q.query(`DROP TRIGGER incidents_learned_words_reported ON incidents`);
    await q.query(`DROP FUNCTION leerlus_learned_words_reported`);
  }
}
