import { SeededRandom } from '../lib/seeded-random';
import { VOCABULARY as V } from '../generator/vocabulary';
import { BenchContext } from '../lib/bench-context';
import { calendarFeedTokenOf } from './calendar-feed-token-of';
import { PrepareHelpers, Preparation, Scenario } from './scenario';

const q = (params: Record<string, string | number>) =>
  new URLSearchParams(
    Object.entries(params).map(([key, value]): [string, string] => [key, String(value)]),
  ).toString();

/**
 * The incident list's latency targets are measured twice: with 10 clients at once (how the api
 * holds up under load on these two cores) and with one at a time (what a user waits for).
 */
function atConnections(connections: number): { keySuffix: string; titleSuffix: string } {
  return connections === 1
    ? { keySuffix: '-1', titleSuffix: '; one client at a time' }
    : { keySuffix: '', titleSuffix: '' };
}

function filteredList(connections: number): Scenario {
  const { keySuffix, titleSuffix } = atConnections(connections);
  return {
    key: `incidents-filtered${keySuffix}`,
    title: `Filtered incident list (severity, status, chain; page of 20${titleSuffix})`,
    method: 'GET',
    as: 'lead',
    connections,
    target: { metric: 'p95', value: 25, atIncidents: 1_000_000, text: 'p95 ≤ 25 ms at 1,000,000 incidents' },
    prepare: async (context) => ({
      paths: context.chainIds
        .slice(0, 12)
        .flatMap((chainId) => [
          `/v1/incidents?${q({ severity: 'high', status: 'analysing', chainId, pageSize: 20 })}`,
          `/v1/incidents?${q({ severity: 'critical', status: 'reported', chainId, pageSize: 20 })}`,
        ]),
    }),
  };
}

function search(connections: number): Scenario {
  const { keySuffix, titleSuffix } = atConnections(connections);
  return {
    key: `incidents-search${keySuffix}`,
    title: `Full-text incident search (Dutch, page of 20${titleSuffix})`,
    method: 'GET',
    as: 'lead',
    connections,
    target: { metric: 'p95', value: 60, atIncidents: 1_000_000, text: 'p95 ≤ 60 ms at 1,000,000 incidents' },
    prepare: async (context) => ({
      paths: context.searchTerms.map((term) => `/v1/incidents?${q({ q: term, pageSize: 20 })}`),
    }),
  };
}

function actionList(as: 'lead' | 'member'): Scenario {
  return {
    key: as === 'lead' ? 'actions-list' : 'actions-member',
    title: `Action list as a ${as} (due first; pages, chains, overdue; page of 20)`,
    method: 'GET',
    as,
    connections: 10,
    prepare: async (context) => ({
      paths: [
        ...[1, 2, 3].map((page) => `/v1/actions?${q({ page, pageSize: 20 })}`),
        `/v1/actions?${q({ overdue: 'true', pageSize: 20 })}`,
        ...context.chainIds.slice(0, 8).map((chainId) => `/v1/actions?${q({ chainId, pageSize: 20 })}`),
      ],
    }),
  };
}

/**
 * The HTTP scenarios, read-only ones first. Paths rotate over many ids and terms, so no single
 * cached row or plan flatters the figures.
 */
