import { PublicAttention } from '../incidents/public-attention';
import { Severity } from '../incidents/severity';
import { AgendaItemKind } from './agenda-item-kind';
import { protectedMinutes as protectedMinutesOf } from './protected-minutes';
import { agendaTitle } from './agenda-title';
import { compareIncidentRank } from './compare-incident-rank';
import { actionReviewTitle } from './action-review-title';

/** An item that is (or will be) on an agenda. */
export interface AgendaEntry {
  /** The existing agenda item; absent for an item the compiler creates from a candidate. */
  id?: string;
  kind: AgendaItemKind;
  referenceId: string | null;
  title: string;
  timeboxMinutes: number;
  /** Counts toward the protected share: themes, lessons and best practices. */
  learning: boolean;
}

/** Something from the register that may deserve agenda time. */
export type AgendaCandidate =
  | { type: 'theme'; referenceId: string; title: string; lastDiscussedAt: Date | null }
  | { type: 'lesson-validation'; referenceId: string; title: string; since: Date }
  | { type: 'best-practice-endorsement'; referenceId: string; title: string; since: Date }
  | { type: 'lesson-recheck'; referenceId: string; title: string; recheckAt: Date }
  | {
      type: 'incident';
      referenceId: string;
      title: string;
      severity: Severity;
      publicAttention: PublicAttention;
      recurrence: boolean;
      occurredAt: Date;
      confidential: boolean;
    }
  | { type: 'overdue-actions'; count: number };

export interface AgendaInput {
  sessionMinutes: number;
  /** 0–1: the part of the session reserved for learning items. */
  protectedShare: number;
  /** Items that did not fit earlier, in the order they must come. */
  carriedOver: AgendaEntry[];
  /** Items proposed by hand for this session or the series backlog. */
  manual: AgendaEntry[];
  /**
   * What a sent agenda holds (everyone has it), in its order: it stays whole and first, whatever
   * the share; the rest of the time is compiled as ever.
   */
  kept?: AgendaEntry[];
  candidates: AgendaCandidate[];
}

export interface CompiledAgenda {
  /** In agenda order, positions from 1. */
  items: (AgendaEntry & { position: number })[];
  /**
   * Items that did not fit and must wait for the next session: carried-over and manual items,
   * and incidents (their window closes once a session is held). Learning candidates and the
   * action review are not in it: they come back from the register by themselves.
   */
  carriedOver: AgendaEntry[];
  totalMinutes: number;
  learningMinutes: number;
  protectedMinutes: number;
}

const INCIDENT_MINUTES: Record<Severity, number> = { critical: 15, high: 10, medium: 5, low: 5 };

/** Where an entry came from: decides its precedence and its place on the agenda. */
type Origin = 'kept' | 'carried' | 'manual' | 'learning' | 'review' | 'incident';
interface Slot {
  entry: AgendaEntry;
  origin: Origin;
}

/**
 * Compiles a session's agenda. Timeboxes never add up to more than the session. At least the
 * protected share goes to learning items when there are enough of them, and never to anything
 * else: protected time that learning items cannot fill stays free for open reflection, so a
 * flood of incidents cannot take it. A register's learning item reaching that share never pushes
 * out an item a lead picked by hand (their own agenda is no pressure). Learning items carried over
 * or picked by hand are always taken (time permitting); outside learning, hand-picked items come
 * first, then carried-over ones, then the register's candidates: learning items in rotation
 * (themes least recently discussed first, lessons awaiting validation, best practices awaiting
 * endorsement, lessons due for their re-check), and what happened since the last held session:
 * the review of overdue actions, then incidents by severity, public attention, recurrence and
 * date (oldest first: they have waited longest).
 */
