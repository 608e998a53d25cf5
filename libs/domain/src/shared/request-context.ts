import { AsyncLocalStorage } from 'node:async_hooks';
import type { WritePrecondition } from './write-precondition';

/**
 * Per-request values available to domain code without threading them through: the request id,
 * once the caller is authenticated, the caller's person id (AuditActorSubscriber), and an
 * If-Match's precondition on the resource a write changes (lockForUpdate).
 */
export const requestContext = new AsyncLocalStorage<{
  requestId: string;
  actorId?: string;
  precondition?: WritePrecondition;
}>();
