/** draft → validated → embedded → retired. */
export enum LessonStatus {
  Draft = 'draft',
  Validated = 'validated',
  Embedded = 'embedded',
  Retired = 'retired',
}
