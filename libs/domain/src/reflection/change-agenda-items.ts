import { EntityManager, FindOptionsWhere } from 'typeorm';
import { Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { AgendaItemEntity } from './agenda-item.entity';
import { AGENDA_ITEM_AUDIT_SUBJECT } from './agenda-item-audit-subject';

/**
 * Changes the agenda items a session's fate moves (held, postponed, cancelled, taken off the
 * plan) as a change through the api would: each one locked, changed, saved with a new version
 * and audited. `change` returns false to delete the item instead. The worker's changes have no
 * actor (inside a request, the database names the caller of an event without one).
 */
export async function changeAgendaItems(
  m: EntityManager,
  audit: AuditService,
  actor: Principal | null,
  where: FindOptionsWhere<AgendaItemEntity>,
  change: (item: AgendaItemEntity) => boolean | void,
): Promise<void> {
  const items = await m.find(AgendaItemEntity, {
    where,
    order: { id: 'ASC' },
    lock: { mode: 'pessimistic_write' },
  });
  for (const item of items) {
    const before = { ...item };
    if (change(item) === false) {
      await m.delete(AgendaItemEntity, { id: item.id });
      await audit.deleted(m, actor, AGENDA_ITEM_AUDIT_SUBJECT, item.organisationId, before);
    } else {
      const saved = await m.save(item);
      await audit.updated(m, actor, AGENDA_ITEM_AUDIT_SUBJECT, saved.organisationId, before, saved);
    }
  }
}
