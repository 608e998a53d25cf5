/**
 * A change of a person found actions whose messages it plans again held by another change, ones it
 * had not locked up front (they became theirs since: new in a chain they own, say): waiting for them
 * there, after their row, deadlocked with a change of such an action handing it to them (it holds the
 * action and waits for their row). The change starts again with them locked up front (PeopleService).
 */
export class ActionHeldElsewhere extends Error {
  constructor(readonly actionIds: string[]) {
    super(`Actions ${actionIds.join(', ')} are held by another change`);
    this.name = 'ActionHeldElsewhere';
  }
}