export const SCENARIOS: Scenario[] = [
  {
    key: 'health',
    title: 'Health check (Postgres and Redis round trip)',
    method: 'GET',
    as: null,
    connections: 10,
    prepare: async () => ({ paths: ['/v1/health'] }),
  },
  {
    key: 'people-list',
    title: 'People list (page of 20)',
    method: 'GET',
    as: 'lead',
    connections: 10,
    prepare: async () => ({
      paths: [1, 2, 3, 4, 5].map((page) => `/v1/people?${q({ page, pageSize: 20 })}`),
    }),
  },
  filteredList(10),
  filteredList(1),
  search(10),
  search(1),
  {
    key: 'incident-detail',
    title: 'Incident detail',
    method: 'GET',
    as: 'lead',
    connections: 10,
    prepare: async (context) =>
      context.incidentIds.length
        ? { paths: context.incidentIds.map((id) => `/v1/incidents/${id}`) }
        : { unavailable: 'no sample incident ids in the context file' },
  },
  {
    // Most users are members: their lists and totals pass the confidentiality rule.
    key: 'incidents-member',
    title: 'Incident list as a member (pages, status, severity, chain; page of 20)',
    method: 'GET',
    as: 'member',
    connections: 10,
    prepare: async (context) => ({
      paths: [
        ...[1, 2, 3].map((page) => `/v1/incidents?${q({ page, pageSize: 20 })}`),
        ...['reported', 'analysing', 'closed'].map(
          (status) => `/v1/incidents?${q({ status, pageSize: 20 })}`,
        ),
        ...['high', 'critical'].map((severity) => `/v1/incidents?${q({ severity, pageSize: 20 })}`),
        ...context.chainIds.slice(0, 4).map((chainId) => `/v1/incidents?${q({ chainId, pageSize: 20 })}`),
      ],
    }),
  },
  {
    // A member's list: the confidentiality rule decides for each lesson drawn from a confidential
    // incident. Pages, chains and the title order, as the register's lesson view offers them.
    key: 'lessons-list',
    title: 'Lesson list as a member (pages, chains, title order; page of 20)',
    method: 'GET',
    as: 'member',
    connections: 10,
    prepare: async (context) => ({
      paths: [
        ...[1, 2, 3].map((page) => `/v1/lessons?${q({ page, pageSize: 20 })}`),
        `/v1/lessons?${q({ sort: 'title', pageSize: 20 })}`,
        ...context.chainIds.slice(0, 8).map((chainId) => `/v1/lessons?${q({ chainId, pageSize: 20 })}`),
      ],
    }),
  },
  {
    key: 'lessons-search',
    title: 'Full-text lesson search (Dutch, page of 20)',
    method: 'GET',
    as: 'lead',
    connections: 10,
    prepare: async (context) => ({
      paths: context.searchTerms.map((term) => `/v1/lessons?${q({ q: term, pageSize: 20 })}`),
    }),
  },
  actionList('lead'),
  // A member's actions pass the confidentiality rule of their incident or lesson.
  actionList('member'),
  {
    key: 'quarterly-report',
    title: 'Quarterly report (organisation, JSON)',
    method: 'GET',
    as: 'lead',
    connections: 4,
    target: { metric: 'p50', value: 250, text: 'p50 ≤ 250 ms' },
    prepare: async (context) => ({
      note: `the last four complete quarters before the data's anchor (${context.anchor.slice(0, 10)})`,
      paths: lastQuarters(context.quarter, 4).map(
        ({ year, quarter }) =>
          `/v1/reports/quarterly?${q({ organisationId: context.organisationId, year, quarter })}`,
      ),
    }),
  },
  {
    key: 'calendar-feed',
    title: 'Calendar feed (.ics subscription, token in the path)',
    method: 'GET',
    as: null,
    connections: 10,
    prepare: calendarFeed,
  },
  {
    key: 'incident-create',
    title: 'Create incident',
    method: 'POST',
    as: 'member',
    connections: 16,
    writes: true,
    target: { metric: 'rps', value: 800, text: '≥ 800 requests/s' },
    prepare: async (context) => ({ paths: ['/v1/incidents'], bodies: incidentBodies(context, 500) }),
  },
  {
    // The generated register's titles are short and repeat; a register's real titles often say
    // more. A title with no near-duplicate among the learned ones is the recurrence check's worst case.
    key: 'incident-create-long-titles',
    title: 'Create incident (titles of 80 to 140 characters)',
    method: 'POST',
    as: 'member',
    connections: 16,
    writes: true,
    target: { metric: 'rps', value: 800, text: '≥ 800 requests/s' },
    prepare: async (context) => ({
      paths: ['/v1/incidents'],
      bodies: incidentBodies(context, 500, 'long-titles'),
      note: 'titles like "<problem> <topic> <circumstance>, vermoedelijk door <cause>"',
    }),
  },
  {
    // What an audited create costs here without a recurrence check (it plans the action's reminders instead).
    key: 'action-create',
    title: 'Create action (an audited create without a recurrence check)',
    method: 'POST',
    as: 'member',
    connections: 16,
    writes: true,
    prepare: async (context) => ({ paths: ['/v1/actions'], bodies: actionBodies(context, 500) }),
  },
];

