import { lastPageTotal } from './last-page-total';

describe('lastPageTotal', () => {
  const paging = (page: number, pageSize = 20) => ({ page, pageSize }) as never;

  it('is the offset and the items of a page that is not full', () => {
    expect(lastPageTotal(paging(1), 10)).toBe(10);
    expect(lastPageTotal(paging(3), 7)).toBe(47);
    expect(lastPageTotal(paging(1), 0)).toBe(0);
  });

  it('says nothing of a full page, nor of an empty one past the first', () => {
    expect(lastPageTotal(paging(1), 20)).toBeUndefined();
    expect(lastPageTotal(paging(4), 0)).toBeUndefined();
  });
});
