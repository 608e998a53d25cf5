import { MigrationInterface, QueryRunner } from 'typeorm';

/** The references whose confidentiality an agenda item's title follows, and the columns that say so. */
const REFERENCES: [table: string, kind: string, columns: string][] = [
  ['incidents', 'incident', 'confidentiality, severity'],
  ['lessons', 'lesson', 'source_confidential'],
  ['actions', 'action-review', 'source_confidential'],
];

/**
 * An agenda is read by everyone invited, so an item about a confidential incident, a lesson drawn
 * from one, or an action following one up says "Vertrouwelijk incident (high)", "Les uit een
 * vertrouwelijk incident" or "Actie uit een vertrouwelijk incident" instead of its title. The api
 * decided that once, when the item was made: an incident made confidential afterwards kept its
 * title on every agenda, calendar feed and agenda e-mail, and a lead's PATCH of an item's title
 * replaced the placeholder.
 *
 * `leerlus_agenda_item_title(kind, reference, title)` now says what an item's title is: the
 * placeholder while the reference is confidential (the compiled prefixes "Les ter validatie: " and
 * "Herijking les (beklijft het?): " stay), and the reference's own title again when it no longer is.
 * - A trigger applies it to every item written, whatever writes it, and holds the reference FOR
 *   SHARE until the item commits: a concurrent change of the reference's confidentiality waits for
 *   the item, and then sees it (read committed; a stricter writer that would hide is refused), or
 *   the item waits and reads the outcome.
 * - A change of an incident's confidentiality or severity, of a lesson's or action's flag (also
 *   when a new source sets it), applies it to the items about them: `version` and `updated_at` go up and an audit event records the
 *   title's change, without an actor (the person who changed the reference is on its own event).
 *   Items of held sessions too: their agendas stay readable to all participants.
 * - The api's rename of an item takes the reference's lock before the item's, as a change of the
 *   reference does (reference, then its items): the other order deadlocked.
 * Both fire also under session_replication_role = replica (ENABLE ALWAYS), like the flags they
 * follow; a TRUNCATE of incidents sets the lessons' and actions' flags row by row, which brings
 * their items along. Items already showing a confidential title are mended here.
 */
