import { AccessRole } from '../access/access-role';
import { AccessService } from '../access/access.service';
import { Principal } from '../access/principal';
import { Clock } from '../shared/clock';
import { ConfidentialityFilter } from './confidentiality-filter';

const member: Principal = {
  personId: 'p1',
  organisationId: 'o1',
  accessRole: AccessRole.Member,
  systemAdmin: false,
  locale: 'nl',
};

class FixedClock extends Clock {
  override now(): Date {
    return new Date('2026-06-30T22:30:00Z');
  }
}

describe('ConfidentialityFilter', () => {
  const filter = new ConfidentialityFilter(new AccessService(), new FixedClock());

  it('limits a member to the organisation and to confidential incidents they reported or hold a role for', () => {
    const c = filter.incidents(member, 'x');
    expect(c.sql).toContain('x.organisation_id = :visOrganisationId');
    expect(c.sql).toContain("x.confidentiality <> 'confidential'");
    expect(c.sql).toContain('x.reported_by_id = :visPersonId');
    expect(c.sql).toContain('x.chain_id = ANY (ARRAY (SELECT vis_ra.chain_id FROM role_assignments vis_ra');
    // "Today" is the Dutch calendar date: 22:30 UTC on 30 June is already 1 July in Amsterdam.
    expect(c.parameters).toEqual({ visOrganisationId: 'o1', visPersonId: 'p1', visToday: '2026-07-01' });
  });

  it('lets leads and admins see every incident of their organisation', () => {
    for (const accessRole of [AccessRole.Lead, AccessRole.Admin]) {
      expect(filter.incidents({ ...member, accessRole })).toEqual({
        sql: '(i.organisation_id = :visOrganisationId)',
        parameters: { visOrganisationId: 'o1' },
      });
    }
  });

  it('lets the system administrator see the incidents of every organisation, but confidential ones only they reported', () => {
    const sysadmin: Principal = {
      ...member,
      organisationId: null,
      accessRole: AccessRole.Admin,
      systemAdmin: true,
    };
    expect(filter.incidents(sysadmin)).toEqual({
      sql: "(i.confidentiality <> 'confidential' OR i.reported_by_id = :visPersonId)",
      parameters: { visPersonId: 'p1' },
    });
    const lessons = filter.lessons(sysadmin);
    expect(lessons.sql).not.toContain('organisation_id');
    expect(lessons.sql).toContain('NOT l.source_confidential OR EXISTS');
  });

  it('hides lessons of incidents the member cannot see, through the same rule', () => {
    const c = filter.lessons(member);
    expect(c.sql).toContain('NOT l.source_confidential OR EXISTS');
    expect(c.sql).toContain('vis_i.id = l.source_id');
    expect(c.sql).toContain(filter.incidents(member, 'vis_i').sql);
  });

  it('hides actions on sources the member cannot see, except from their assignee', () => {
    const c = filter.actions(member);
    expect(c.sql).toContain('NOT a.source_confidential OR a.assignee_id = :visPersonId');
    expect(c.sql).toContain(filter.incidents(member, 'vis_ai').sql);
    expect(c.sql).toContain(filter.lessons(member, 'vis_al').sql);
    expect(c.parameters).toEqual({ visOrganisationId: 'o1', visPersonId: 'p1', visToday: '2026-07-01' });
    expect(filter.actions({ ...member, accessRole: AccessRole.Lead }).sql).toBe(
      '(a.organisation_id = :visOrganisationId)',
    );
  });

  it('refuses an alias that could inject SQL', () => {
    expect(() => filter.incidents(member, 'i; DROP TABLE incidents')).toThrow();
  });
});
