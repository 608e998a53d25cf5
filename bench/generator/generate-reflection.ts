import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import { SeededRandom } from '../lib/seeded-random';
import { BulkLoader } from './bulk-loader';
import { insertRows } from './insert-rows';
import { VOCABULARY as V } from './vocabulary';
import { World, WorldOrganisation } from './world';

const ZONE = 'Europe/Amsterdam';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR'];

interface Reference {
  id: string;
  title: string;
  at: number;
}

interface Frequency {
  rule: (weekday: number) => string;
  next: (from: DateTime, weekday: number) => DateTime;
}

const FREQUENCIES: Array<[Frequency, number]> = [
  [{ rule: (d) => `FREQ=WEEKLY;BYDAY=${WEEKDAYS[d]}`, next: (from) => from.plus({ weeks: 1 }) }, 0.2],
  [
    { rule: (d) => `FREQ=WEEKLY;INTERVAL=2;BYDAY=${WEEKDAYS[d]}`, next: (from) => from.plus({ weeks: 2 }) },
    0.45,
  ],
  [
    {
      rule: (d) => `FREQ=MONTHLY;BYDAY=1${WEEKDAYS[d]}`,
      next: (from, d) => {
        // The first <weekday> of the next month, at the same wall-clock time.
        const month = from.plus({ months: 1 }).startOf('month').set({ hour: from.hour, minute: from.minute });
        return month.plus({ days: (d + 1 - month.weekday + 7) % 7 });
      },
    },
    0.35,
  ],
];

/**
 * Reflection series and their materialised sessions (about one session per 50 incidents: 20,000
 * for a million) over the same three years plus a 90-day horizon, with participants, agenda
 * items, outcomes, and the lessons and actions sessions produce.
 */
