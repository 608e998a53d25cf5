import express, { Express, Request } from 'express';

/**
 * Evaluates If-None-Match as an origin server does (RFC 9110 §13.1.2), ignoring the request's
 * Cache-Control: `no-cache` there is a directive to caches, and browsers and fetch add it to every
 * request whose If-None-Match was set by hand, so Express (fresh) answered them 200 with the whole
 * body, never 304. Otherwise Express's own check, on this app's requests only.
 */
export function evaluateConditionsAsOrigin(app: Express): void {
  const expressFresh = Object.getOwnPropertyDescriptor(express.request, 'fresh')?.get;
  if (!expressFresh) throw new Error('Express no longer defines request.fresh');
  Object.defineProperty(app.request, 'fresh', {
    configurable: true,
    enumerable: true,
    get(this: Request): boolean {
      const { 'cache-control': _directiveToCaches, ...headers } = this.headers;
      // The request itself, seen with other headers (its method and response stay its own).
      return expressFresh.call(Object.create(this, { headers: { value: headers } })) as boolean;
    },
  });
}
