import { MigrationInterface, QueryRunner } from 'typeorm';

/** Whether a lesson row under alias `l` makes its source learned (as LessonStatus says). */
const COUNTS = (l: string) => `${l}.source_type = 'incident' AND ${l}.status IN ('validated', 'embedded')`;
const HAS_LEARNED_LESSON = (incident: string) =>
  `EXISTS (SELECT 1 FROM lessons l WHERE l.source_id = ${incident} AND ${COUNTS('l')})`;

/**
 * `learned_incidents`: the incidents with a validated or embedded lesson, with their organisation
 * and a copy of their title under a GiST trigram index (the expression and signature length of
 * `incidents_title_trgm_gist_idx`).
 *
 * The recurrence check on create takes the 20 learned incidents with the nearest titles. Through
 * the index over all titles, the walk also visited the four in five incidents without such a
 * lesson, and for a long title most of the index's 230 MB (over half a second at a million
 * incidents; bench/README.md has the figures). This index holds only the candidates.
 *
 * A table rather than a flag on incidents: setting a flag rewrote a fifth of the incident rows
 * (213,609 at a million), which grew the heap by 287 MB and the indexes by 299 MB and made the
 * trigram walk over all titles three times slower; and every lesson validation would rewrite its
 * incident.
 *
 * Triggers keep it exact: a lesson that starts counting (inserted, validated, moved here) adds its
 * incident, one that stops counting (retired, deleted, moved away, truncated) has it recounted; an
 * incident loaded after its lessons is added, a renamed or moved one updated, a deleted one removed. Like the report rollups they fire also under
 * session_replication_role = replica (ENABLE ALWAYS), so bulk loaders cannot make it drift.
 */
export class LearnedIncidents1764480000000 implements MigrationInterface {
  name = 'LearnedIncidents1764480000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL statement_timeout = 0`);
    // Lesson writers wait for the backfill, so no change slips between the count and the triggers
    // (incident writers wait too, from the first trigger on incidents).
    await q.query(`LOCK TABLE lessons IN SHARE ROW EXCLUSIVE MODE`);
    // No foreign key: the triggers keep it in step, also where a bulk loader skips key checks.
    await q.query(`
      CREATE TABLE learned_incidents (
        incident_id uuid PRIMARY KEY,
        organisation_id uuid NOT NULL,
        title varchar(300) NOT NULL
      )`);

