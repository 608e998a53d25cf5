/**
 * A change of a person found a series it plans again held by another change, one it had not
 * locked up front (it became theirs since): waiting for it there, after their actions and their
 * row, deadlocked. The change starts again with it locked up front (PeopleService).
 */
export class SeriesHeldElsewhere extends Error {
  constructor(readonly seriesId: string) {
    super(`Reflection series ${seriesId} is held by another change`);
    this.name = 'SeriesHeldElsewhere';
  }
}
