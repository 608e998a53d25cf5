import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The masking of 1764680000000 wrote its placeholder over an item's title, so the title a lead had
 * written by hand was gone: once the incident was internal again the item showed the reference's
 * own title (as if compiled), and followed its renames. An item now keeps its own title (as a lead
 * wrote it, or as taken from its reference with the compilation's prefix) in `own_title`, and
 * `title` is what it shows: the placeholder while the reference is confidential, its own title
 * otherwise.
 * - `leerlus_agenda_item_own_title(kind, reference, written)`: a title written as the placeholder
 *   (by a writer that knows only what is shown, such as the compilation) stands for the
 *   reference's own title with that prefix.
 * - The masking trigger keeps `own_title`: a new `own_title` is the item's new title; a new `title`
 *   is too, unless it is what the item shows already (the placeholder written back).
 * - A change of a reference's confidentiality shows the items' own titles again, and a rename
 *   renames the items whose own title is the reference's old one (a title written by hand stays);
 *   an item whose shown title stays (masked) gets no new version, nor an audit event.
 * Items made before keep what they show; a placeholder's own title is the reference's (a title
 * written by hand under it is lost and cannot be told).
 */
export class AgendaItemsKeepTheirOwnTitle1765030000000 implements MigrationInterface {
  name = 'AgendaItemsKeepTheirOwnTitle1765030000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(`LOCK TABLE agenda_items, incidents, lessons, actions IN SHARE ROW EXCLUSIVE MODE`);
    await q.query(`
      CREATE FUNCTION leerlus_agenda_item_own_title(item_kind text, reference uuid, written text)
      RETURNS text LANGUAGE plpgsql AS $$
      DECLARE
        own text;
        prefix text := '';
      BEGIN
        IF reference IS NULL OR written IS NULL THEN RETURN written; END IF;
        IF item_kind = 'incident' THEN
          IF written !~ '^Vertrouwelijk incident \\((low|medium|high|critical)\\)$' THEN RETURN written; END IF;
          SELECT i.title INTO own FROM incidents i WHERE i.id = reference FOR SHARE;
        ELSIF item_kind = 'lesson' THEN
          IF starts_with(written, 'Les ter validatie: ') THEN prefix := 'Les ter validatie: ';
          ELSIF starts_with(written, 'Herijking les (beklijft het?): ') THEN
            prefix := 'Herijking les (beklijft het?): ';
          END IF;
          IF written <> prefix || 'Les uit een vertrouwelijk incident' THEN RETURN written; END IF;
          SELECT l.title INTO own FROM lessons l WHERE l.id = reference FOR SHARE;
        ELSIF item_kind = 'action-review' THEN
          IF written <> 'Actie uit een vertrouwelijk incident' THEN RETURN written; END IF;
          SELECT 'Actie: ' || a.description INTO own FROM actions a WHERE a.id = reference FOR SHARE;
        ELSE
          RETURN written;
        END IF;
        IF NOT FOUND THEN RETURN written; END IF;
        RETURN leerlus_agenda_title_cut(prefix || own);
      END $$`);
    await q.query(`ALTER TABLE agenda_items ADD COLUMN own_title varchar(300)`);
    // Without an update of the items' title: they show what they showed.
    await q.query(
      `UPDATE agenda_items SET own_title = leerlus_agenda_item_own_title(kind, reference_id, title)`,
    );
    await q.query(`ALTER TABLE agenda_items ALTER COLUMN own_title SET NOT NULL`);
    await q.query(`
      CREATE OR REPLACE FUNCTION leerlus_agenda_item_masked() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          NEW.own_title := coalesce(NEW.own_title, NEW.title);
        ELSIF NEW.own_title IS NOT DISTINCT FROM OLD.own_title AND NEW.title IS DISTINCT FROM OLD.title
          AND NEW.title IS DISTINCT FROM leerlus_agenda_item_title(NEW.kind, NEW.reference_id, OLD.own_title) THEN
          -- A new title from a writer that knows only the shown one (the placeholder written back is none).
          NEW.own_title := NEW.title;
        END IF;
        NEW.own_title := leerlus_agenda_item_own_title(NEW.kind, NEW.reference_id, NEW.own_title);
        NEW.title := leerlus_agenda_item_title(NEW.kind, NEW.reference_id, NEW.own_title);
        RETURN NEW;
      END $$`);
    await q.query(`DROP TRIGGER agenda_items_masked ON agenda_items`);
    await q.query(
      `CREATE TRIGGER agenda_items_masked BEFORE INSERT OR UPDATE OF title, own_title, kind, reference_id
       ON agenda_items FOR EACH ROW EXECUTE FUNCTION leerlus_agenda_item_masked()`,
    );
    await q.query(`ALTER TABLE agenda_items ENABLE ALWAYS TRIGGER agenda_items_masked`);
    await q.query(`
      CREATE OR REPLACE FUNCTION leerlus_reference_agenda_titles() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        WITH items AS (
          SELECT a.id, a.title AS before, leerlus_agenda_item_title(a.kind, a.reference_id, a.own_title) AS after
          FROM agenda_items a
          WHERE a.reference_id = NEW.id AND a.kind = TG_ARGV[0]
          FOR UPDATE),
        retitled AS (
          UPDATE agenda_items a SET title = items.after, updated_at = now(), version = a.version + 1
          FROM items WHERE a.id = items.id AND items.after IS DISTINCT FROM items.before
          RETURNING a.id, a.organisation_id, items.before, a.title AS after)
        INSERT INTO audit_events (organisation_id, actor_id, entity_type, action, changes, entity_id)
        SELECT r.organisation_id, NULL, 'agenda-item', 'update',
               jsonb_build_object('title', jsonb_build_object('from', r.before, 'to', r.after)), r.id
        FROM retitled r;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION leerlus_reference_agenda_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        old_text text := to_jsonb(OLD) ->> TG_ARGV[1];
        new_text text := to_jsonb(NEW) ->> TG_ARGV[1];
        prefix text;
      BEGIN
        FOREACH prefix IN ARRAY TG_ARGV[2:] LOOP
          WITH items AS (
            SELECT a.id, a.title AS before,
                   leerlus_agenda_item_title(a.kind, a.reference_id, leerlus_agenda_title_cut(prefix || new_text)) AS after
            FROM agenda_items a
            WHERE a.reference_id = NEW.id AND a.kind = TG_ARGV[0]
              AND a.own_title = leerlus_agenda_title_cut(prefix || old_text)
              -- The session read locked: an agenda being sent meanwhile is waited for, and then
              -- seen as sent (it stays as it went out).
              AND (a.session_id IS NULL OR EXISTS (
                SELECT 1 FROM reflection_sessions s WHERE s.id = a.session_id AND s.status = 'planned' FOR SHARE))
            ORDER BY a.id
            FOR UPDATE OF a),
          retitled AS (
            -- A masked item keeps what it shows: no new version tells a reader of the rename.
            UPDATE agenda_items a
            SET own_title = leerlus_agenda_title_cut(prefix || new_text),
                updated_at = CASE WHEN items.after IS DISTINCT FROM items.before THEN now() ELSE a.updated_at END,
                version = a.version + CASE WHEN items.after IS DISTINCT FROM items.before THEN 1 ELSE 0 END
            FROM items WHERE a.id = items.id
            RETURNING a.id, a.organisation_id, items.before, a.title AS after)
          INSERT INTO audit_events (organisation_id, actor_id, entity_type, action, changes, entity_id)
          SELECT r.organisation_id, NULL, 'agenda-item', 'update',
                 jsonb_build_object('title', jsonb_build_object('from', r.before, 'to', r.after)), r.id
          FROM retitled r WHERE r.after IS DISTINCT FROM r.before;
        END LOOP;
        RETURN NULL;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The functions as 1764850000000 and 1764680000000 left them.
    await q.query(`
      CREATE OR REPLACE FUNCTION leerlus_reference_agenda_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
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
    await q.query(`
      CREATE OR REPLACE FUNCTION leerlus_reference_agenda_titles() RETURNS trigger LANGUAGE plpgsql AS $$
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
    await q.query(`DROP TRIGGER agenda_items_masked ON agenda_items`);
    await q.query(`
      CREATE OR REPLACE FUNCTION leerlus_agenda_item_masked() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.title := leerlus_agenda_item_title(NEW.kind, NEW.reference_id, NEW.title);
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER agenda_items_masked BEFORE INSERT OR UPDATE OF title, kind, reference_id ON agenda_items
       FOR EACH ROW EXECUTE FUNCTION leerlus_agenda_item_masked()`,
    );
    await q.query(`ALTER TABLE agenda_items ENABLE ALWAYS TRIGGER agenda_items_masked`);
    await q.query(`ALTER TABLE agenda_items DROP COLUMN own_title`);
    await q.query(`DROP FUNCTION leerlus_agenda_item_own_title(text, uuid, text)`);
  }
}