export async function generateReflection(loader: BulkLoader, world: World, rng: SeededRandom): Promise<void> {
  const random = rng.fork('reflection');
  const anchor = DateTime.fromJSDate(world.anchor, { zone: ZONE });
  const anchorMs = anchor.toMillis();
  const horizon = anchor.plus({ days: 90 });
  const target = Math.max(20, Math.round(world.incidents / 50));
  const references = await loadReferences(loader, world);
  const holidays = publicHolidays(anchor.year - 4, horizon.year);

  const series: unknown[][] = [];
  const participants: unknown[][] = [];
  const sessions: unknown[][] = [];
  const items: unknown[][] = [];
  const lessons: unknown[][] = [];
  const actions: unknown[][] = [];
  const heldShare = Math.min(3, (0.015 * world.incidents) / (target * 0.7));
  let sessionCount = 0;

  for (let s = 0; sessionCount < target; s++) {
    const org =
      world.organisations[
        random.next() < 0.7 ? 0 : 1 + Math.floor(random.next() * (world.organisations.length - 1))
      ];
    const kindDraw = random.next();
    const kind =
      kindDraw < 0.35 ? 'triangle' : kindDraw < 0.5 ? 'chain' : kindDraw < 0.7 ? 'leadership' : 'team';
    const chain = kind === 'triangle' || kind === 'chain' ? random.pick(org.chains) : null;
    const frequency = pickWeighted(random, FREQUENCIES);
    const weekday = random.int(0, 4);
    const startDay = anchor.minus({ days: random.int(60, 3 * 365) }).startOf('day');
    const [hour, minute] = random.pick([
      [9, 0],
      [10, 0],
      [13, 30],
      [14, 0],
      [15, 30],
    ] as const);
    const firstStart = startDay
      .plus({ days: (weekday + 1 - startDay.weekday + 7) % 7 })
      .set({ hour, minute });
    const duration = random.pick([60, 90, 90, 120]);
    const active = random.chance(0.9);
    const until = active ? horizon : anchor.minus({ days: random.int(0, 200) });
    const seriesId = random.uuid('series', s);
    const members = seriesMembers(random, org, kind, chain?.ownerId, chain);
    const chairId = members[0];
    const title =
      kind === 'triangle'
        ? `Driehoeksoverleg keten ${chain!.name}`
        : kind === 'chain'
          ? `Ketenreflectie ${chain!.name}`
          : kind === 'leadership'
            ? `Reflectie bestuursraad ${org.name}`
            : `Teamreflectie ${random.pick(V.teamNames)}`;
    series.push([
      seriesId,
      org.id,
      chain?.id ?? null,
      title,
      kind,
      chairId,
      frequency.rule(weekday),
      firstStart.toJSDate(),
      ZONE,
      duration,
      'P3D',
      ['P1D'],
      random.pick(['0.400', '0.400', '0.500', '0.300']),
      random.chance(0.6) ? `Vergaderzaal ${random.int(1, 12)}.${random.int(1, 40)}` : null,
      random.chance(0.5) ? `https://vergaderen.leerlus.example/${seriesId.slice(0, 8)}` : null,
      true,
      until.toJSDate(),
      active,
      firstStart.minus({ days: 14 }).toJSDate(),
      firstStart.minus({ days: 14 }).toJSDate(),
    ]);
    for (const personId of members) participants.push([seriesId, personId]);

    let carry = 0;
    let n = 0;
    for (
      let at: DateTime = firstStart;
      at < until && sessionCount < target;
      at = frequency.next(at, weekday), n++
    ) {
      if (holidays.has(at.toISODate()!)) continue;
      const id = random.uuid('session', s, n);
      // Luxon places the occurrence in Amsterdam time; the rest is plain arithmetic on instants.
      const t = at.toMillis();
      const start = new Date(t);
      const ends = new Date(t + duration * MINUTE);
      const past = ends.getTime() < anchorMs;
      const draw = random.next();
      let status = 'planned';
      if (past)
        status = draw < 0.8 ? 'held' : draw < 0.86 ? 'postponed' : draw < 0.94 ? 'cancelled' : 'agenda-sent';
      else if (t - anchorMs < 3 * DAY) status = 'agenda-sent';
      const compiled = status !== 'planned' && !(status === 'cancelled' && random.chance(0.5));
      const compiledAt = compiled ? new Date(t - 3 * DAY) : null;
      const held = status === 'held';
      const attendees = held ? members.filter(() => random.chance(0.85)) : [];
      const reason =
        status === 'postponed'
          ? random.pick([
              'Verschoven: de bestuursraad moest Kamervragen beantwoorden.',
              'Verschoven vanwege een crisis in de uitvoering.',
              'Verschoven: de voorzitter was verhinderd.',
            ])
          : status === 'cancelled'
            ? random.pick([
                'Afgelast wegens de waan van de dag: mediadruk rond een incident.',
                'Afgelast: te weinig deelnemers beschikbaar.',
                'Afgelast vanwege het reces.',
              ])
            : null;
      const postponedTo = status === 'postponed' ? t + 7 * DAY : null;
      // Sessions are materialised a rolling 90 days ahead; outcomes are recorded within days.
      const created = new Date(Math.max(t - 90 * DAY, firstStart.toMillis() - 14 * DAY));
      const outcomeAt = held
        ? new Date(Math.min(t + random.int(0, 3) * DAY + 2 * HOUR, anchorMs - HOUR))
        : null;
      sessions.push([
        id,
        seriesId,
        org.id,
        start,
        start,
        ends,
        status,
        null,
        postponedTo === null ? null : new Date(postponedTo),
        reason,
        held
          ? `Verslag: de deelnemers bespraken ${random.pick(V.themes).toLowerCase()} en de signalen van de afgelopen periode.`
          : null,
        JSON.stringify(held ? [random.pick(V.recommendations)] : []),
        attendees,
        compiledAt,
        compiledAt,
        outcomeAt,
        status === 'postponed' ? 1 : 0,
        created,
        outcomeAt ?? compiledAt ?? created,
      ]);
      sessionCount++;
      if (postponedTo && random.chance(0.5) && postponedTo + 4 * HOUR < anchorMs) {
        // The replacement session a week later, on the same occurrence.
        sessions.push([
          random.uuid('rescheduled', s, n),
          seriesId,
          org.id,
          start,
          new Date(postponedTo),
          new Date(postponedTo + duration * MINUTE),
          'held',
          id,
          null,
          null,
          'Verslag van de ingehaalde sessie.',
          '[]',
          members.slice(0, 3),
          compiledAt,
          compiledAt,
          new Date(postponedTo + 3 * HOUR),
          1,
          start,
          new Date(postponedTo + 3 * HOUR),
        ]);
        sessionCount++;
      }
      if (compiled) {
        const itemStatus = held
          ? 'discussed'
          : status === 'agenda-sent' && !past
            ? 'scheduled'
            : 'carried-over';
        const agenda = agendaFor(random, org, references, t, carry);
        agenda.forEach((item, position) =>
          items.push([
            random.uuid('item', s, n, position),
            org.id,
            seriesId,
            id,
            item.kind,
            item.referenceId,
            item.title,
            item.timebox,
            position + 1,
            held && random.chance(0.08) ? 'carried-over' : itemStatus,
            item.learning,
            random.chance(0.85) ? 'compiled' : 'manual',
            item.carried ? 1 : 0,
            null,
            compiledAt,
            compiledAt,
          ]),
        );
        carry = held ? 0 : Math.min(2, carry + 1);
      }
      if (held) {
        if (random.chance(0.1))
          lessons.push([
            random.uuid('session-lesson', s, n),
            org.id,
            chain?.id ?? null,
            'reflection-session',
            id,
            random.pick(V.lessonTitles),
            random.pick(V.observations),
            random.pick(V.insights),
            random.pick(V.recommendations),
            random.pick(['owner', 'commissioner', 'contractor', 'all']),
            random.chance(0.6) ? 'validated' : 'draft',
            chairId,
            ends,
            ends,
          ]);
        for (let a = 0; a < Math.floor(heldShare + random.next()); a++) {
          const due = t + random.int(14, 90) * DAY;
          const dueOver = due < anchorMs;
          const done = dueOver ? random.chance(0.7) : random.chance(0.1);
          actions.push([
            random.uuid('session-action', s, n, a),
            org.id,
            chain?.id ?? null,
            'reflection-session',
            id,
            `${random.pick(V.actionVerbs)} ${random.pick(V.topics, 1.5)[0]}`,
            random.pick(members),
            // Sessions are in the daytime, so the UTC date is the Dutch date.
            new Date(due).toISOString().slice(0, 10),
            done ? 'done' : 'open',
            done ? new Date(Math.min(due, anchorMs - HOUR)) : null,
            chairId,
            ends,
            ends,
          ]);
        }
      }
    }
    if (active) {
      // A few items wait in the backlog for the next compilation.
      for (let b = 0; b < random.int(0, 3); b++) {
        const theme = random.pick(org.themes);
        items.push([
          random.uuid('backlog', s, b),
          org.id,
          seriesId,
          null,
          'theme',
          theme.id,
          `Thema: ${theme.title}`,
          random.pick([10, 15, 20]),
          null,
          'proposed',
          true,
          'manual',
          0,
          random.pick(members),
          anchor.minus({ days: random.int(1, 30) }).toJSDate(),
          anchor.minus({ days: 1 }).toJSDate(),
        ]);
      }
    }
  }

  const pool = loader.pool;
  await insertRows(
    pool,
    'reflection_series',
    [
      'id',
      'organisation_id',
      'chain_id',
      'title',
      'kind',
      'chair_id',
      'rrule',
      'first_start',
      'time_zone',
      'duration_minutes',
      'agenda_lead_time',
      'reminder_offsets',
      'protected_share',
      'location',
      'meeting_url',
      'skip_public_holidays',
      'materialised_until',
      'active',
      'created_at',
      'updated_at',
    ],
    series,
  );
  await insertRows(pool, 'reflection_series_participants', ['series_id', 'person_id'], participants);
  await insertRows(
    pool,
    'reflection_sessions',
    [
      'id',
      'series_id',
      'organisation_id',
      'occurrence_start',
      'scheduled_at',
      'ends_at',
      'status',
      'rescheduled_from_id',
      'postponed_to',
      'status_reason',
      'minutes',
      'decisions',
      'attendee_ids',
      'agenda_compiled_at',
      'agenda_sent_at',
      'outcome_recorded_at',
      'ical_sequence',
      'created_at',
      'updated_at',
    ],
    sessions,
  );
  await insertRows(
    pool,
    'agenda_items',
    [
      'id',
      'organisation_id',
      'series_id',
      'session_id',
      'kind',
      'reference_id',
      'title',
      'timebox_minutes',
      'position',
      'status',
      'learning',
      'origin',
      'carry_over_count',
      'created_by_id',
      'created_at',
      'updated_at',
    ],
    items,
  );
  await insertRows(
    pool,
    'lessons',
    [
      'id',
      'organisation_id',
      'chain_id',
      'source_type',
      'source_id',
      'title',
      'observation',
      'insight',
      'recommendation',
      'addressed_role',
      'status',
      'drawn_by_id',
      'created_at',
      'updated_at',
    ],
    lessons,
  );
  await insertRows(
    pool,
    'actions',
    [
      'id',
      'organisation_id',
      'chain_id',
      'source_type',
      'source_id',
      'description',
      'assignee_id',
      'due_date',
      'status',
      'completed_at',
      'created_by_id',
      'created_at',
      'updated_at',
    ],
    actions,
  );
  // A theme was last discussed at the last held session that had it on the agenda.
  await loader.query(`
    UPDATE themes t SET last_discussed_at = d.at
      FROM (SELECT i.reference_id, max(s.scheduled_at) AS at
              FROM agenda_items i JOIN reflection_sessions s ON s.id = i.session_id
             WHERE i.kind = 'theme' AND i.status = 'discussed' GROUP BY i.reference_id) d
     WHERE d.reference_id = t.id`);
}

