import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  AGENDA_ITEMS_OF_DELETED,
  AGENDA_ITEMS_OF_TRUNCATED,
} from './1764710000000-agenda-items-leave-with-their-subject';

/**
 * An incident, lesson, best practice or action deleted takes its agenda items along (1764710000000),
 * also off an agenda that went out: the calendar feeds then described the event without it, but its
 * LAST-MODIFIED stayed, so a calendar had no sign the event was revised (RFC 5545). The feed reads
 * LAST-MODIFIED from the session and the items still on it, as the api's delete of an item knows
 * (it touches the session's `updated_at`); the triggers now do so too, for every session whose
 * agenda went out (held or cancelled ones included: their feed event shows that agenda, and its
 * LAST-MODIFIED must not go back when the newest item leaves). The sessions are locked before the
 * items, in id order, as every change of a session takes them. The functions keep their names and
 * triggers; only their text changes.
 */
export class DeletedSubjectsReviseSentAgendas1765040000000 implements MigrationInterface {
  name = 'DeletedSubjectsReviseSentAgendas1765040000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION leerlus_agenda_items_of_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM reflection_sessions s
        WHERE s.agenda_sent_at IS NOT NULL
          AND s.id IN (SELECT a.session_id FROM agenda_items a
                       WHERE a.reference_id = OLD.id AND a.kind = TG_ARGV[0] AND a.status <> 'discussed')
        ORDER BY s.id FOR NO KEY UPDATE;
        WITH gone AS (
          DELETE FROM agenda_items a
          WHERE a.reference_id = OLD.id AND a.kind = TG_ARGV[0] AND a.status <> 'discussed'
          RETURNING a.*),
        revised AS (
          UPDATE reflection_sessions s SET updated_at = now()
          WHERE s.agenda_sent_at IS NOT NULL AND s.id IN (SELECT g.session_id FROM gone g)
          RETURNING s.id)
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
      END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION leerlus_agenda_items_of_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        EXECUTE format(
          'WITH gone AS (
             DELETE FROM agenda_items a WHERE a.kind = %L AND a.reference_id IS NOT NULL AND a.status <> ''discussed''
               AND NOT EXISTS (SELECT 1 FROM %I s WHERE s.id = a.reference_id)
             RETURNING a.session_id)
           UPDATE reflection_sessions s SET updated_at = now()
           WHERE s.agenda_sent_at IS NOT NULL AND s.id IN (SELECT g.session_id FROM gone g)',
          TG_ARGV[0], TG_TABLE_NAME);
        RETURN NULL;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const text of [AGENDA_ITEMS_OF_DELETED, AGENDA_ITEMS_OF_TRUNCATED])
      await q.query(text.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'));
  }
}
