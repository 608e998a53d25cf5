import { AgendaItemKind } from './agenda-item-kind';

/** An agenda as agendaSummary writes it, of items already masked (maskAgendaReferences). */
export function agendaSummaryOf(agenda: {
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
}): Record<string, unknown> {
  return {
    totalMinutes: agenda.totalMinutes,
    learningMinutes: agenda.learningMinutes,
    protectedMinutes: agenda.protectedMinutes,
    items: agenda.items.map((i) => ({
      position: i.position,
      kind: i.kind,
      referenceId: i.referenceId,
      title: i.title,
      timeboxMinutes: i.timeboxMinutes,
      learning: i.learning,
    })),
  };
}
