import { AgendaItemKind } from './agenda-item-kind';

/** An agenda as the invitation's payload and the agenda.published webhook carry it. */
export function agendaSummary(agenda: {
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