export function compileAgenda(input: AgendaInput): CompiledAgenda {
  const total = Math.max(0, Math.floor(input.sessionMinutes));
  const protectedMinutes = protectedMinutesOf(total, input.protectedShare);

  const kept = input.kept ?? [];
  const taken = new Set([...kept, ...input.carriedOver, ...input.manual].map(key).filter((k) => k !== null));
  const fresh = (entries: AgendaEntry[]) =>
    entries.filter((e) => {
      const k = key(e);
      return k === null || !taken.has(k);
    });
  const slots = (entries: AgendaEntry[], origin: Origin): Slot[] =>
    entries.map((entry) => ({ entry, origin }));

  const all: Slot[] = [
    ...slots(kept, 'kept'),
    ...slots(input.carriedOver, 'carried'),
    ...slots(input.manual, 'manual'),
    ...slots(fresh(rotateLearning(input.candidates)), 'learning'),
    ...slots(fresh(actionReviewOf(input.candidates)), 'review'),
    ...slots(fresh(rankIncidents(input.candidates)), 'incident'),
  ];
  const chosen = new Set<Slot>();
  let used = 0;
  let learningUsed = 0;
  let otherUsed = 0;
  const take = (slot: Slot) => {
    chosen.add(slot);
    used += slot.entry.timeboxMinutes;
    if (slot.entry.learning) learningUsed += slot.entry.timeboxMinutes;
    else otherUsed += slot.entry.timeboxMinutes;
  };
  const fits = (slot: Slot) => used + slot.entry.timeboxMinutes <= total;
  // 0. What a sent agenda holds stays on it, as it was sent.
  for (const slot of all.filter((s) => s.origin === 'kept')) if (fits(slot)) take(slot);

  // Carried-over and hand-picked items outside learning come before the register's candidates:
  // the time they will take (of the part outside the protected share).
  const otherBudget = total - protectedMinutes;
  const timeOf = (origins: Origin[]) => {
    let minutes = 0;
    for (const slot of all.filter((s) => !s.entry.learning && origins.includes(s.origin)))
      if (minutes + slot.entry.timeboxMinutes <= otherBudget) minutes += slot.entry.timeboxMinutes;
    return minutes;
  };
  const keptForCarriedAndPicked = timeOf(['carried', 'manual']);
  const keptForPicked = timeOf(['manual']);
  // 1. Learning items carried over or picked by hand, whatever the share (they are no pressure).
  for (const slot of all.filter((s) => s.entry.learning && ['carried', 'manual'].includes(s.origin)))
    if (fits(slot)) take(slot);
  // Then the protected share from the register's learning items: first only where they leave the
  // carried-over and hand-picked items their time (a smaller one may fit where a larger one does
  // not)...
  const protect = (room: number, smallestFirst: boolean) => {
    const learning = all.filter((s) => s.origin === 'learning' && !chosen.has(s));
    if (smallestFirst) learning.sort((a, b) => a.entry.timeboxMinutes - b.entry.timeboxMinutes);
    for (const slot of learning) {
      if (learningUsed >= protectedMinutes) break;
      if (used + slot.entry.timeboxMinutes <= room) take(slot);
    }
  };
  protect(total - keptForCarriedAndPicked, false);
  // ...then, still short of it, in the time of carried-over items too (they are pressure), but
  // never in that of items a lead picked by hand for this agenda; the smallest items first, so
  // that reaching the share takes no more of that time than it must (a 20-minute theme for a
  // 5-minute shortfall left the carried-over incidents no time, session after session).
  protect(total - keptForPicked, true);
  // 2. The rest of the time, never the protected part, for everything else: hand-picked items
  // first (the time kept for them above), then what was carried over, then the register's.
  const rest = all.filter((s) => !s.entry.learning && s.origin !== 'kept');
  for (const slot of [
    ...rest.filter((s) => s.origin === 'manual'),
    ...rest.filter((s) => s.origin !== 'manual'),
  ]) {
    if (fits(slot) && otherUsed + slot.entry.timeboxMinutes <= otherBudget) take(slot);
  }
  // 3. Time nobody else claimed goes to more learning.
  for (const slot of all.filter((s) => s.entry.learning && s.origin !== 'kept' && !chosen.has(s))) {
    if (fits(slot)) take(slot);
  }

  // Agenda order: what a sent agenda held as it was, then carried over, learning, the rest.
  const rank = (slot: Slot) =>
    slot.origin === 'kept' ? -1 : slot.origin === 'carried' ? 0 : slot.entry.learning ? 1 : 2;
  const order = (slot: Slot) =>
    ['kept', 'carried', 'manual', 'learning', 'incident', 'review'].indexOf(slot.origin);
  const items = all
    .filter((slot) => chosen.has(slot))
    .sort((a, b) => rank(a) - rank(b) || order(a) - order(b) || all.indexOf(a) - all.indexOf(b))
    .map((slot, index) => ({ ...slot.entry, position: index + 1 }));
  const carriedOver = all
    .filter((slot) => !chosen.has(slot) && ['kept', 'carried', 'manual', 'incident'].includes(slot.origin))
    .map((slot) => slot.entry);
  return { items, carriedOver, totalMinutes: used, learningMinutes: learningUsed, protectedMinutes };
}

