/** Whether a PATCH body would change anything (undefined and `version` do not count). */
export function patchChanges(entity: object, patch: object): boolean {
  return Object.entries(patch).some(
    ([key, value]) =>
      key !== 'version' &&
      value !== undefined &&
      JSON.stringify(value) !== JSON.stringify((entity as Record<string, unknown>)[key]),
  );
}
