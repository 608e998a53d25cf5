import { JobHandlerRef } from './job-handler-ref';

/**
 * Every declared job needs exactly one handler, and every handler a declared job. Returns the
 * problems (empty when all is well) so the worker can refuse to start with a clear message.
 */
export function checkJobHandlers(declared: readonly string[], handlers: readonly JobHandlerRef[]): string[] {
  const problems: string[] = [];
  for (const name of declared) {
    const owners = handlers
      .filter((h) => h.jobName === name)
      .map((h) => h.owner)
      .sort();
    if (owners.length === 0) problems.push(`job "${name}" has no handler`);
    if (owners.length > 1) problems.push(`job "${name}" has ${owners.length} handlers: ${owners.join(', ')}`);
  }
  for (const handler of handlers) {
    if (!declared.includes(handler.jobName))
      problems.push(`${handler.owner} handles "${handler.jobName}", which is not a declared job`);
  }
  return problems;
}
