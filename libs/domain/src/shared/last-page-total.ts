import { PageQueryDto } from './page-query.dto';

/**
 * The total a page that is not full shows by itself: it ends the collection as its query saw it,
 * so the total is its offset plus its items. Counted by a query of its own, beside it on another
 * connection, a total could disagree with the page while others wrote (13 with 10 items on the
 * only page). Undefined for a full page, and for an empty one past the first (it says nothing).
 */
export function lastPageTotal(paging: PageQueryDto, itemCount: number): number | undefined {
  const offset = (paging.page - 1) * paging.pageSize;
  if (itemCount >= paging.pageSize || (itemCount === 0 && offset > 0)) return undefined;
  return offset + itemCount;
}
