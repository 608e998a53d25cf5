import { AgendaItemKind } from './agenda-item-kind';
import { agendaItemRoom } from './agenda-item-room';
import { compileAgenda } from './compile-agenda';
import { isLearningKind } from './is-learning-kind';

describe('agendaItemRoom', () => {
  // The room is what the compiler gives: an item that long is placed on an empty agenda, one a
  // minute longer never is (it was carried over for ever).
  it.each([
    [AgendaItemKind.Custom, 60, 0.4, 36],
    [AgendaItemKind.Custom, 60, 0.8, 12],
    [AgendaItemKind.Incident, 90, 0.4, 54],
    [AgendaItemKind.ActionReview, 45, 1, 0],
    [AgendaItemKind.Custom, 30, 0, 30],
    [AgendaItemKind.Theme, 60, 0.8, 60],
    [AgendaItemKind.Lesson, 45, 0, 45],
  ])('gives %s in %i minutes with share %d at most %i', (kind, minutes, share, room) => {
    expect(agendaItemRoom(kind, minutes, share)).toBe(room);
    const placed = (timeboxMinutes: number) =>
      compileAgenda({
        sessionMinutes: minutes,
        protectedShare: share,
        carriedOver: [],
        manual: [
          { id: 'i', kind, referenceId: null, title: 'Punt', timeboxMinutes, learning: isLearningKind(kind) },
        ],
        candidates: [],
      }).items.length;
    if (room > 0) expect(placed(room)).toBe(1);
    expect(placed(room + 1)).toBe(0);
  });
});
