import { MigrationInterface, QueryRunner } from 'typeorm';

const CREATED_BY = [
  ['webhook_subscriptions', 'webhook_subscriptions_created_by_id_fkey'],
  ['agenda_items', 'agenda_items_created_by_id_fkey'],
] as const;

/**
 * Who created a webhook subscription or an agenda item is their provenance, not their work: a
 * person who made one could not be deleted (409 "still referenced by webhook subscriptions"), and
 * neither can be given to someone else. Deleting the person now clears it; the audit log keeps who
 * it was. Its locks on people and both tables last to its commit: 0.7 s with the 92,535 agenda
 * items of the 1M benchmark data.
 */
export class CreatorsMayBeDeleted1764910000000 implements MigrationInterface {
  name = 'CreatorsMayBeDeleted1764910000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, constraint] of CREATED_BY)
      await this.refer(q, table, constraint, 'ON DELETE SET NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, constraint] of CREATED_BY) await this.refer(q, table, constraint, '');
  }

  private async refer(q: QueryRunner, table: string, constraint: string, onDelete: string): Promise<void> {
    await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${constraint}`);
    await q.query(
      `ALTER TABLE ${table} ADD CONSTRAINT ${constraint}
         FOREIGN KEY (created_by_id) REFERENCES people(id) ${onDelete}`,
    );
  }
}
