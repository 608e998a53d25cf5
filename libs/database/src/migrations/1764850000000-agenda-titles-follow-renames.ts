import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What an agenda item's title says about its reference, per item kind: the reference's column,
 * and the prefixes the compilation puts before it ('' for none).
 */
const REFERENCES: [table: string, kind: string, text: string, prefixes: string[]][] = [
  ['themes', 'theme', 'title', ['']],
  ['incidents', 'incident', 'title', ['']],
  ['lessons', 'lesson', 'title', ['', 'Les ter validatie: ', 'Herijking les (beklijft het?): ']],
  ['best_practices', 'best-practice', 'title', ['', 'Goede praktijk ter bekrachtiging: ']],
  ['actions', 'action-review', 'description', ['Actie: ']],
];

/**
 * A renamed incident (theme, lesson, best practice, or an action described anew) kept its old
 * title on every agenda item about it, in the backlog too, until the item was deleted: the next
 * meeting discussed it under a name nobody used any more. An item whose title is still the one
 * taken from its reference (with the compilation's prefix) now follows the rename, in the backlog
 * and on sessions whose agenda has not gone out; an agenda that went out stays as its participants
 * received it, held sessions stay as they were, and a title a lead wrote by hand is kept.
 *
 * Like the confidentiality trigger of 1764680000000: the reference is locked by its own update
 * before its items, an audit event without an actor records each item's new title, and it fires
 * under session_replication_role = replica too. The masking trigger on agenda_items still decides
 * what the item shows (a confidential reference's items never showed its old title, so none match).
 */
export class AgendaTitlesFollowRenames1764850000000 implements MigrationInterface {
  name = 'AgendaTitlesFollowRenames1764850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION leerlus_agenda_title_cut(text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE WHEN length($1) > 300 THEN left($1, 299) || '…' ELSE $1 END
      $$`);
    await q.query(`
      CREATE FUNCTION leerlus_reference_agenda_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        old_text text := to_jsonb(OLD) ->> TG_ARGV[1];
        new_text text := to_jsonb(NEW) ->> TG_ARGV[1];
        prefix text;
      BEGIN
        FOREACH prefix IN ARRAY TG_ARGV[2:] LOOP
          WITH items AS (
            SELECT a.id FROM agenda_items a
            WHERE a.reference_id = NEW.id AND a.kind = TG_ARGV[0]
              AND a.title = leerlus_agenda_title_cut(prefix || old_text)
              -- The session read locked: an agenda being sent meanwhile is waited for, and then
              -- seen as sent (it stays as it went out).
              AND (a.session_id IS NULL OR EXISTS (
                SELECT 1 FROM reflection_sessions s WHERE s.id = a.session_id AND s.status = 'planned' FOR SHARE))
            ORDER BY a.id
            FOR UPDATE OF a),
          retitled AS (
            UPDATE agenda_items a
            SET title = leerlus_agenda_title_cut(prefix || new_text), updated_at = now(), version = a.version + 1
            FROM items WHERE a.id = items.id
            RETURNING a.id, a.organisation_id, leerlus_agenda_title_cut(prefix || old_text) AS before, a.title AS after)
          INSERT INTO audit_events (organisation_id, actor_id, entity_type, action, changes, entity_id)
          SELECT r.organisation_id, NULL, 'agenda-item', 'update',
                 jsonb_build_object('title', jsonb_build_object('from', r.before, 'to', r.after)), r.id
          FROM retitled r WHERE r.after IS DISTINCT FROM r.before;
        END LOOP;
        RETURN NULL;
      END $$`);
    for (const [table, kind, text, prefixes] of REFERENCES) {
      const name = `${table}_agenda_renamed`;
      const args = [kind, text, ...prefixes].map((a) => `'${a.replace(/'/g, "''")}'`).join(', ');
      await q.query(
        `CREATE TRIGGER ${name} AFTER UPDATE OF ${text} ON ${table}
         FOR EACH ROW WHEN (OLD.${text} IS DISTINCT FROM NEW.${text})
         EXECUTE FUNCTION leerlus_reference_agenda_renamed(${args})`,
      );
      await q.query(`ALTER TABLE ${table} ENABLE ALWAYS TRIGGER ${name}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table] of REFERENCES) await q.query(`DROP TRIGGER ${table}_agenda_renamed ON ${table}`);
    await q.query(`DROP FUNCTION leerlus_reference_agenda_renamed()`);
    await q.query(`DROP FUNCTION leerlus_agenda_title_cut(text)`);
  }
}
