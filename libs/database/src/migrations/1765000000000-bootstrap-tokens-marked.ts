import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `api_tokens.bootstrap`: the token was configured as BOOTSTRAP_ADMIN_TOKEN, and a new value
 * revokes it. The api told those tokens by their name, so a token its administrator had named
 * "bootstrap" (POST /v1/people/{id}/tokens) was revoked at every start.
 *
 * The system administrator's tokens named "bootstrap" that the start made, or renamed so, are
 * marked: its audit events have no actor (a request's always have one). A token whose making the
 * audit log does not show is marked by its name, as before, once.
 */
export class BootstrapTokensMarked1765000000000 implements MigrationInterface {
  name = 'BootstrapTokensMarked1765000000000';

  async up(q: QueryRunner): Promise<void> {
    // A constant default: no rewrite of the table.
    await q.query(`ALTER TABLE api_tokens ADD COLUMN bootstrap boolean NOT NULL DEFAULT false`);
    await q.query(`
      UPDATE api_tokens t SET bootstrap = true
      FROM people p
      WHERE p.id = t.person_id AND p.system_admin AND t.name = 'bootstrap'
        AND (EXISTS (SELECT 1 FROM audit_events e
                     WHERE e.entity_type = 'api-token' AND e.entity_id = t.id AND e.actor_id IS NULL
                       AND e.changes->'name'->>'to' = 'bootstrap')
          OR NOT EXISTS (SELECT 1 FROM audit_events e
                         WHERE e.entity_type = 'api-token' AND e.entity_id = t.id AND e.action = 'create'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_tokens DROP COLUMN bootstrap`);
  }
}
