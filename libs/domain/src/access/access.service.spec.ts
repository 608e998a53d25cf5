import { DomainError } from '../shared/domain.error';
import { AccessRole } from './access-role';
import { AccessService } from './access.service';
import { Principal } from './principal';

const member: Principal = {
  personId: 'p1',
  organisationId: 'o1',
  accessRole: AccessRole.Member,
  systemAdmin: false,
  locale: 'nl',
};
const admin: Principal = { ...member, accessRole: AccessRole.Admin };
const system: Principal = {
  ...member,
  organisationId: null,
  accessRole: AccessRole.Admin,
  systemAdmin: true,
};

describe('AccessService', () => {
  const access = new AccessService();

  it('ranks roles', () => {
    expect(access.hasRole(member, AccessRole.Lead)).toBe(false);
    expect(access.hasRole(admin, AccessRole.Lead)).toBe(true);
    expect(access.hasRole(system, AccessRole.Admin)).toBe(true);
  });

  it('hides other organisations as not found', () => {
    expect(() => access.requireOrganisation(member, 'o2', 'Team', 'x')).toThrow(DomainError);
    expect(() => access.requireOrganisation(member, 'o1', 'Team', 'x')).not.toThrow();
    expect(() => access.requireOrganisation(system, 'o2', 'Team', 'x')).not.toThrow();
  });

  it('scopes collections to the own organisation', () => {
    expect(access.organisationScope(member, 'o2')).toBe('o1');
    expect(access.organisationScope(system, 'o2')).toBe('o2');
    expect(access.organisationScope(system)).toBeUndefined();
  });

  it('puts new resources in the own organisation', () => {
    expect(access.targetOrganisation(member, undefined)).toBe('o1');
    expect(() => access.targetOrganisation(member, 'o2')).toThrow(DomainError);
    expect(() => access.targetOrganisation(system, undefined)).toThrow(DomainError);
    expect(access.targetOrganisation(system, 'o2')).toBe('o2');
  });
});
