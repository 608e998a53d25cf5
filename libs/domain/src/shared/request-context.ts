import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Per-request values available to domain code without threading them through: the request id,
 * and once the caller is authenticated, the caller's person id (AuditActorSubscriber).
 */
export const requestContext = new AsyncLocalStorage<{ requestId: string; actorId?: string }>();
