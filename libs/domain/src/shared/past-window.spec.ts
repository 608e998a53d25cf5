import { pastWindow } from './past-window';
import { SEARCH_WINDOW } from './search-window';

describe('pastWindow', () => {
  const many = SEARCH_WINDOW + 50;

  it('has no places past the window for a page inside it, or when all matches are in it', () => {
    expect(pastWindow(0, 20, many)).toBeNull();
    expect(pastWindow(SEARCH_WINDOW - 20, 20, many)).toBeNull();
    expect(pastWindow(SEARCH_WINDOW, 20, SEARCH_WINDOW)).toBeNull();
  });

  it('fills the rest of a page that straddles the window from the window end', () => {
    expect(pastWindow(SEARCH_WINDOW - 5, 20, many)).toEqual({ offset: SEARCH_WINDOW, limit: 15 });
  });

  it('takes a page past the window by date at its own offset', () => {
    expect(pastWindow(SEARCH_WINDOW + 20, 20, many)).toEqual({ offset: SEARCH_WINDOW + 20, limit: 20 });
  });
});
