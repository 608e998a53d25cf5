import { MigrationInterface, QueryRunner } from 'typeorm';

/** What an agenda item can be about, by its kind; themes on an agenda are not deleted (409). */
const SUBJECTS: [table: string, kind: string][] = [
  ['incidents', 'incident'],
  ['lessons', 'lesson'],
  ['best_practices', 'best-practice'],
  ['actions', 'action-review'],
];

/** The delete trigger's function as this migration makes it (migration 1765040000000 replaces it). */
export const AGENDA_ITEMS_OF_DELETED = `
      CREATE FUNCTION leerlus_agenda_items_of_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        WITH gone AS (
          DELETE FROM agenda_items a
          WHERE a.reference_id = OLD.id AND a.kind = TG_ARGV[0] AND a.status <> 'discussed'
          RETURNING a.*)
        INSERT INTO audit_events (organisation_id, actor_id, entity_type, action, changes, entity_id)
        SELECT g.organisation_id, NULL, 'agenda-item', 'delete',
               jsonb_build_object(
                 'seriesId', jsonb_build_object('from', g.series_id, 'to', NULL),
                 'kind', jsonb_build_object('from', g.kind, 'to', NULL),
                 'referenceId', jsonb_build_object('from', g.reference_id, 'to', NULL),
                 'title', jsonb_build_object('from', g.title, 'to', NULL),
                 'timeboxMinutes', jsonb_build_object('from', g.timebox_minutes, 'to', NULL),
                 'status', jsonb_build_object('from', g.status, 'to', NULL))
               || CASE WHEN g.session_id IS NULL THEN '{}'::jsonb
                       ELSE jsonb_build_object('sessionId', jsonb_build_object('from', g.session_id, 'to', NULL)) END,
               g.id
        FROM gone g;
        RETURN NULL;
      END $$`;

/** The TRUNCATE trigger's function as this migration makes it (migration 1765040000000 replaces it). */
export const AGENDA_ITEMS_OF_TRUNCATED = `
      CREATE FUNCTION leerlus_agenda_items_of_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        EXECUTE format(
          'DELETE FROM agenda_items a WHERE a.kind = %L AND a.reference_id IS NOT NULL AND a.status <> ''discussed''
             AND NOT EXISTS (SELECT 1 FROM %I s WHERE s.id = a.reference_id)', TG_ARGV[0], TG_TABLE_NAME);
        RETURN NULL;
      END $$`;

/**
 * An incident, lesson, best practice or action deleted (a mistake, the api's deletes are for
 * those) stayed on agendas and in the series' backlog: carried over, it came back on the next
 * agenda, in the agenda e-mail and in every participant's calendar feed, pointing at nothing. Now
 * its agenda items go with it, each with an audit event without an actor (the person who deleted
 * the subject is on its own event). Items discussed in a held session stay: they are its record.
 * A TRUNCATE removes them too (without audit events: an operator emptied the table, not the api).
 * The triggers fire also under session_replication_role = replica (ENABLE ALWAYS). Items already
 * pointing at nothing, not yet discussed, are removed here.
 */
export class AgendaItemsLeaveWithTheirSubject1764710000000 implements MigrationInterface {
  name = 'AgendaItemsLeaveWithTheirSubject1764710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(AGENDA_ITEMS_OF_DELETED);
    // A TRUNCATE deletes no row one by one: its own trigger removes the items left pointing at nothing.
    await q.query(AGENDA_ITEMS_OF_TRUNCATED);
    for (const [table, kind] of SUBJECTS) {
      const name = `${table}_agenda_items_gone`;
      await q.query(
        `CREATE TRIGGER ${name} AFTER DELETE ON ${table}
         FOR EACH ROW EXECUTE FUNCTION leerlus_agenda_items_of_deleted('${kind}')`,
      );
      await q.query(
        `CREATE TRIGGER ${name}_truncate AFTER TRUNCATE ON ${table}
         FOR EACH STATEMENT EXECUTE FUNCTION leerlus_agenda_items_of_truncated('${kind}')`,
      );
      for (const trigger of [name, `${name}_truncate`])
        await q.query(`ALTER TABLE ${table} ENABLE ALWAYS TRIGGER ${trigger}`);
    }
    for (const [table, kind] of SUBJECTS)
      await q.query(
        `DELETE FROM agenda_items a WHERE a.kind = $1 AND a.reference_id IS NOT NULL AND a.status <> 'discussed'
           AND NOT EXISTS (SELECT 1 FROM ${table} s WHERE s.id = a.reference_id)`,
        [kind],
      );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table] of SUBJECTS) {
      await q.query(`DROP TRIGGER ${table}_agenda_items_gone_truncate ON ${table}`);
      await q.query(`DROP TRIGGER ${table}_agenda_items_gone ON ${table}`);
    }
    await q.query(`DROP FUNCTION leerlus_agenda_items_of_truncated()`);
    await q.query(`DROP FUNCTION leerlus_agenda_items_of_deleted()`);
  }
}
