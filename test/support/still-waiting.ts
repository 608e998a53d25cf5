/** Whether `work` is still waiting (on a lock, say) after `ms`: true if it has not settled by then. */
export function stillWaiting(work: Promise<unknown>, ms = 300): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), ms);
  });
  // The timer goes with the answer: one left running kept Jest from exiting.
  return Promise.race([work.then(() => false), waited]).finally(() => clearTimeout(timer));
}
