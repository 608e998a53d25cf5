import type { RenderedPage } from '@app/domain/shared/rendered-page';
import type { Response } from 'express';

/** Sends a page whose items are JSON text already, as the JSON body a `Page` would give. */
export function sendRenderedPage(res: Response, page: RenderedPage): string {
  res.type('application/json');
  return page.json();
}
