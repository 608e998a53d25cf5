import { auditChanges } from './audit-changes';

describe('auditChanges', () => {
  it('lists only changed fields', () => {
    expect(auditChanges({ a: 1, b: 'x' }, { a: 2, b: 'x' }, ['a', 'b'])).toEqual({ a: { from: 1, to: 2 } });
  });

  it('treats a create as changes from null', () => {
    expect(auditChanges(null, { a: 1 }, ['a'])).toEqual({ a: { from: null, to: 1 } });
  });

  it('compares dates and arrays by value', () => {
    const d = new Date('2026-01-01T00:00:00Z');
    expect(auditChanges({ d, t: ['a'] }, { d: new Date(d), t: ['a'] }, ['d', 't'])).toEqual({});
    expect(auditChanges({ t: ['a'] }, { t: ['a', 'b'] }, ['t'])).toEqual({
      t: { from: ['a'], to: ['a', 'b'] },
    });
  });
});
