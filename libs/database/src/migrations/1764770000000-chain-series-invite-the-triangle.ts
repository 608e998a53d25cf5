import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A chain's reflection series now invites the chain's triangle as it is at each moment; it used to
 * copy the triangle into its participants when it was created, so a former owner stayed invited.
 * Participants who hold a role in the chain today are invited by that role from now on, and leave
 * the list with it. (Whoever was copied and has left the role since stays a participant: nothing
 * tells them apart from someone added by hand.)
 */
export class ChainSeriesInviteTheTriangle1764770000000 implements MigrationInterface {
  name = 'ChainSeriesInviteTheTriangle1764770000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM reflection_series_participants sp
      USING reflection_series s, role_assignments ra
      WHERE s.id = sp.series_id AND ra.chain_id = s.chain_id AND ra.person_id = sp.person_id
        AND ra.valid_from <= (now() AT TIME ZONE 'Europe/Amsterdam')::date
        AND (ra.valid_to IS NULL OR ra.valid_to >= (now() AT TIME ZONE 'Europe/Amsterdam')::date)`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Those removed are invited by their role; put them back on the list for the old behaviour.
    await q.query(`
      INSERT INTO reflection_series_participants (series_id, person_id)
      SELECT DISTINCT s.id, ra.person_id FROM reflection_series s JOIN role_assignments ra ON ra.chain_id = s.chain_id
      WHERE ra.valid_from <= (now() AT TIME ZONE 'Europe/Amsterdam')::date
        AND (ra.valid_to IS NULL OR ra.valid_to >= (now() AT TIME ZONE 'Europe/Amsterdam')::date)
      ON CONFLICT DO NOTHING`);
  }
}
