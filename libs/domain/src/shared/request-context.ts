import { AsyncLocalStorage } from 'node:async_hooks';

/** Per-request values (the request id) available to domain code without threading them through. */
export const requestContext = new AsyncLocalStorage<{ requestId: string }>();
