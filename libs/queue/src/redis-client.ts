/** Injection token of the shared command connection (not for BullMQ's blocking use). */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');
