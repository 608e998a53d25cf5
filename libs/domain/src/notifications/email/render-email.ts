import { DateTime } from 'luxon';
import { EscalationFallback } from '../../actions/escalation-fallback';
import { agendaLineIn } from '../../reflection/agenda-line-in';
import { buildCalendar } from '../../calendar/build-calendar';
import { renderReportEmail } from '../../reports/render-report-email';
import { sessionEvent } from '../../calendar/session-event';
import { SERIES_STOPPED } from '../../reflection/series-stopped';
import { EmailContext, SessionContext } from './email-context';
import { EmailDocument } from './email-document';
import { EMAIL_TEXTS } from './email-texts';
import { formatDate, formatSessionTime } from './format-when';
import { links } from './links';
import { RenderedEmail } from './rendered-email';

type Texts = (typeof EMAIL_TEXTS)['nl'];

const SESSION_KINDS = [
  'agenda',
  'session-reminder',
  'outcome-request',
  'session-moved',
  'session-cancelled',
  'session-uninvited',
];
const ACTION_KINDS = ['action-reminder', 'action-overdue', 'action-escalation'];

function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value : null;
}

function sessionDocument(ctx: EmailContext, s: SessionContext, t: Texts): Partial<EmailDocument> {
  const when = formatSessionTime(s.start, s.end, s.timeZone, ctx.locale);
  const details: [string, string][] = [[t.when, when]];
  if (s.location) details.push([t.where, s.location]);
  if (s.meetingUrl) details.push([t.meeting, s.meetingUrl]);
  // A chair who left chairs no more; until the series has a new one, nobody is named.
  if (s.chair.active) details.push([t.chair, s.chair.name]);
  const link = { label: t.open, url: links.session(ctx.baseUrl, s.id) };
  const agenda = s.agenda.length
    ? s.agenda.map((item) => ({ ...item, title: agendaLineIn(item.title, ctx.locale) }))
    : undefined;
  // An invitation sent again for a new title, place or link (planReinvited): the time stays.
  const again = ctx.payload.reinvited === true;
  switch (ctx.kind) {
    case 'agenda':
      return {
        subject: again ? t.changedSubject(s.title, when) : t.agendaSubject(s.title, when),
        paragraphs: [
          ...(again ? [t.changedIntro(s.title)] : []),
          agenda ? t.agendaIntro(s.title) : t.emptyAgendaIntro(s.title),
        ],
        agenda,
        details,
        link,
      };
    case 'session-reminder':
      return {
        subject: t.reminderSubject(s.title, when),
        paragraphs: [t.reminderIntro(s.title)],
        agenda: s.agendaSent ? agenda : undefined,
        details,
        link,
      };
    case 'outcome-request':
      return {
        subject: t.outcomeSubject(s.title),
        paragraphs: [
          t.outcomeIntro(s.title),
          ...(ctx.payload.standIn === true ? [t.outcomeStandIn(s.chair.name)] : []),
        ],
        details,
        link,
      };
    case 'session-moved':
      return {
        subject: again ? t.changedSubject(s.title, when) : t.movedSubject(s.title, when),
        paragraphs: [again ? t.changedIntro(s.title) : t.movedIntro(s.title)],
        agenda: s.agendaSent ? agenda : undefined,
        // Sent again for a new title, place or link, it is about that change, not the move.
        details: again ? details : movedDetails(ctx, s, t, details),
        link,
      };
    case 'session-uninvited':
      return {
        subject: t.uninvitedSubject(s.title, when),
        paragraphs: [t.uninvitedIntro(s.title)],
        details,
        link,
      };
    default: {
      // The system's cause in the reader's language; a lead's reason as they wrote it.
      const reason =
        ctx.payload.cause === SERIES_STOPPED.cause
          ? t.seriesStopped
          : (s.statusReason ?? text(ctx.payload.reason));
      return {
        subject: t.cancelledSubject(s.title, when),
        paragraphs: [t.cancelledIntro(s.title)],
        details: reason ? [...details, [t.reason, reason]] : details,
        link,
      };
    }
  }
}

/**
 * A move's details: the new time, the time it had (as long as the new one, in the series' zone)
 * and the lead's reason, as a cancellation gives it. A message planned without them (older ones
 * may be) leaves them out.
 */
