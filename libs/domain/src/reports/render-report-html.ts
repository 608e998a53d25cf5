import { DateTime } from 'luxon';
import { IncidentStatus } from '../incidents/incident-status';
import { PublicAttention } from '../incidents/public-attention';
import { Severity } from '../incidents/severity';
import { QuarterlyReportDto } from './dto/quarterly-report.dto';
import { ReflectionFiguresDto } from './dto/reflection-figures.dto';
import { escapeHtml } from './escape-html';
import { formatPercentage } from './format-percentage';
import { reportLabels } from './report-labels';
import { REPORT_TIME_ZONE } from './report-time-zone';
import { svgBars } from './svg-bars';

const STYLE = `
@page { size: A4 portrait; margin: 12mm; }
body { font: 10pt/1.35 "Segoe UI", Arial, sans-serif; color: #1b1b1b; margin: 0 auto; max-width: 186mm; }
h1 { font-size: 17pt; margin: 0 0 2pt; color: #154273; }
h2 { font-size: 11pt; margin: 10pt 0 4pt; color: #154273; border-bottom: 1px solid #c8d3e0; }
p.meta { margin: 0; color: #555; font-size: 8.5pt; }
.tiles { display: flex; gap: 6pt; margin-top: 8pt; }
.tile { flex: 1; border: 1px solid #c8d3e0; border-radius: 3pt; padding: 4pt 6pt; }
.tile b { display: block; font-size: 15pt; color: #154273; }
.tile small { color: #555; }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 0 14pt; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; }
th, td { text-align: left; padding: 1.5pt 4pt; border-bottom: 1px solid #e4e9f0; }
td.n, th.n { text-align: right; }
svg { font: 8.5pt "Segoe UI", Arial, sans-serif; }
svg .bar { fill: #154273; } svg .bar.prev { fill: #8fa8c8; } svg .track { fill: #eef2f7; }
section { break-inside: avoid; }
`;

/**
 * The report as one printable HTML page in the reader's language, with its charts as inline SVG.
 * No scripts and no external resources; every text that comes from data is escaped.
 */
export function renderReportHtml(report: QuarterlyReportDto, locale: string): string {
  const t = reportLabels(locale);
  const lang = locale === 'en' ? 'en' : 'nl';
  const numberFormat = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'nl-NL', { maximumFractionDigits: 2 });
  const num = (v: number | null) => (v === null ? t.notApplicable : numberFormat.format(v));
  const share = (part: number | null, whole: number) =>
    formatPercentage(part, whole, lang) ?? t.notApplicable;
  const protectedShare = (r: ReflectionFiguresDto) => share(r.held, r.planned);
  const themeShare = (r: ReflectionFiguresDto) => {
    // A snapshot frozen before themeMinutes existed has only the rounded share, if that.
    const minutes = r.themeMinutes ?? null;
    return minutes === null ? share(r.themeShareOfAgendaTime ?? null, 1) : share(minutes, r.agendaMinutes);
  };
  const when = (iso: string) =>
    DateTime.fromISO(iso, { zone: REPORT_TIME_ZONE }).setLocale(lang).toFormat('d MMMM yyyy HH:mm');
  const day = (iso: string) =>
    DateTime.fromISO(iso, { zone: REPORT_TIME_ZONE }).setLocale(lang).toFormat('d MMMM yyyy');
  const label = (key: string) => t.values[key] ?? key;
  const quarterName = `Q${report.quarter} ${report.year}`;
  const previousName = `Q${report.previous.quarter} ${report.previous.year}`;
  const prev = report.previous;

  const tile = (caption: string, value: string, previous: string) =>
    `<div class="tile"><small>${escapeHtml(caption)}</small><b>${escapeHtml(value)}</b>` +
    `<small>${escapeHtml(previousName)}: ${escapeHtml(previous)}</small></div>`;
  // A number is formatted here; a text (a percentage) is shown as it is.
  const cell = (v: number | string | null) => escapeHtml(typeof v === 'string' ? v : num(v));
  const rows = (items: [string, number | string | null, number | string | null][]) =>
    `<table><tr><th></th><th class="n">${escapeHtml(quarterName)}</th><th class="n">${escapeHtml(previousName)}</th></tr>` +
    items
      .map(
        ([caption, now, before]) =>
          `<tr><td>${escapeHtml(caption)}</td><td class="n">${cell(now)}</td><td class="n">${cell(before)}</td></tr>`,
      )
      .join('') +
    '</table>';

  const incidents = report.incidents;
  const learning = report.learning;
  const severity = svgBars(
    t.bySeverity,
    Object.values(Severity).map((key) => ({ label: label(key), value: incidents.bySeverity[key] ?? 0 })),
  );
  const attention = svgBars(
    t.byAttention,
    // Learning under pressure: how many of them led to a lesson (a snapshot from before has no count).
    Object.values(PublicAttention).map((key) => {
      const withLesson = learning.incidentsWithLessonByPublicAttention?.[key];
      return {
        label:
          withLesson === undefined
            ? label(key)
            : `${label(key)} (${withLesson} ${t.funnelSteps[1].toLowerCase()})`,
        value: incidents.byPublicAttention[key] ?? 0,
      };
    }),
  );
  const funnel = svgBars(
    t.funnel,
    [
      incidents.total,
      learning.incidentsWithLesson,
      learning.incidentsWithValidatedLesson,
      learning.incidentsWithEmbeddedLesson,
    ].map((value, i) => ({ label: t.funnelSteps[i], value })),
  );
  const protectedTime = svgBars(
    t.protectedTime,
    [
      {
        label: quarterName,
        value: report.reflection.protectedTimeRatio ?? 0,
        shown: protectedShare(report.reflection),
      },
      {
        label: previousName,
        value: prev.reflection.protectedTimeRatio ?? 0,
        shown: protectedShare(prev.reflection),
        comparison: true,
      },
    ],
    { max: 1 },
  );

  const triangles = report.triangles.length
    ? `<table><tr><th>${escapeHtml(t.chain)}</th><th>${escapeHtml(t.vacant)}</th><th>${escapeHtml(t.mixed)}</th></tr>` +
      report.triangles
        .map(
          (c) =>
            `<tr><td>${escapeHtml(c.name)}</td><td>${escapeHtml(c.vacantRoles.map(label).join(', ') || t.none)}</td>` +
            `<td>${escapeHtml(c.mixedRoles.map((m) => m.roles.map(label).join(' + ')).join('; ') || t.none)}</td></tr>`,
        )
        .join('') +
      '</table>'
    : `<p>${escapeHtml(t.none)}</p>`;

  const statusAtEnd = Object.values(IncidentStatus)
    .map((s) => `${label(s)}: ${num(incidents.byStatusAtQuarterEnd[s] ?? 0)}`)
    .join(' · ');

  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${t.title} ${quarterName} – ${report.organisationName}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(`${t.title} ${quarterName}`)}</h1>
