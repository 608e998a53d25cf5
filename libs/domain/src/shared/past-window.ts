import { SEARCH_WINDOW } from './search-window';

/**
 * The places of a ranked search page past the ranked window: the older matches, newest first
 * (the window is the newest ones), as an offset and a limit in date order; null when the page has
 * none. Counted from the window's end, not from what the window gave, so a match removed in
 * between does not pull an older one onto two pages.
 */
export function pastWindow(
  offset: number,
  pageSize: number,
  matched: number,
): { offset: number; limit: number } | null {
  const inWindow = Math.min(Math.max(SEARCH_WINDOW - offset, 0), pageSize);
  if (matched <= SEARCH_WINDOW || inWindow >= pageSize) return null;
  return { offset: Math.max(offset, SEARCH_WINDOW), limit: pageSize - inWindow };
}
