/**
 * What the HTTP benchmark needs to know about a generated database: who to authenticate as and
 * which ids exist. Written next to the results (bench/results/<database>.context.json, ignored
 * by git because it holds bearer tokens).
 */
export interface BenchContext {
  database: string;
  incidents: number;
  seed: string;
  anchor: string;
  organisationId: string;
  tokens: { admin: BenchPerson; lead: BenchPerson; member: BenchPerson };
  /** The main organisation's chains, busiest first. */
  chainIds: string[];
  teamIds: string[];
  /** Internal incidents of the main organisation, spread over the whole set. */
  incidentIds: string[];
  searchTerms: string[];
  /** The last complete quarter before the anchor. */
  quarter: { year: number; quarter: number };
  /** The person whose calendar feed is measured (most sessions); the admin reads their feed URL. */
  calendarPersonId?: string;
  /** A calendar feed token, when known; otherwise the benchmark asks the api for one. */
  calendarFeedToken?: string;
}

export interface BenchPerson {
  personId: string;
  token: string;
}