function seriesMembers(
  random: SeededRandom,
  org: WorldOrganisation,
  kind: string,
  ownerId: string | undefined,
  chain: { ownerId: string; commissionerIds: string[]; contractorId: string } | null,
): string[] {
  const triangle = chain ? [chain.ownerId, ...chain.commissionerIds, chain.contractorId] : [];
  const pool = kind === 'leadership' ? org.leadIds : org.peopleIds;
  const chair = ownerId ?? random.pick(org.leadIds.slice(1, 9));
  const others = random.sample(pool, random.int(3, 6));
  return [...new Set([chair, ...triangle, ...others])];
}

interface PlannedItem {
  kind: string;
  referenceId: string | null;
  title: string;
  timebox: number;
  learning: boolean;
  carried: boolean;
}

/** A compiled agenda: themes and lessons first (the protected share), then recent incidents. */
function agendaFor(
  random: SeededRandom,
  org: WorldOrganisation,
  references: Map<string, { incidents: Reference[]; lessons: Reference[] }>,
  at: number,
  carry: number,
): PlannedItem[] {
  const refs = references.get(org.id)!;
  const items: PlannedItem[] = [];
  for (let t = 0; t < random.int(1, 2); t++) {
    const theme = random.pick(org.themes);
    items.push({
      kind: 'theme',
      referenceId: theme.id,
      title: `Thema: ${theme.title}`,
      timebox: random.pick([20, 25, 30]),
      learning: true,
      carried: carry > 0 && t === 0,
    });
  }
  const lesson = recent(refs.lessons, at, random);
  if (lesson)
    items.push({
      kind: 'lesson',
      referenceId: lesson.id,
      title: `Les ter validatie: ${lesson.title}`,
      timebox: 15,
      learning: true,
      carried: false,
    });
  for (let i = 0; i < random.int(1, 3); i++) {
    const incident = recent(refs.incidents, at, random);
    if (incident)
      items.push({
        kind: 'incident',
        referenceId: incident.id,
        title: incident.title,
        timebox: random.pick([10, 15]),
        learning: false,
        carried: false,
      });
  }
  items.push({
    kind: 'action-review',
    referenceId: null,
    title: 'Overzicht verlopen verbeteracties',
    timebox: 10,
    learning: false,
    carried: false,
  });
  if (random.chance(0.2))
    items.push({
      kind: 'custom',
      referenceId: null,
      title: 'Rondvraag',
      timebox: 5,
      learning: false,
      carried: false,
    });
  return items;
}

