/**
 * A page whose items PostgreSQL already rendered as JSON text. `json()` is the response body, the
 * same as serialising a `Page` with those items, without parsing the items only to write them again.
 * Totals may be counted up to a cap: then `total` is the cap and `totalCapped` says there are more.
 */
export class RenderedPage {
  constructor(
    readonly items: string[],
    readonly page: number,
    readonly pageSize: number,
    readonly total: number,
    readonly totalCapped: boolean,
  ) {}

  json(): string {
    return (
      `{"items":[${this.items.join(',')}],"page":${this.page},"pageSize":${this.pageSize},` +
      `"total":${this.total},"totalCapped":${this.totalCapped}}`
    );
  }
}
