/** The title of a compiled review of overdue actions: how many are overdue when it is compiled. */
export function actionReviewTitle(overdue: number): string {
  return `Verlopen acties bespreken (${overdue})`;
}
