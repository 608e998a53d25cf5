/** What a best practice's detail view lists at most of its lessons and adoptions; more is exceptional. */
export const BEST_PRACTICE_DETAIL_LIMIT = 200;
