import { MigrationInterface, QueryRunner } from 'typeorm';

/** The sources whose chain a lesson defaults to: table, the lesson's source type, the source's audit type. */
const SOURCES: [table: string, sourceType: string, auditType: string][] = [
  ['incidents', 'incident', 'incident'],
  ['best_practices', 'best-practice', 'best-practice'],
  ['reflection_series', 'reflection-session', 'reflection-series'],
];

/**
 * A lesson's chain defaults to its source's: the incident's, the best practice's, or the series'
 * of its reflection session. Until now it stayed when the source moved to another chain, so the
 * lesson was listed (`GET /v1/lessons?chainId=`), counted in the reports and put on the agendas of
 * the old chain, sent to the old chain's triangle; and its actions, which take the lesson's chain
 * (1764660000000), were escalated to the old chain's owner.
 *
 * When a source moves, a trigger moves the lessons that were on its old chain (defaulted to it, or
 * set to the same chain: the two cannot be told apart, and either way the lesson was about the
 * source's chain). A lesson put on another chain on purpose stays there: someone decided where it
 * belongs, apart from its source. A move is a change of each lesson, as for actions: `updated_at`
 * and `version` go up, so an edit made with the old version is refused; an audit event per lesson
 * records the change of chainId (with the request's actor, 1764860000000). The lessons' actions
 * follow through their own trigger, and the report rollups through theirs. Who may see a lesson of
 * a confidential incident is decided by the incident itself (ConfidentialityFilter.lessons), so
 * it does not change with the lesson's chain.
 *
 * Fires also under session_replication_role = replica (ENABLE ALWAYS), like the triggers of the
 * actions. Lessons left behind by a move before this migration are moved here, as far as the audit
 * log tells: those whose source moved away from the lesson's chain after that chain was last set
 * (the lesson drawn, or its chain changed), which under this rule would have followed.
 */
export class LessonsFollowSourceChain1765080000000 implements MigrationInterface {
  name = 'LessonsFollowSourceChain1765080000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL statement_timeout = 0`);
    // Writers wait for the catch-up, so no move slips between it and the triggers (readers do not).
    await q.query(
      `LOCK TABLE lessons, incidents, best_practices, reflection_series IN SHARE ROW EXCLUSIVE MODE`,
    );
    await q.query(`
      CREATE FUNCTION leerlus_source_lessons_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        WITH moved AS (
          UPDATE lessons l SET chain_id = NEW.chain_id, updated_at = now(), version = l.version + 1
          WHERE l.chain_id IS NOT DISTINCT FROM OLD.chain_id
            AND ((TG_ARGV[0] <> 'reflection-session' AND l.source_type = TG_ARGV[0] AND l.source_id = NEW.id)
              OR (TG_ARGV[0] = 'reflection-session' AND l.source_type = 'reflection-session'
                  AND l.source_id IN (SELECT s.id FROM reflection_sessions s WHERE s.series_id = NEW.id)))
          RETURNING l.id, l.organisation_id)
        INSERT INTO audit_events (organisation_id, actor_id, entity_type, action, changes, entity_id)
        SELECT m.organisation_id, NULL, 'lesson', 'update',
               jsonb_build_object('chainId', jsonb_build_object('from', OLD.chain_id, 'to', NEW.chain_id)), m.id
        FROM moved m;
        RETURN NULL;
      END $$`);
    for (const [table, sourceType] of SOURCES) {
      const name = `${table}_lessons_chain`;
      await q.query(
        `CREATE TRIGGER ${name} AFTER UPDATE OF chain_id ON ${table}
         FOR EACH ROW WHEN (OLD.chain_id IS DISTINCT FROM NEW.chain_id)
         EXECUTE FUNCTION leerlus_source_lessons_chain('${sourceType}')`,
      );
      await q.query(`ALTER TABLE ${table} ENABLE ALWAYS TRIGGER ${name}`);
    }
    // The catch-up. Only lessons off their source's chain (few) are looked up in the audit log,
    // through its (entity_type, entity_id) index.
    const sources = SOURCES.map(([table, sourceType, auditType]) =>
      table === 'reflection_series'
        ? `SELECT '${sourceType}' AS source_type, s.id AS source_id, '${auditType}' AS audit_type, r.id AS audited_id, r.chain_id
           FROM reflection_sessions s JOIN reflection_series r ON r.id = s.series_id`
        : `SELECT '${sourceType}' AS source_type, x.id AS source_id, '${auditType}' AS audit_type, x.id AS audited_id, x.chain_id
           FROM ${table} x`,
    ).join(' UNION ALL ');
    await q.query(`
      WITH off_chain AS MATERIALIZED (
        SELECT l.id, l.organisation_id, l.chain_id AS from_chain, x.chain_id AS to_chain, x.audit_type, x.audited_id,
               coalesce((SELECT max(e.occurred_at) FROM audit_events e
                         WHERE e.entity_type = 'lesson' AND e.entity_id = l.id AND e.action = 'update'
                           AND e.changes ? 'chainId'), l.created_at) AS chain_set_at
        FROM lessons l JOIN (${sources}) x ON x.source_type = l.source_type AND x.source_id = l.source_id
        WHERE l.chain_id IS DISTINCT FROM x.chain_id
      ), behind AS (
        SELECT o.* FROM off_chain o
        WHERE EXISTS (SELECT 1 FROM audit_events e
                      WHERE e.entity_type = o.audit_type AND e.entity_id = o.audited_id AND e.action = 'update'
                        AND e.changes ? 'chainId' AND e.changes #>> '{chainId,from}' IS NOT DISTINCT FROM o.from_chain::text
                        AND e.occurred_at > o.chain_set_at)
      ), moved AS (
        UPDATE lessons l SET chain_id = b.to_chain, updated_at = now(), version = l.version + 1
        FROM behind b WHERE l.id = b.id
        RETURNING l.id, l.organisation_id, b.from_chain, b.to_chain)
      INSERT INTO audit_events (organisation_id, actor_id, entity_type, action, changes, entity_id)
      SELECT m.organisation_id, NULL, 'lesson', 'update',
             jsonb_build_object('chainId', jsonb_build_object('from', m.from_chain, 'to', m.to_chain)), m.id
      FROM moved m`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table] of SOURCES) await q.query(`DROP TRIGGER ${table}_lessons_chain ON ${table}`);
    await q.query(`DROP FUNCTION leerlus_source_lessons_chain()`);
  }
}
