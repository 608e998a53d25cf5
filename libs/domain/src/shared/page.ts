/** One page of a collection, with the total number of matching items. */
export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}