    // A lesson that starts counting makes its incident learned: no need to look at the others (a
    // bulk load inserts lessons with their index dropped). One that stops counting has its incident
    // recounted. The incidents are locked first, so two transactions changing lessons of one
    // incident take turns and the recount (a new snapshot in read committed, the application's
    // level) sees what the other committed. The lock writes no row version.
    await q.query(`
      CREATE FUNCTION leerlus_learned_changed(gained uuid[], lost uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF coalesce(cardinality(gained), 0) + coalesce(cardinality(lost), 0) = 0 THEN RETURN; END IF;
        PERFORM 1 FROM incidents i WHERE i.id = ANY (gained || lost) ORDER BY i.id FOR NO KEY UPDATE;
        DELETE FROM learned_incidents s WHERE s.incident_id = ANY (lost) AND NOT ${HAS_LEARNED_LESSON('s.incident_id')};
        INSERT INTO learned_incidents (incident_id, organisation_id, title)
        SELECT i.id, i.organisation_id, i.title FROM incidents i WHERE i.id = ANY (gained)
        ORDER BY i.id
        ON CONFLICT (incident_id) DO NOTHING;
      END $$`);
    const trigger = (name: string, body: string) => `
      CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${body}
        RETURN NULL;
      END $$`;
    const counted = (rows: string) =>
      `ARRAY(SELECT source_id FROM ${rows} l WHERE ${COUNTS('l')} GROUP BY 1)`;
    await q.query(
      trigger(
        'leerlus_lessons_learned_insert',
        `PERFORM leerlus_learned_changed(${counted('new_rows')}, NULL);`,
      ),
    );
    // The incident a lesson counted for before and after, where those differ: validating,
    // retiring, moving to another source. Embedding a validated lesson changes nothing.
    const countsFor = (l: string) => `CASE WHEN ${COUNTS(l)} THEN ${l}.source_id END`;
    const changed = (from: string, to: string) => `ARRAY(
      SELECT ${countsFor(from)} FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE ${countsFor(from)} IS NOT NULL AND ${countsFor(from)} IS DISTINCT FROM ${countsFor(to)}
      GROUP BY 1)`;
    await q.query(
      trigger(
        'leerlus_lessons_learned_update',
        `PERFORM leerlus_learned_changed(${changed('n', 'o')}, ${changed('o', 'n')});`,
      ),
    );
    await q.query(
      trigger(
        'leerlus_lessons_learned_delete',
        `PERFORM leerlus_learned_changed(NULL, ${counted('old_rows')});`,
      ),
    );
    await q.query(trigger('leerlus_learned_incidents_clear', `DELETE FROM learned_incidents;`));
    // An incident (re)loaded after its lessons.
    await q.query(
      trigger(
        'leerlus_incidents_learned_insert',
        `INSERT INTO learned_incidents (incident_id, organisation_id, title)
        SELECT n.id, n.organisation_id, n.title FROM new_rows n WHERE ${HAS_LEARNED_LESSON('n.id')}
        ORDER BY n.id
        ON CONFLICT (incident_id) DO UPDATE SET organisation_id = excluded.organisation_id, title = excluded.title;`,
      ),
    );
    await q.query(
      trigger(
        'leerlus_incidents_learned_update',
        `UPDATE learned_incidents SET organisation_id = NEW.organisation_id, title = NEW.title
        WHERE incident_id = NEW.id;`,
      ),
    );
    await q.query(
      trigger(
        'leerlus_incidents_learned_delete',
        `DELETE FROM learned_incidents s WHERE s.incident_id IN (SELECT id FROM old_rows);`,
      ),
    );
    const triggers = [
      [
        'lessons_learned_insert',
        'lessons',
        'AFTER INSERT',
        'REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT',
      ],
      [
        'lessons_learned_update',
        'lessons',
        'AFTER UPDATE',
        'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT',
      ],
      [
        'lessons_learned_delete',
        'lessons',
        'AFTER DELETE',
        'REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT',
      ],
      [
        'lessons_learned_truncate',
        'lessons',
        'AFTER TRUNCATE',
        'FOR EACH STATEMENT',
        'learned_incidents_clear',
      ],
      [
        'incidents_learned_insert',
        'incidents',
        'AFTER INSERT',
        'REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT',
      ],
      // A row trigger with a condition: the many updates that leave title and organisation alone
      // (status, analysis) do not even call it.
      [
        'incidents_learned_update',
        'incidents',
        'AFTER UPDATE OF title, organisation_id',
        'FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.organisation_id IS DISTINCT FROM NEW.organisation_id)',
      ],
      [
        'incidents_learned_delete',
        'incidents',
        'AFTER DELETE',
        'REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT',
      ],
      [
        'incidents_learned_truncate',
        'incidents',
        'AFTER TRUNCATE',
        'FOR EACH STATEMENT',
        'learned_incidents_clear',
      ],
    ];
    for (const [name, table, event, how, fn = name] of triggers) {
      await q.query(`CREATE TRIGGER ${name} ${event} ON ${table} ${how} EXECUTE FUNCTION leerlus_${fn}()`);
      await q.query(`ALTER TABLE ${table} ENABLE ALWAYS TRIGGER ${name}`);
    }

    await q.query(`
      INSERT INTO learned_incidents (incident_id, organisation_id, title)
      SELECT i.id, i.organisation_id, i.title FROM incidents i
      WHERE i.id IN (SELECT l.source_id FROM lessons l WHERE ${COUNTS('l')})`);
    // After the rows: a sorted build makes a better tree than inserting one by one.
    await q.query(`SET LOCAL maintenance_work_mem = '256MB'`);
    await q.query(
      `CREATE INDEX learned_incidents_title_trgm_gist_idx
       ON learned_incidents USING gist (leerlus_unaccent(lower(title)) gist_trgm_ops (siglen = 64))`,
    );
    await q.query(`ANALYZE learned_incidents`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [name, table] of [
      ['incidents_learned_truncate', 'incidents'],
      ['incidents_learned_delete', 'incidents'],
      ['incidents_learned_update', 'incidents'],
      ['incidents_learned_insert', 'incidents'],
      ['lessons_learned_truncate', 'lessons'],
      ['lessons_learned_delete', 'lessons'],
      ['lessons_learned_update', 'lessons'],
      ['lessons_learned_insert', 'lessons'],
    ])
      await q.query(`DROP TRIGGER ${name} ON ${table}`);
    for (const fn of [
      'leerlus_incidents_learned_delete',
      'leerlus_incidents_learned_update',
      'leerlus_incidents_learned_insert',
      'leerlus_learned_incidents_clear',
      'leerlus_lessons_learned_delete',
      'leerlus_lessons_learned_update',
      'leerlus_lessons_learned_insert',
      'leerlus_learned_changed',
    ])
      await q.query(`DROP FUNCTION ${fn}`);
    await q.query(`DROP TABLE learned_incidents`);
  }
}