/** One of the references from the six weeks before `at`, or else the last one before it. */
function recent(list: Reference[], at: number, random: SeededRandom): Reference | undefined {
  const end = firstAtOrAfter(list, at);
  if (end === 0) return undefined;
  const start = Math.min(firstAtOrAfter(list, at - 42 * 86400_000), end - 1);
  return list[random.int(start, end - 1)];
}

function firstAtOrAfter(list: Reference[], at: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].at < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A deterministic sample of each organisation's incidents and lessons, ordered by time: one
 * sequential scan per table keeping ids below a per-organisation threshold (ids are hashes).
 */
async function loadReferences(loader: BulkLoader, world: World) {
  const sample = async (sql: string, perOrg: number, share: number) => {
    const thresholds = world.organisations.map((org) =>
      Math.floor(Math.min(1, perOrg / Math.max(1, org.weight * world.incidents * share)) * 4294967295),
    );
    return loader.query<{ org: string; id: string; title: string; at: Date }>(
      `${sql} AND ('x' || left(t.id::text, 8))::bit(32)::bigint
                  < ($2::bigint[])[array_position($1::uuid[], t.organisation_id)]
        ORDER BY at, id`,
      [world.organisations.map((org) => org.id), thresholds],
    );
  };
  const incidents = await sample(
    `SELECT t.organisation_id AS org, t.id, t.title, t.reported_at AS at FROM incidents t
      WHERE t.confidentiality = 'internal'`,
    4000,
    1,
  );
  const lessons = await sample(
    `SELECT t.organisation_id AS org, t.id, t.title, t.created_at AS at FROM lessons t WHERE true`,
    2000,
    0.3,
  );
  const references = new Map<string, { incidents: Reference[]; lessons: Reference[] }>();
  for (const org of world.organisations) references.set(org.id, { incidents: [], lessons: [] });
  for (const row of incidents)
    references.get(row.org)!.incidents.push({ id: row.id, title: row.title, at: row.at.getTime() });
  for (const row of lessons)
    references.get(row.org)!.lessons.push({ id: row.id, title: row.title, at: row.at.getTime() });
  return references;
}

/** The dates (YYYY-MM-DD) of Dutch public holidays in these years; date-holidays is slow per call. */
function publicHolidays(from: number, to: number): Set<string> {
  const holidays = new Holidays('NL');
  const dates = new Set<string>();
  for (let year = from; year <= to; year++)
    for (const holiday of holidays.getHolidays(year))
      if (holiday.type === 'public') dates.add(holiday.date.slice(0, 10));
  return dates;
}

function pickWeighted<T>(random: SeededRandom, options: Array<[T, number]>): T {
  let draw = random.next();
  for (const [value, weight] of options) {
    if (draw < weight) return value;
    draw -= weight;
  }
  return options[options.length - 1][0];
}