/** Realistic new incidents in the main organisation's chains. */
export function incidentBodies(
  context: BenchContext,
  count: number,
  titles: 'short' | 'long-titles' = 'short',
): string[] {
  const random = new SeededRandom(`${context.seed}/create${titles === 'short' ? '' : `/${titles}`}`);
  return Array.from({ length: count }, () => {
    const [topic, tag] = random.pick(V.topics, 1.5);
    const [problem, problemTag] = random.pick(V.problems, 1.3);
    const title =
      titles === 'short'
        ? `${problem} ${topic}`
        : `${problem} ${topic} ${random.pick(V.titleTails)}, vermoedelijk door ${random.pick(V.causes)}`.slice(
            0,
            300,
          );
    return JSON.stringify({
      chainId: random.pick(context.chainIds),
      teamId: random.pick(context.teamIds),
      title,
      description: `Sinds ${random.pick(V.periods)} melden ${random.pick(V.reporters)} over de ${topic} dat ${random.pick(V.symptoms)}. De oorzaak ligt vermoedelijk in ${random.pick(V.causes)}.`,
      occurredAt: new Date(Date.now() - random.int(1, 72) * 3600_000).toISOString(),
      severity: random.pick(['low', 'medium', 'medium', 'high', 'critical']),
      publicAttention: random.pick(['none', 'none', 'local', 'national']),
      source: random.pick(['complaint', 'staff', 'partner', 'media']),
      tags: [...new Set([tag, problemTag])],
    });
  });
}

/** Follow-up actions on the main organisation's incidents, for the member who creates them. */
export function actionBodies(context: BenchContext, count: number): string[] {
  const random = new SeededRandom(`${context.seed}/actions`);
  const due = new Date(context.anchor);
  return Array.from({ length: count }, () => {
    due.setUTCDate(due.getUTCDate() + 1);
    return JSON.stringify({
      sourceType: 'incident',
      sourceId: random.pick(context.incidentIds),
      description: `${random.pick(V.actionVerbs)} de ${random.pick(V.topics)[0]}`,
      assigneeId: context.tokens.member.personId,
      dueDate: due.toISOString().slice(0, 10),
    });
  });
}

function lastQuarters(from: { year: number; quarter: number }, count: number) {
  const quarters: Array<{ year: number; quarter: number }> = [];
  let { year, quarter } = from;
  for (let i = 0; i < count; i++) {
    quarters.push({ year, quarter });
    quarter--;
    if (quarter === 0) [year, quarter] = [year - 1, 4];
  }
  return quarters;
}

/**
 * A calendar feed needs the token of a person's secret feed URL, which the api shows in the
 * person's `calendarFeedUrl` to that person and to admins: the admin asks for the person with the
 * most reflection sessions (from the context), or the lead for their own. --calendar-feed-token
 * (or the context file) can also give it.
 */
async function calendarFeed(context: BenchContext, helpers: PrepareHelpers): Promise<Preparation> {
  if (context.calendarFeedToken) return { paths: [`/v1/calendar-feeds/${context.calendarFeedToken}`] };
  const [as, personId] = context.calendarPersonId
    ? (['admin', context.calendarPersonId] as const)
    : (['lead', context.tokens.lead.personId] as const);
  const path = `/v1/people/${personId}`;
  const response = await helpers.request('GET', path, as);
  const token = response.status === 200 ? calendarFeedTokenOf(response.body) : undefined;
  if (token) return { paths: [`/v1/calendar-feeds/${token}`], note: `feed of person ${personId}` };
  return {
    unavailable:
      `no calendar feed token: GET ${path} as ${as} answered ${response.status} without a calendarFeedUrl ` +
      '(pass --calendar-feed-token)',
  };
}
