import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An incident stored closed without a recorded close (a bulk load, the demo seed) counts its close
 * at `closed_at`; reopening empties that, and the close would leave its quarter. So before the
 * report's trigger counts a reopen, the close is recorded at `closed_at`, as a change from closed
 * to closed: for the status at a quarter's end it says "closed", as the incident did until now, so
 * the counts before and after agree. Statement triggers fire in the order of their names:
 * `incidents_history_closes` before `incidents_report_update`.
 */
export class RecordUnrecordedCloses1764760000000 implements MigrationInterface {
  name = 'RecordUnrecordedCloses1764760000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION leerlus_incidents_record_unrecorded_closes() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO incident_status_changes (incident_id, changed_at, from_status, to_status)
        SELECT o.id, o.closed_at, 'closed', 'closed' FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE o.status = 'closed' AND n.status <> 'closed' AND o.closed_at IS NOT NULL
          AND NOT EXISTS (
            SELECT 1 FROM incident_status_changes c WHERE c.incident_id = o.id AND c.to_status = 'closed')
        ORDER BY o.id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER incidents_history_closes AFTER UPDATE ON incidents
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION leerlus_incidents_record_unrecorded_closes()`);
    await q.query(`ALTER TABLE incidents ENABLE ALWAYS TRIGGER incidents_history_closes`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER incidents_history_closes ON incidents`);
    await q.query(`DROP FUNCTION leerlus_incidents_record_unrecorded_closes()`);
  }
}