function movedDetails(
  ctx: EmailContext,
  s: SessionContext,
  t: Texts,
  details: [string, string][],
): [string, string][] {
  const [now, ...rest] = details;
  const before = text(ctx.payload.previousScheduledAt);
  const start = before ? DateTime.fromISO(before) : null;
  const previous: [string, string][] = start?.isValid
    ? [
        [
          t.previousWhen,
          formatSessionTime(
            start.toJSDate(),
            new Date(start.toMillis() + (s.end.getTime() - s.start.getTime())),
            s.timeZone,
            ctx.locale,
          ),
        ],
      ]
    : [];
  const reason = text(ctx.payload.reason);
  return [now, ...previous, ...rest, ...(reason ? [[t.reason, reason] as [string, string]] : [])];
}

function actionDocument(ctx: EmailContext, t: Texts): Partial<EmailDocument> {
  const a = ctx.action!;
  const due = formatDate(a.dueDate, ctx.locale);
  const details: [string, string][] = [
    [t.dueDate, due],
    [t.assignee, a.assigneeName],
  ];
  const link = { label: t.open, url: links.action(ctx.baseUrl, a.id) };
  const paragraphs = (intro: string) => [intro, a.description ?? t.confidentialAction];
  if (ctx.kind === 'action-reminder')
    return {
      subject: t.actionReminderSubject(due),
      paragraphs: paragraphs(t.actionReminderIntro),
      details,
      link,
    };
  if (ctx.kind === 'action-overdue')
    return {
      subject: t.actionOverdueSubject(due),
      paragraphs: paragraphs(t.actionOverdueIntro),
      details,
      link,
    };
  // Older messages name no reason: they said the chain had no owner, or that there was no chain.
  const fallback =
    text(ctx.payload.fallback) ??
    (ctx.payload.chainId ? EscalationFallback.NoOwner : EscalationFallback.NoChain);
  return {
    subject: t.actionEscalationSubject(due),
    // Older messages name no role: they went to owners only.
    paragraphs: paragraphs(
      t.actionEscalationIntro(
        a.assigneeName,
        ctx.payload.recipientRole ?? 'owner',
        t.actionEscalationFallback[fallback as EscalationFallback] ??
          t.actionEscalationFallback[EscalationFallback.NoOwner],
      ),
    ),
    details,
    link,
  };
}

/** The sessions an escalation names: as planned, each with its start (older messages had a count). */
function missedSessions(payload: Record<string, unknown>): { count: number | null; starts: string[] } {
  const missed = payload.missedSessions;
  if (typeof missed === 'number') return { count: missed, starts: [] };
  if (!Array.isArray(missed)) return { count: null, starts: [] };
  const starts = missed
    .map((s) => text((s as { scheduledAt?: unknown })?.scheduledAt))
    .filter((start): start is string => start !== null);
  return { count: missed.length, starts };
}

function escalationDocument(ctx: EmailContext, t: Texts): Partial<EmailDocument> {
  const title = ctx.series?.title ?? ctx.session?.title ?? '';
  const missed = missedSessions(ctx.payload);
  const seriesId = ctx.series?.id ?? ctx.session?.seriesId;
  const zone = ctx.series?.timeZone ?? 'Europe/Amsterdam';
  return {
    subject: t.escalationSubject(title),
    paragraphs: [t.escalationIntro(title, missed.count)],
    details: missed.starts.map((start) => [
      t.missedSession,
      formatDate(DateTime.fromISO(start, { zone }).toISODate() as string, ctx.locale),
    ]),
    link: seriesId ? { label: t.open, url: links.series(ctx.baseUrl, seriesId) } : undefined,
  };
}

function genericDocument(ctx: EmailContext, t: Texts): Partial<EmailDocument> {
  const body = text(ctx.payload.text) ?? text(ctx.payload.body);
  const url = text(ctx.payload.url);
  return {
    subject: text(ctx.payload.subject) ?? text(ctx.payload.title) ?? t.genericSubject,
    paragraphs: body ? body.split(/\n{2,}/) : [],
    details: [],
    link: url && /^https?:\/\//.test(url) ? { label: t.open, url } : undefined,
  };
}

function toText(doc: EmailDocument): string {
  const lines = [doc.greeting, '', ...doc.paragraphs.flatMap((p) => [p, ''])];
  for (const [label, value] of doc.details) lines.push(`${label}: ${value}`);
  if (doc.details.length) lines.push('');
  if (doc.agenda) {
    lines.push(`${doc.agendaHeading}:`);
    doc.agenda.forEach((item, index) =>
      lines.push(`${index + 1}. ${item.title} (${item.timeboxMinutes} min)`),
    );
    lines.push('');
  }
  if (doc.link) lines.push(`${doc.link.label}: ${doc.link.url}`, '');
  lines.push('--', doc.footer);
  return lines.join('\n');
}

