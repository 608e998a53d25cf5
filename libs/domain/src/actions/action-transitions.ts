import { ActionStatus } from './action-status';

const NEXT: Record<ActionStatus, ActionStatus[]> = {
  [ActionStatus.Open]: [ActionStatus.Done, ActionStatus.Cancelled],
  // Done and cancelled are final: a follow-up that turns out to be needed is a new action.
  [ActionStatus.Done]: [],
  [ActionStatus.Cancelled]: [],
};

/** The states an action in `from` may move to (open → done | cancelled). */
export function nextActionStates(from: ActionStatus): ActionStatus[] {
  return [...NEXT[from]];
}
