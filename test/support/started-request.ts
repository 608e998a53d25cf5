/** A request under way: `done` once it has answered, `outcome` its status and problem detail. */
export interface StartedRequest {
  done: boolean;
  outcome: Promise<[number, string | undefined]>;
}

/** Starts `send` and keeps track of whether it has answered (see settledOrLockWaiters). */
export function startRequest(
  send: () => PromiseLike<{ status: number; body: { detail?: string } }>,
): StartedRequest {
  const state: StartedRequest = { done: false, outcome: Promise.resolve([0, undefined]) };
  state.outcome = Promise.resolve(send()).then((r) => {
    state.done = true;
    return [r.status, r.body.detail];
  });
  return state;
}