/** What makes two items the same subject; null for a custom item, which is always its own. */
function key(entry: AgendaEntry): string | null {
  if (entry.referenceId) return `${entry.kind}:${entry.referenceId}`;
  return entry.kind === AgendaItemKind.ActionReview ? 'action-review' : null;
}

/** Learning candidates in rotation, so that no single source crowds out the others. */
function rotateLearning(candidates: AgendaCandidate[]): AgendaEntry[] {
  const themes = candidates
    .filter((c) => c.type === 'theme')
    .sort(
      (a, b) =>
        (a.lastDiscussedAt?.getTime() ?? -Infinity) - (b.lastDiscussedAt?.getTime() ?? -Infinity) ||
        a.title.localeCompare(b.title),
    )
    .map((c) => learning(AgendaItemKind.Theme, c.referenceId, c.title, 20));
  const lessons = candidates
    .filter((c) => c.type === 'lesson-validation')
    .sort((a, b) => a.since.getTime() - b.since.getTime())
    .map((c) => learning(AgendaItemKind.Lesson, c.referenceId, `Les ter validatie: ${c.title}`, 10));
  const practices = candidates
    .filter((c) => c.type === 'best-practice-endorsement')
    .sort((a, b) => a.since.getTime() - b.since.getTime())
    .map((c) =>
      learning(
        AgendaItemKind.BestPractice,
        c.referenceId,
        `Goede praktijk ter bekrachtiging: ${c.title}`,
        10,
      ),
    );
  const rechecks = candidates
    .filter((c) => c.type === 'lesson-recheck')
    .sort((a, b) => a.recheckAt.getTime() - b.recheckAt.getTime())
    .map((c) =>
      learning(AgendaItemKind.Lesson, c.referenceId, `Herijking les (beklijft het?): ${c.title}`, 10),
    );
  const rotated: AgendaEntry[] = [];
  const sources = [themes, lessons, practices, rechecks];
  for (let i = 0; sources.some((s) => i < s.length); i++)
    for (const source of sources) if (i < source.length) rotated.push(source[i]);
  return rotated;
}

function learning(kind: AgendaItemKind, referenceId: string, text: string, minutes: number): AgendaEntry {
  return { kind, referenceId, title: agendaTitle(text), timeboxMinutes: minutes, learning: true };
}

function rankIncidents(candidates: AgendaCandidate[]): AgendaEntry[] {
  return candidates
    .flatMap((c) => (c.type === 'incident' ? [c] : []))
    .sort((a, b) => compareIncidentRank(a, b) || a.referenceId.localeCompare(b.referenceId))
    .map((c) => ({
      kind: AgendaItemKind.Incident,
      referenceId: c.referenceId,
      // A confidential incident's title may say too much: the agenda goes to everyone invited.
      title: c.confidential ? `Vertrouwelijk incident (${c.severity})` : agendaTitle(c.title),
      timeboxMinutes: INCIDENT_MINUTES[c.severity],
      learning: false,
    }));
}

function actionReviewOf(candidates: AgendaCandidate[]): AgendaEntry[] {
  const overdue = candidates.reduce((n, c) => n + (c.type === 'overdue-actions' ? c.count : 0), 0);
  if (overdue === 0) return [];
  return [
    {
      kind: AgendaItemKind.ActionReview,
      referenceId: null,
      title: actionReviewTitle(overdue),
      timeboxMinutes: 10,
      learning: false,
    },
  ];
}
