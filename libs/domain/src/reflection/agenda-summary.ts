import { EntityManager } from 'typeorm';
import { agendaSummaryOf } from './agenda-summary-of';
import { maskAgendaReferences } from './mask-agenda-references';

/**
 * An agenda as the invitation's payload and the agenda.published webhook carry it: to everyone
 * invited and every subscriber, so a masked item names no `referenceId` (maskAgendaReferences).
 */
export async function agendaSummary(
  m: EntityManager,
  agenda: Parameters<typeof agendaSummaryOf>[0],
): Promise<Record<string, unknown>> {
  return agendaSummaryOf({ ...agenda, items: await maskAgendaReferences(m, agenda.items) });
}
