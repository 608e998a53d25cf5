import { AgendaItemKind } from './agenda-item-kind';
import { isLearningKind } from './is-learning-kind';
import { protectedMinutes } from './protected-minutes';

/**
 * The most minutes an item of this kind can have on an agenda of a session this long: all of it
 * for a learning item, and for any other the time outside the protected share, the only time the
 * compiler gives it (compileAgenda).
 */
export function agendaItemRoom(kind: AgendaItemKind, sessionMinutes: number, protectedShare: number): number {
  if (isLearningKind(kind)) return sessionMinutes;
  return sessionMinutes - protectedMinutes(sessionMinutes, protectedShare);
}
