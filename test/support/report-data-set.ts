import { randomUUID } from 'node:crypto';
import { OrgFixture } from './fixtures';
import { TestDatabase } from './test-database';

/**
 * A known data set for the quarterly report, written with plain SQL so the report is checked
 * against the database and nothing else. Most records sit on a quarter boundary in Dutch local
 * time: New Year's Eve (+01:00) and the end of March after the switch to summer time (+02:00).
 * The report quarter is Q1 2027 (2026-12-31T23:00Z up to 2027-03-31T22:00Z), the previous one
 * Q4 2026. The expected figures are written out by hand in the spec files.
 */
export interface ReportDataSet {
  chains: { studiefinanciering: string; toeslagen: string; zorg: string; other: string };
  series: { s1: string; s2: string };
  sessions: Record<string, string>;
  /** Titles the report must never show (two of them on confidential incidents). */
  secretTitles: string[];
}

type Row = Record<string, unknown>;

async function insert(db: TestDatabase, table: string, row: Row): Promise<string> {
  const columns = Object.keys(row);
  const [{ id }] = await db.query<{ id: string }>(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
    columns.map((c) => row[c]),
  );
  return id;
}

export async function seedReportDataSet(
  db: TestDatabase,
  org: OrgFixture,
  other: OrgFixture,
): Promise<ReportDataSet> {
  const o = org.organisationId;
  const chain = (organisationId: string, name: string, createdAt: string) =>
    insert(db, 'chains', {
      organisation_id: organisationId,
      name,
      created_at: createdAt,
      updated_at: createdAt,
    });
  const studiefinanciering = await chain(o, 'Studiefinanciering', '2025-01-01T09:00:00+01:00');
  const toeslagen = await chain(o, 'Toeslagen', '2025-01-01T09:00:00+01:00');
  // Created during Q1 2027: on the triangle list of Q1 2027 only. Its name needs escaping everywhere.
  const zorg = await chain(o, 'Zorg <verzekering> & "co"', '2027-02-01T09:00:00+01:00');
  const otherChain = await chain(other.organisationId, 'Elders', '2025-01-01T09:00:00+01:00');

  const assign = (
    chainId: string,
    personId: string,
    role: string,
    validFrom: string,
    validTo: string | null,
  ) =>
    insert(db, 'role_assignments', {
      chain_id: chainId,
      person_id: personId,
      role,
      valid_from: validFrom,
      valid_to: validTo,
    });
  await assign(studiefinanciering, org.admin.id, 'owner', '2025-01-01', null);
  await assign(studiefinanciering, org.lead.id, 'commissioner', '2025-01-01', '2026-12-31');
  await assign(studiefinanciering, org.member.id, 'contractor', '2025-01-01', null);
  await assign(toeslagen, org.lead.id, 'owner', '2025-01-01', null);
  await assign(toeslagen, org.lead.id, 'commissioner', '2027-01-01', null);

  const secretTitles: string[] = [];
  const incident = async (row: Row & { title: string; reported_at: string }) => {
    secretTitles.push(row.title);
    return insert(db, 'incidents', {
      organisation_id: o,
      reported_by_id: org.member.id,
      occurred_at: row.reported_at,
      updated_at: row.reported_at,
      created_at: row.reported_at,
      description: `Beschrijving van ${row.title}`,
      ...row,
    });
  };
  // Q1 2027.
  const i1 = await incident({
    title: 'GEHEIM-I1 nieuwjaarsnacht',
    chain_id: studiefinanciering,
    reported_at: '2027-01-01T00:10:00+01:00', // 2026-12-31T23:10Z: Q1 2027 in local time
    severity: 'high',
    public_attention: 'national',
    source: 'media',
    cause_level: 'policy',
    confidentiality: 'confidential',
    status: 'closed',
    closed_at: '2027-02-10T10:00:00+01:00',
    updated_at: '2027-02-10T10:00:00+01:00',
  });
  // Closed after the quarter: closed now, but not counted as closed in Q1.
  const i2 = await incident({
    title: 'I2 klacht zonder oorzaak',
    chain_id: studiefinanciering,
    reported_at: '2027-02-15T09:00:00+01:00',
    severity: 'low',
    public_attention: 'none',
    source: 'complaint',
    cause_level: null,
    status: 'closed',
    closed_at: '2027-04-10T10:00:00+02:00',
    updated_at: '2027-04-10T10:00:00+02:00',
  });
  const i3 = await incident({
    title: 'I3 laatste half uur van maart',
    chain_id: toeslagen,
    reported_at: '2027-03-31T23:30:00+02:00', // summer time: still Q1
    severity: 'critical',
    public_attention: 'parliamentary',
    source: 'parliamentary-question',
    cause_level: 'legislation',
    status: 'analysing',
    recurrence: true,
    updated_at: '2027-04-02T10:00:00+02:00',
  });
  const i4 = await incident({
    title: 'GEHEIM-I4 vertrouwelijk',
    chain_id: toeslagen,
    reported_at: '2027-01-20T12:00:00+01:00',
    severity: 'medium',
    public_attention: 'local',
    source: 'staff',
    cause_level: 'implementation',
    confidentiality: 'confidential',
    status: 'reported',
    recurrence: true,
  });
  const i5 = await incident({
    title: 'I5 inspectie',
    chain_id: studiefinanciering,
    reported_at: '2027-03-10T08:00:00+01:00',
    severity: 'high',
    public_attention: 'national',
    source: 'inspection',
    cause_level: 'implementation',
    status: 'lessons-drawn',
    updated_at: '2027-05-01T10:00:00+02:00',
  });

  // Q4 2026.
  const i6 = await incident({
    title: 'I6 oudejaarsavond',
    chain_id: studiefinanciering,
    reported_at: '2026-12-31T23:30:00+01:00', // Q4 2026 in local time
    severity: 'medium',
    public_attention: 'none',
    source: 'partner',
    cause_level: 'chain',
    status: 'closed',
    closed_at: '2026-12-31T23:45:00+01:00',
    updated_at: '2026-12-31T23:45:00+01:00',
  });
  await incident({
    title: 'I7 eerste minuut van het kwartaal',
    chain_id: toeslagen,
    reported_at: '2026-10-01T00:00:00+02:00',
    severity: 'low',
    public_attention: 'local',
    source: 'complaint',
    cause_level: 'politics',
    status: 'closed',
    closed_at: '2027-01-05T10:00:00+01:00',
    updated_at: '2027-01-05T10:00:00+01:00',
  });
  // Q3 2026, one minute before Q4: counts nowhere.
  await incident({
    title: 'I8 laatste minuut van september',
    chain_id: toeslagen,
    reported_at: '2026-09-30T23:59:00+02:00',
    severity: 'low',
    public_attention: 'none',
    source: 'other',
    status: 'reported',
  });
  // Across the spring daylight saving change of 2026, for the Q2 2026 report.
  await incident({
    title: 'I10 eind maart 2026',
    chain_id: toeslagen,
    reported_at: '2026-03-31T23:30:00+02:00',
    severity: 'low',
    public_attention: 'none',
    source: 'other',
    status: 'reported',
  });
  await incident({
    title: 'I11 begin april 2026',
    chain_id: toeslagen,
    reported_at: '2026-04-01T00:10:00+02:00',
    severity: 'low',
    public_attention: 'none',
    source: 'other',
    status: 'reported',
  });
  // Another organisation: never counted.
  await insert(db, 'incidents', {
    organisation_id: other.organisationId,
    chain_id: otherChain,
    reported_by_id: other.member.id,
    title: 'GEHEIM-elders',
    occurred_at: '2027-02-01T10:00:00+01:00',
    reported_at: '2027-02-01T10:00:00+01:00',
    severity: 'critical',
    public_attention: 'national',
    source: 'media',
    closed_at: '2027-02-02T10:00:00+01:00',
    status: 'closed',
  });

  const team = await insert(db, 'teams', { organisation_id: o, name: 'Team Uitvoering' });
  const practice = (row: Row) =>
    insert(db, 'best_practices', {
      organisation_id: o,
      title: 'Goede praktijk',
      proposed_by_id: org.member.id,
      ...row,
    });
  const b1 = await practice({
    chain_id: studiefinanciering,
    created_at: '2026-11-10T10:00:00+01:00',
    endorsed_at: '2027-01-15T10:00:00+01:00',
    adopted_at: '2027-03-01T10:00:00+01:00',
    status: 'adopted',
  });
  await practice({ chain_id: toeslagen, created_at: '2027-02-01T10:00:00+01:00', status: 'proposed' });
  const b3 = await practice({
    chain_id: null,
    created_at: '2026-12-01T10:00:00+01:00',
    endorsed_at: '2026-12-20T10:00:00+01:00',
    status: 'endorsed',
  });
  const adoption = (bestPracticeId: string, adoptedAt: string) =>
    insert(db, 'best_practice_adoptions', {
      best_practice_id: bestPracticeId,
      organisation_id: o,
      team_id: team,
      adopted_at: adoptedAt,
      recorded_by_id: org.lead.id,
    });
  await adoption(b1, '2027-03-01T10:00:00+01:00');
  await adoption(b1, '2027-03-20T10:00:00+01:00');
  await adoption(b3, '2026-12-28T10:00:00+01:00');

  const lesson = (row: Row) =>
    insert(db, 'lessons', {
      organisation_id: o,
      source_type: 'incident',
      title: 'Les',
      drawn_by_id: org.member.id,
      ...row,
    });
  const rechecked = await lesson({
    chain_id: studiefinanciering,
    source_id: i1,
    created_at: '2027-01-10T10:00:00+01:00',
    addressed_role: 'owner',
    status: 'embedded',
    response: 'adopted',
    validated_at: '2027-01-11T00:10:00+01:00', // 10 days after i1
    embedded_at: '2027-02-01T10:00:00+01:00',
    rechecked_at: '2027-03-20T10:00:00+01:00',
  });
  // Due 15 March, done on the 20th, no next one planned.
  await insert(db, 'lesson_rechecks', {
    lesson_id: rechecked,
    organisation_id: o,
    checked_at: '2027-03-20T10:00:00+01:00',
    due_at: '2027-03-15T10:00:00+01:00',
    outcome: 'effective',
    note: '',
    checked_by_id: org.lead.id,
  });
  await lesson({
    chain_id: studiefinanciering,
    source_id: i1,
    created_at: '2027-01-12T10:00:00+01:00',
    addressed_role: 'contractor',
    status: 'validated',
    response: 'not-adopted',
    validated_at: '2027-01-21T00:10:00+01:00', // 20 days: not the first validated lesson of i1
  });
  await lesson({
    chain_id: studiefinanciering,
    source_id: i2,
    created_at: '2027-02-20T10:00:00+01:00',
    addressed_role: 'commissioner',
    status: 'draft',
  });
  await lesson({
    chain_id: toeslagen,
    source_id: i4,
    created_at: '2027-01-25T10:00:00+01:00',
    addressed_role: 'all',
    status: 'validated',
    response: 'partially',
    validated_at: '2027-02-19T12:00:00+01:00', // 30 days after i4
    recheck_at: '2027-04-15T10:00:00+02:00',
  });
  await lesson({
    chain_id: studiefinanciering,
    source_id: i5,
    created_at: '2027-03-15T10:00:00+01:00',
    addressed_role: 'owner',
    status: 'embedded',
    response: 'adopted',
    validated_at: '2027-04-19T09:00:00+02:00', // 40 days after i5, across the DST change; in Q2
    embedded_at: '2027-05-01T10:00:00+02:00',
  });
  await lesson({
    chain_id: studiefinanciering,
    source_id: i6,
    created_at: '2026-12-31T23:50:00+01:00',
    addressed_role: 'owner',
    status: 'validated',
    response: 'adopted',
    validated_at: '2027-01-02T23:30:00+01:00', // 2 days after i6
  });
  await lesson({
    chain_id: null,
    source_type: 'best-practice',
    source_id: b3,
    created_at: '2026-11-01T10:00:00+01:00',
    addressed_role: 'contractor',
    status: 'embedded',
    validated_at: '2026-11-15T10:00:00+01:00',
    embedded_at: '2027-03-31T23:59:00+02:00',
    recheck_at: '2026-12-01T10:00:00+01:00',
  });
  // Another organisation's lesson, even pointing at our i3 (which has none of its own): never counted.
  await insert(db, 'lessons', {
    organisation_id: other.organisationId,
    source_type: 'incident',
    source_id: i3,
    title: 'Les elders',
    drawn_by_id: other.member.id,
    addressed_role: 'owner',
    status: 'validated',
    created_at: '2027-02-01T10:00:00+01:00',
    validated_at: '2027-02-02T10:00:00+01:00',
  });

  // An action's chain is its source's (migration 1764660000000): an incident of the chain, or,
  // without a chain, a source not loaded (the action keeps the chain it came with).
  const action = (row: Row) =>
    insert(db, 'actions', {
      organisation_id: o,
      source_type: 'incident',
      source_id: row.chain_id === toeslagen ? i3 : row.chain_id === studiefinanciering ? i1 : randomUUID(),
      description: 'Actie',
      assignee_id: org.member.id,
      created_by_id: org.lead.id,
      ...row,
    });
  await action({
    chain_id: studiefinanciering,
    created_at: '2027-01-05T10:00:00+01:00',
    addressed_role: 'owner',
    due_date: '2027-02-01',
    status: 'done',
    completed_at: '2027-02-01T23:30:00+01:00',
  });
  // Completed 2027-02-01T23:30Z, which is 2 February in Dutch time: late.
  await action({
    chain_id: studiefinanciering,
    created_at: '2027-01-10T10:00:00+01:00',
    addressed_role: 'contractor',
    due_date: '2027-02-01',
    status: 'done',
    completed_at: '2027-02-02T00:30:00+01:00',
  });
  await action({
    chain_id: toeslagen,
    created_at: '2027-02-01T10:00:00+01:00',
    addressed_role: null,
    due_date: '2027-03-15',
    status: 'open',
  });
  await action({
    chain_id: null,
    created_at: '2027-03-01T10:00:00+01:00',
    addressed_role: 'commissioner',
    due_date: '2027-03-31',
    status: 'open',
  });
  await action({
    chain_id: studiefinanciering,
    created_at: '2027-03-05T10:00:00+01:00',
    addressed_role: 'owner',
    due_date: '2027-03-10',
    status: 'done',
    completed_at: '2027-04-05T10:00:00+02:00',
  });
  await action({
    chain_id: toeslagen,
    created_at: '2027-03-06T10:00:00+01:00',
    addressed_role: 'all',
    due_date: '2027-03-10',
    status: 'cancelled',
    cancelled_at: '2027-04-02T10:00:00+02:00',
  });
  await action({
    chain_id: null,
    created_at: '2027-03-07T10:00:00+01:00',
    addressed_role: 'all',
    due_date: '2027-03-10',
    status: 'cancelled',
    cancelled_at: '2027-03-20T10:00:00+01:00',
  });
  await action({
    chain_id: toeslagen,
    created_at: '2026-10-15T10:00:00+02:00',
    addressed_role: 'contractor',
    due_date: '2026-11-30',
    status: 'done',
    completed_at: '2027-01-10T10:00:00+01:00',
  });
  await action({
    chain_id: studiefinanciering,
    created_at: '2026-11-01T10:00:00+01:00',
    addressed_role: null,
    due_date: '2026-12-31',
    status: 'done',
    completed_at: '2026-12-31T23:59:00+01:00',
  });
  await action({
    chain_id: studiefinanciering,
    created_at: '2026-12-31T23:30:00+01:00',
    addressed_role: 'owner',
    due_date: '2026-12-01',
    status: 'open',
  });
  await action({
    chain_id: studiefinanciering,
    created_at: '2027-04-02T10:00:00+02:00',
    addressed_role: 'owner',
    due_date: '2027-01-01',
    status: 'open',
  });
  await insert(db, 'actions', {
    organisation_id: other.organisationId,
    source_type: 'incident',
    source_id: i1,
    description: 'Actie elders',
    assignee_id: other.member.id,
    created_by_id: other.member.id,
    created_at: '2027-02-01T10:00:00+01:00',
    due_date: '2027-02-02',
    status: 'open',
  });

  const seriesRow = (organisationId: string, chainId: string | null, chairId: string) =>
    insert(db, 'reflection_series', {
      organisation_id: organisationId,
      chain_id: chainId,
      title: 'Reflectie',
      kind: chainId ? 'triangle' : 'leadership',
      chair_id: chairId,
      rrule: 'FREQ=MONTHLY;BYDAY=2TU',
      first_start: '2026-01-13T10:00:00+01:00',
      duration_minutes: 90,
    });
  const s1 = await seriesRow(o, studiefinanciering, org.lead.id);
  const s2 = await seriesRow(o, null, org.lead.id);
  const sessions: Record<string, string> = {};
  const session = async (
    name: string,
    seriesId: string,
    scheduledAt: string,
    sessionStatus: string,
    row: Row = {},
  ) => {
    sessions[name] = await insert(db, 'reflection_sessions', {
      series_id: seriesId,
      organisation_id: o,
      occurrence_start: scheduledAt,
      scheduled_at: scheduledAt,
      ends_at: new Date(new Date(scheduledAt).getTime() + 90 * 60_000).toISOString(),
      status: sessionStatus,
      ...row,
    });
    return sessions[name];
  };
  const item = (
    sessionId: string | null,
    seriesId: string,
    kind: string,
    minutes: number,
    learning: boolean,
    itemStatus = 'discussed',
  ) =>
    insert(db, 'agenda_items', {
      organisation_id: o,
      series_id: seriesId,
      session_id: sessionId,
      kind,
      title: 'Agendapunt',
      timebox_minutes: minutes,
      learning,
      status: itemStatus,
    });
  const r1 = await session('r1', s1, '2027-01-12T10:00:00+01:00', 'held');
  await item(r1, s1, 'theme', 30, true);
  await item(r1, s1, 'incident', 20, false);
  await item(r1, s1, 'lesson', 10, true, 'dropped');
  await item(r1, s1, 'custom', 15, false, 'carried-over');
  const r2 = await session('r2', s1, '2027-02-09T10:00:00+01:00', 'postponed');
  const r3 = await session('r3', s1, '2027-02-16T10:00:00+01:00', 'held', {
    rescheduled_from_id: r2,
    occurrence_start: '2027-02-09T10:00:00+01:00',
  });
  await item(r3, s1, 'action-review', 30, false);
  await item(r3, s1, 'best-practice', 30, true);
  const r4 = await session('r4', s2, '2027-03-09T10:00:00+01:00', 'cancelled');
  await item(r4, s2, 'theme', 45, true);
  await session('r5', s2, '2027-03-31T23:00:00+02:00', 'planned');
  await session('r6', s1, '2027-04-01T00:30:00+02:00', 'planned');
  const r7 = await session('r7', s1, '2026-10-13T10:00:00+02:00', 'held');
  await item(r7, s1, 'theme', 40, true);
  await item(r7, s1, 'custom', 20, false);
  await session('r8', s2, '2026-12-31T23:30:00+01:00', 'held');
  const r9 = await session('r9', s2, '2026-11-10T10:00:00+01:00', 'cancelled');
  await item(null, s1, 'theme', 60, true, 'proposed'); // backlog: never counted

  const notification = (row: Row) =>
    insert(db, 'notifications', {
      organisation_id: o,
      channel: 'email',
      target: 'iemand@example.nl',
      kind: 'reflection-escalation',
      subject_type: 'reflection-session',
      ...row,
    });
  await notification({
    subject_id: r4,
    due_at: '2027-03-09T12:00:00+01:00',
    dedupe_key: `escalation:${s2}:${r4}:${org.lead.id}`,
    status: 'sent',
    recipient_id: org.lead.id,
  });
  await notification({
    subject_id: r4,
    due_at: '2027-03-09T12:00:00+01:00',
    dedupe_key: `escalation:${s2}:${r4}:${org.admin.id}`,
    status: 'sent',
    recipient_id: org.admin.id,
  });
  await notification({
    subject_id: r2,
    due_at: '2027-02-10T09:00:00+01:00',
    dedupe_key: `escalation:${s1}:${r2}:${org.lead.id}`,
    status: 'pending',
  });
  await notification({
    subject_id: r3,
    due_at: '2027-02-17T09:00:00+01:00',
    dedupe_key: `escalation:${s1}:${r3}:${org.lead.id}`,
    status: 'cancelled',
  });
  await notification({
    subject_id: r1,
    due_at: '2027-01-11T09:00:00+01:00',
    dedupe_key: `session:${r1}:reminder:P1D:${org.lead.id}`,
    kind: 'session-reminder',
  });
  await notification({
    subject_id: r9,
    due_at: '2026-11-11T09:00:00+01:00',
    dedupe_key: `escalation:${s2}:${r9}:${org.lead.id}`,
    status: 'sent',
  });

  // Another organisation's session and escalation in Q1 2027.
  const otherSeries = await seriesRow(other.organisationId, otherChain, other.lead.id);
  const otherSession = await insert(db, 'reflection_sessions', {
    series_id: otherSeries,
    organisation_id: other.organisationId,
    occurrence_start: '2027-02-02T10:00:00+01:00',
    scheduled_at: '2027-02-02T10:00:00+01:00',
    ends_at: '2027-02-02T11:00:00+01:00',
    status: 'held',
  });
  await insert(db, 'notifications', {
    organisation_id: other.organisationId,
    channel: 'email',
    target: 'elders@example.nl',
    kind: 'reflection-escalation',
    subject_type: 'reflection-session',
    subject_id: otherSession,
    due_at: '2027-02-03T09:00:00+01:00',
    dedupe_key: `escalation:${otherSeries}:${otherSession}:x`,
  });

  return {
    chains: { studiefinanciering, toeslagen, zorg, other: otherChain },
    series: { s1, s2 },
    sessions,
    secretTitles,
  };
}
