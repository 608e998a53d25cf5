import { EntityManager } from 'typeorm';
import { AgendaItemKind } from './agenda-item-kind';
import { agendaSummaryOf } from './agenda-summary-of';
import { maskAgendaReferences } from './mask-agenda-references';

/**
 * An agenda as the invitation's payload and the agenda.published webhook carry it: to everyone
 * invited and every subscriber, so a masked item names no `referenceId` (maskAgendaReferences).
 */
export async function agendaSummary(
  m: EntityManager,
  agenda: {
    totalMinutes: number;
    learningMinutes: number;
    protectedMinutes: number;
    items: {
      position: number | null;
      kind: AgendaItemKind;
      referenceId: string | null;
      title: string;
      timeboxMinutes: number;
      learning: boolean;
    }[];
  },
): Promise<Record<string, unknown>> {
  return agendaSummaryOf({ ...agenda, items: await maskAgendaReferences(m, agenda.items) });
}