function toHtml(doc: EmailDocument, locale: string): string {
  const e = escapeHtml;
  const parts = [
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${e(doc.subject)}</title></head>`,
    '<body style="font-family: Arial, sans-serif; color: #1b1b1b; line-height: 1.5">',
    `<p>${e(doc.greeting)}</p>`,
    ...doc.paragraphs.map((p) => `<p>${e(p).replace(/\n/g, '<br>')}</p>`),
  ];
  if (doc.details.length) {
    parts.push('<table role="presentation" style="border-collapse: collapse">');
    for (const [label, value] of doc.details) {
      const shown = /^https?:\/\//.test(value) ? `<a href="${e(value)}">${e(value)}</a>` : e(value);
      parts.push(
        `<tr><th style="text-align: left; padding-right: 1em">${e(label)}</th><td>${shown}</td></tr>`,
      );
    }
    parts.push('</table>');
  }
  if (doc.agenda) {
    parts.push(`<h2 style="font-size: 1.1em">${e(doc.agendaHeading ?? '')}</h2><ol>`);
    for (const item of doc.agenda)
      parts.push(`<li>${e(item.title)} <small>(${item.timeboxMinutes} min)</small></li>`);
    parts.push('</ol>');
  }
  if (doc.link) parts.push(`<p><a href="${e(doc.link.url)}">${e(doc.link.label)}</a></p>`);
  parts.push(`<hr><p style="font-size: 0.85em; color: #555">${e(doc.footer)}</p></body></html>`);
  return parts.join('\n');
}

function invitation(ctx: EmailContext): RenderedEmail['calendar'] {
  const s = ctx.session;
  if (!s) return undefined;
  const method = ['session-cancelled', 'session-uninvited'].includes(ctx.kind)
    ? 'CANCEL'
    : ['agenda', 'session-moved'].includes(ctx.kind)
      ? 'REQUEST'
      : null;
  if (!method) return undefined;
  // A withdrawal cancels the event for its recipient alone (RFC 5546 §3.2.5: the attendees removed);
  // otherwise the chair (ROLE=CHAIR) and the participants are its attendees.
  const withdrawal = ctx.kind === 'session-uninvited';
  const event = sessionEvent(
    {
      ...s,
      organizer: s.organizer ?? ctx.sender,
      chair: withdrawal || !s.chair.active ? undefined : { name: s.chair.name, email: s.chair.email },
      participants: withdrawal
        ? [{ name: ctx.recipientName ?? ctx.recipientEmail, email: ctx.recipientEmail }]
        : s.participants,
      // Called off for everyone; a withdrawal (session-uninvited) only for its recipient.
      cancelled: method === 'CANCEL' && ctx.kind !== 'session-uninvited',
      url: links.session(ctx.baseUrl, s.id),
      agenda: s.agendaSent || ctx.kind === 'agenda' ? s.agenda : null,
    },
    ctx.locale,
  );
  return { method, content: buildCalendar({ method, events: [event] }) };
}

/** Renders a notification's e-mail (subject, text, HTML and invitation) in the recipient's locale. */
export function renderEmail(ctx: EmailContext): RenderedEmail {
  // The quarterly report brings its own summary, printable HTML report and CSV attachment.
  if (ctx.reportSnapshot) {
    const { subject, text, html, attachments } = renderReportEmail(
      ctx.reportSnapshot,
      ctx.locale,
      links.reportSnapshot(ctx.baseUrl, ctx.reportSnapshot.id),
    );
    return { subject, text, html, attachments };
  }
  const t = EMAIL_TEXTS[ctx.locale] ?? EMAIL_TEXTS.nl;
  let body: Partial<EmailDocument>;
  if (SESSION_KINDS.includes(ctx.kind) && ctx.session) body = sessionDocument(ctx, ctx.session, t);
  else if (ACTION_KINDS.includes(ctx.kind) && ctx.action) body = actionDocument(ctx, t);
  else if (ctx.kind === 'reflection-escalation' && (ctx.series || ctx.session))
    body = escalationDocument(ctx, t);
  else body = genericDocument(ctx, t);
  const doc: EmailDocument = {
    subject: body.subject ?? t.genericSubject,
    greeting: t.greeting(ctx.recipientName),
    paragraphs: body.paragraphs ?? [],
    agenda: body.agenda,
    agendaHeading: t.agenda,
    details: body.details ?? [],
    link: body.link,
    footer: t.footer(ctx.organisationName),
  };
  return {
    subject: doc.subject,
    text: toText(doc),
    html: toHtml(doc, ctx.locale),
    calendar: invitation(ctx),
  };
}