export class AgendaTitlesFollowConfidentiality1764680000000 implements MigrationInterface {
  name = 'AgendaTitlesFollowConfidentiality1764680000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(`LOCK TABLE agenda_items, incidents, lessons, actions IN SHARE ROW EXCLUSIVE MODE`);
    await q.query(
      `CREATE INDEX IF NOT EXISTS agenda_items_reference_idx ON agenda_items (reference_id, kind)
       WHERE reference_id IS NOT NULL`,
    );
    await q.query(`
      CREATE FUNCTION leerlus_agenda_item_title(item_kind text, reference uuid, current_title text)
      RETURNS text LANGUAGE plpgsql AS $$
      DECLARE
        hidden text;
        own text;
        prefix text := '';
        shown text;
      BEGIN
        IF reference IS NULL THEN RETURN current_title; END IF;
        IF item_kind = 'incident' THEN
          SELECT CASE WHEN i.confidentiality = 'confidential' THEN 'Vertrouwelijk incident (' || i.severity || ')' END,
                 i.title INTO hidden, own
          FROM incidents i WHERE i.id = reference FOR SHARE;
        ELSIF item_kind = 'lesson' THEN
          SELECT CASE WHEN l.source_confidential THEN 'Les uit een vertrouwelijk incident' END, l.title
            INTO hidden, own
          FROM lessons l WHERE l.id = reference FOR SHARE;
          IF starts_with(current_title, 'Les ter validatie: ') THEN prefix := 'Les ter validatie: ';
          ELSIF starts_with(current_title, 'Herijking les (beklijft het?): ') THEN
            prefix := 'Herijking les (beklijft het?): ';
          END IF;
        ELSIF item_kind = 'action-review' THEN
          SELECT CASE WHEN a.source_confidential THEN 'Actie uit een vertrouwelijk incident' END,
                 'Actie: ' || a.description INTO hidden, own
          FROM actions a WHERE a.id = reference FOR SHARE;
        ELSE
          RETURN current_title;
        END IF;
        IF NOT FOUND THEN RETURN current_title; END IF;
        IF hidden IS NOT NULL THEN
          shown := prefix || hidden;
        ELSIF current_title = prefix || 'Les uit een vertrouwelijk incident'
           OR current_title = 'Actie uit een vertrouwelijk incident'
           OR (item_kind = 'incident' AND current_title ~ '^Vertrouwelijk incident \\((low|medium|high|critical)\\)$') THEN
          -- No longer confidential: the reference's own title again.
          shown := prefix || own;
        ELSE
          RETURN current_title;
        END IF;
        RETURN CASE WHEN length(shown) > 300 THEN left(shown, 299) || '…' ELSE shown END;
      END $$`);
    await q.query(`
      CREATE FUNCTION leerlus_agenda_item_masked() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.title := leerlus_agenda_item_title(NEW.kind, NEW.reference_id, NEW.title);
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER agenda_items_masked BEFORE INSERT OR UPDATE OF title, kind, reference_id ON agenda_items
       FOR EACH ROW EXECUTE FUNCTION leerlus_agenda_item_masked()`,
    );
    await q.query(`ALTER TABLE agenda_items ENABLE ALWAYS TRIGGER agenda_items_masked`);
    await q.query(`
      CREATE FUNCTION leerlus_reference_agenda_titles() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        WITH items AS (
          SELECT a.id, a.title AS before, leerlus_agenda_item_title(a.kind, a.reference_id, a.title) AS after
          FROM agenda_items a
          WHERE a.reference_id = NEW.id AND a.kind = TG_ARGV[0]
          FOR UPDATE),
        retitled AS (
          UPDATE agenda_items a SET title = items.after, updated_at = now(), version = a.version + 1
          FROM items WHERE a.id = items.id AND items.after IS DISTINCT FROM items.before
          RETURNING a.id, a.organisation_id, items.before, items.after)
        INSERT INTO audit_events (organisation_id, actor_id, entity_type, action, changes, entity_id)
        SELECT r.organisation_id, NULL, 'agenda-item', 'update',
               jsonb_build_object('title', jsonb_build_object('from', r.before, 'to', r.after)), r.id
        FROM retitled r;
        RETURN NULL;
      END $$`);
    for (const [table, kind, columns] of REFERENCES) {
      const name = `${table}_agenda_titles`;
      const changed = columns
        .split(', ')
        .map((column) => `OLD.${column} IS DISTINCT FROM NEW.${column}`)
        .join(' OR ');
      // On any update, not UPDATE OF: a lesson's or action's flag is set by a BEFORE trigger when
      // its source changes, and a column set that way is not in the statement's SET list.
      await q.query(
        `CREATE TRIGGER ${name} AFTER UPDATE ON ${table}
         FOR EACH ROW WHEN (${changed})
         EXECUTE FUNCTION leerlus_reference_agenda_titles('${kind}')`,
      );
      await q.query(`ALTER TABLE ${table} ENABLE ALWAYS TRIGGER ${name}`);
    }
    // The items that kept a title their reference hides now.
    await q.query(`
      UPDATE agenda_items SET title = leerlus_agenda_item_title(kind, reference_id, title),
                              updated_at = now(), version = version + 1
      WHERE kind IN ('incident', 'lesson', 'action-review') AND reference_id IS NOT NULL
        AND title IS DISTINCT FROM leerlus_agenda_item_title(kind, reference_id, title)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table] of REFERENCES) await q.query(`DROP TRIGGER ${table}_agenda_titles ON ${table}`);
    await q.query(`DROP FUNCTION leerlus_reference_agenda_titles()`);
    await q.query(`DROP TRIGGER agenda_items_masked ON agenda_items`);
    await q.query(`DROP FUNCTION leerlus_agenda_item_masked()`);
    await q.query(`DROP FUNCTION leerlus_agenda_item_title(text, uuid, text)`);
    await q.query(`DROP INDEX agenda_items_reference_idx`);
  }
}
