import { patchChanges } from './patch-changes';

describe('patchChanges', () => {
  const entity = { title: 'a', tags: ['x'], teamId: null, version: 3 };

  it('ignores absent fields, equal values and the version', () => {
    expect(
      patchChanges(entity, { title: 'a', tags: ['x'], teamId: null, version: 2, other: undefined }),
    ).toBe(false);
  });

  it('sees a changed value, array or null', () => {
    expect(patchChanges(entity, { title: 'b' })).toBe(true);
    expect(patchChanges(entity, { tags: ['x', 'y'] })).toBe(true);
    expect(patchChanges({ teamId: 't' }, { teamId: null })).toBe(true);
  });
});
