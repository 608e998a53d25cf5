/** Copies the fields a PATCH body actually carries (undefined means "leave as is"); never `version`. */
export function applyPatch<E extends object>(entity: E, patch: object): E {
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'version' || value === undefined) continue;
    (entity as Record<string, unknown>)[key] = value;
  }
  return entity;
}
