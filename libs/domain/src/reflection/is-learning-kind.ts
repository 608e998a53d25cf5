import { AgendaItemKind } from './agenda-item-kind';

const LEARNING_KINDS = new Set([AgendaItemKind.Theme, AgendaItemKind.Lesson, AgendaItemKind.BestPractice]);

/** Whether an agenda item of this kind counts toward the protected share. */
export function isLearningKind(kind: AgendaItemKind): boolean {
  return LEARNING_KINDS.has(kind);
}
