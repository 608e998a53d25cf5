/** Whether `work` is still waiting (on a lock, say) after `ms`: true if it has not settled by then. */
export function stillWaiting(work: Promise<unknown>, ms = 300): Promise<boolean> {
  return Promise.race([
    work.then(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(true), ms)),
  ]);
}
