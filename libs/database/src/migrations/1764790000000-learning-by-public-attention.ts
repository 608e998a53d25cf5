import { MigrationInterface, QueryRunner } from 'typeorm';

const SOURCE = (attention: boolean) => `
  CREATE VIEW report_incident_learning_source AS
  SELECT i.id AS incident_id, i.organisation_id, i.chain_id, i.reported_at, count(*)::integer AS lessons,
         min(l.validated_at) AS first_validated_at, min(l.embedded_at) AS first_embedded_at
         ${attention ? ', i.public_attention' : ''}
  FROM incidents i
  JOIN lessons l ON l.source_type = 'incident' AND l.source_id = i.id AND l.organisation_id = i.organisation_id
  GROUP BY i.id`;
const INDEX = (attention: boolean) => `
  CREATE INDEX report_incident_learning_report_idx ON report_incident_learning (organisation_id, reported_at)
    INCLUDE (chain_id, first_validated_at, first_embedded_at${attention ? ', public_attention' : ''})`;

/**
 * Learning under pressure (PRODUCT.md: reports show how the organisation learns under public
 * attention): the learning rollup keeps each incident's public attention, so the report counts the
 * incidents with a lesson per level from the rollup's index alone (joining the incidents took
 * 0.35–2 s at a million). The recount copies it from the source view (positionally, so it is the
 * last column of both); a trigger follows a change of an incident's attention.
 */
export class LearningByPublicAttention1764790000000 implements MigrationInterface {
  name = 'LearningByPublicAttention1764790000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE report_incident_learning ADD COLUMN public_attention varchar(15)`);
    await q.query(`DROP VIEW report_incident_learning_source`);
    await q.query(SOURCE(true));
    await q.query(`
      UPDATE report_incident_learning r SET public_attention = i.public_attention
      FROM incidents i WHERE i.id = r.incident_id`);
    await q.query(`ALTER TABLE report_incident_learning ALTER COLUMN public_attention SET NOT NULL`);
    await q.query(`DROP INDEX report_incident_learning_report_idx`);
    await q.query(INDEX(true));
    await q.query(`
      CREATE FUNCTION leerlus_incidents_learning_attention() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE report_incident_learning r SET public_attention = n.public_attention
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE r.incident_id = n.id AND n.public_attention IS DISTINCT FROM o.public_attention;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER incidents_learning_attention AFTER UPDATE ON incidents
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION leerlus_incidents_learning_attention()`);
    // As the other rollup triggers: also under session_replication_role = replica (bulk loads).
    await q.query(`ALTER TABLE incidents ENABLE ALWAYS TRIGGER incidents_learning_attention`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER incidents_learning_attention ON incidents`);
    await q.query(`DROP FUNCTION leerlus_incidents_learning_attention()`);
    await q.query(`DROP INDEX report_incident_learning_report_idx`);
    await q.query(`DROP VIEW report_incident_learning_source`);
    await q.query(`ALTER TABLE report_incident_learning DROP COLUMN public_attention`);
    await q.query(SOURCE(false));
    await q.query(INDEX(false));
  }
}
