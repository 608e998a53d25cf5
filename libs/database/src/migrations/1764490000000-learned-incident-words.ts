import { MigrationInterface, QueryRunner } from 'typeorm';

/** The distinct Dutch stems of a title, as the recurrence check looks them up. */
const TITLE_WORDS = (title: string) => `tsvector_to_array(to_tsvector('dutch_unaccent', ${title}))`;
const INSERT_WORDS = (rows: string) => `
  INSERT INTO learned_incident_words (organisation_id, word, reported_at, incident_id)
  SELECT s.organisation_id, w.word, i.reported_at, s.incident_id
  FROM ${rows} s JOIN incidents i ON i.id = s.incident_id, unnest(${TITLE_WORDS('s.title')}) AS w(word)
  ORDER BY 1, 2, 3, 4
  ON CONFLICT DO NOTHING`;

/**
 * `learned_incident_words`: for every learned incident (`learned_incidents`), one row per word of
 * its title, so the recurrence check can take, per word of a new title, the newest learned
 * incidents that share it: a bounded number of index entries, whatever the size of the register.
 *
 * The nearest titles by trigram distance (the GiST index on learned_incidents) cost little when a
 * near-identical title exists, but a title without one made the walk visit nearly the whole index:
 * 150 to 220 ms for an ordinary title of 100 to 250 characters at 213,609 learned incidents, and
 * 10 creates a second (bench/README.md has the figures).
 *
 * `reported_at` is the incident's, which the api never changes. Triggers on learned_incidents keep
 * the words in step (ENABLE ALWAYS, like the table's own triggers).
 */
export class LearnedIncidentWords1764490000000 implements MigrationInterface {
  name = 'LearnedIncidentWords1764490000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL statement_timeout = 0`);
    // Writers of learned_incidents wait for the backfill: lesson changes, and every incident create
    // (its trigger touches the table); 7-10 s at a million incidents.
    await q.query(`LOCK TABLE learned_incidents IN SHARE ROW EXCLUSIVE MODE`);
    await q.query(`
      CREATE TABLE learned_incident_words (
        organisation_id uuid NOT NULL,
        word text NOT NULL,
        reported_at timestamptz NOT NULL,
        incident_id uuid NOT NULL,
        PRIMARY KEY (organisation_id, word, reported_at, incident_id)
      )`);
    await q.query(`CREATE INDEX learned_incident_words_incident_idx ON learned_incident_words (incident_id)`);

    const trigger = (name: string, body: string) => `
      CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${body};
        RETURN NULL;
      END $$`;
    await q.query(trigger('leerlus_learned_words_insert', INSERT_WORDS('new_rows')));
    await q.query(
      trigger(
        'leerlus_learned_words_delete',
        `DELETE FROM learned_incident_words w WHERE w.incident_id IN (SELECT incident_id FROM old_rows)`,
      ),
    );
    // A renamed or moved incident: its old words go, its new ones come.
    await q.query(
      trigger(
        'leerlus_learned_words_update',
        `DELETE FROM learned_incident_words w WHERE w.incident_id IN (
           SELECT o.incident_id FROM old_rows o JOIN new_rows n USING (incident_id)
           WHERE (o.title, o.organisation_id) IS DISTINCT FROM (n.title, n.organisation_id));
        ${INSERT_WORDS(`(SELECT n.* FROM new_rows n JOIN old_rows o USING (incident_id)
           WHERE (o.title, o.organisation_id) IS DISTINCT FROM (n.title, n.organisation_id))`)}`,
      ),
    );
    const triggers = [
      ['learned_words_insert', 'AFTER INSERT', 'REFERENCING NEW TABLE AS new_rows'],
      ['learned_words_delete', 'AFTER DELETE', 'REFERENCING OLD TABLE AS old_rows'],
      ['learned_words_update', 'AFTER UPDATE', 'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows'],
    ];
    for (const [name, event, transition] of triggers) {
      await q.query(
        `CREATE TRIGGER ${name} ${event} ON learned_incidents ${transition} FOR EACH STATEMENT
         EXECUTE FUNCTION leerlus_${name}()`,
      );
      await q.query(`ALTER TABLE learned_incidents ENABLE ALWAYS TRIGGER ${name}`);
    }

    await q.query(INSERT_WORDS('learned_incidents'));
    await q.query(`ANALYZE learned_incident_words`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const name of ['learned_words_update', 'learned_words_delete', 'learned_words_insert']) {
      await q.query(`DROP TRIGGER ${name} ON learned_incidents`);
      await q.query(`DROP FUNCTION leerlus_${name}`);
    }
    await q.query(`DROP TABLE learned_incident_words`);
  }
}