<p class="meta">${escapeHtml(report.organisationName)}${report.chainName ? ` · ${escapeHtml(t.chain)}: ${escapeHtml(report.chainName)}` : ''}</p>
<p class="meta">${escapeHtml(t.period)}: ${escapeHtml(day(report.startsAt))} – ${escapeHtml(day(`${report.lastDay}T00:00:00`))} · ${escapeHtml(t.generatedAt)}: ${escapeHtml(when(report.generatedAt))} · ${escapeHtml(t.dataAsOf)}: ${escapeHtml(when(report.dataAsOf))}</p>
</header>
<div class="tiles">
${tile(t.incidentsTotal, num(incidents.total), num(prev.incidents.total))}
${tile(t.learningRate, share(learning.incidentsWithLesson, incidents.total), share(prev.learning.incidentsWithLesson, prev.incidents.total))}
${tile(t.validated, num(report.lessons.validated), num(prev.lessons.validated))}
${tile(t.overdue, num(report.actions.overdueAtQuarterEnd), num(prev.actions.overdueAtQuarterEnd))}
${tile(t.protectedTime, protectedShare(report.reflection), protectedShare(prev.reflection))}
</div>
<div class="grid">
<section><h2>${escapeHtml(t.bySeverity)}</h2>${severity}</section>
<section><h2>${escapeHtml(t.byAttention)}</h2>${attention}</section>
<section><h2>${escapeHtml(t.funnel)}</h2>${funnel}
<p class="meta">${escapeHtml(t.medianDays)}: ${escapeHtml(num(learning.medianDaysToValidatedLesson))} · ${escapeHtml(t.p90Days)}: ${escapeHtml(num(learning.p90DaysToValidatedLesson))}</p></section>
<section><h2>${escapeHtml(t.protectedTime)}</h2>${protectedTime}</section>
<section><h2>${escapeHtml(t.incidents)}</h2>${rows([
    [t.incidentsTotal, incidents.total, prev.incidents.total],
    [t.closed, incidents.closed, prev.incidents.closed],
    [t.recurrences, incidents.recurrences, prev.incidents.recurrences],
  ])}<p class="meta">${escapeHtml(t.statusAtEnd)}: ${escapeHtml(statusAtEnd)}</p></section>
<section><h2>${escapeHtml(t.lessons)}</h2>${rows([
    [t.drawn, report.lessons.drawn, prev.lessons.drawn],
    [t.validated, report.lessons.validated, prev.lessons.validated],
    [t.embedded, report.lessons.embedded, prev.lessons.embedded],
    [t.rechecksDue, report.lessons.rechecksDue, prev.lessons.rechecksDue],
    [t.rechecksDone, report.lessons.rechecksDone, prev.lessons.rechecksDone],
  ])}</section>
<section><h2>${escapeHtml(t.actions)}</h2>${rows([
    [t.created, report.actions.created, prev.actions.created],
    [t.done, report.actions.done, prev.actions.done],
    [t.doneOnTime, report.actions.doneOnTime, prev.actions.doneOnTime],
    [t.overdue, report.actions.overdueAtQuarterEnd, prev.actions.overdueAtQuarterEnd],
  ])}</section>
<section><h2>${escapeHtml(t.bestPractices)}</h2>${rows([
    [t.proposed, report.bestPractices.proposed, prev.bestPractices.proposed],
    [t.endorsed, report.bestPractices.endorsed, prev.bestPractices.endorsed],
    [t.adopted, report.bestPractices.adopted, prev.bestPractices.adopted],
    [t.adoptions, report.bestPractices.adoptions, prev.bestPractices.adoptions],
  ])}</section>
<section><h2>${escapeHtml(t.reflection)}</h2>${rows([
    [t.planned, report.reflection.planned, prev.reflection.planned],
    [t.held, report.reflection.held, prev.reflection.held],
    [t.postponed, report.reflection.postponed, prev.reflection.postponed],
    [t.cancelled, report.reflection.cancelled, prev.reflection.cancelled],
    [
      t.learningShare,
      share(report.reflection.learningMinutes, report.reflection.agendaMinutes),
      share(prev.reflection.learningMinutes, prev.reflection.agendaMinutes),
    ],
    [t.themeShare, themeShare(report.reflection), themeShare(prev.reflection)],
    [t.escalations, report.reflection.escalations, prev.reflection.escalations],
  ])}</section>
<section><h2>${escapeHtml(t.triangles)}</h2>${triangles}</section>
</div>
</body>
</html>
`;
}
