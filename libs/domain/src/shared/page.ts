/** One page of a collection, with the total number of matching items. */
export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
  /** Set where the total is counted up to a cap: true when counting stopped there (at least `total`). */
  totalCapped?: boolean;
}
