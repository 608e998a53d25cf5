import { AgendaItemKind } from '@app/domain/reflection/agenda-item-kind';
import { SERIES_STOPPED } from '@app/domain/reflection/series-stopped';
import { SessionStatus } from '@app/domain/reflection/session-status';
import { SnapshotReason } from '@app/domain/reports/snapshot-reason';
import { WebhookEventType } from '@app/domain/notifications/webhook-event-type';
import { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

const uuid = (description?: string): SchemaObject => ({
  type: 'string',
  format: 'uuid',
  ...(description ? { description } : {}),
});
const nullableUuid = (description: string): SchemaObject => ({ ...uuid(description), nullable: true });
const dateTime = (description: string): SchemaObject => ({
  type: 'string',
  format: 'date-time',
  description,
});
const count = (description: string): SchemaObject => ({ type: 'integer', minimum: 0, description });
const ratio = (description: string): SchemaObject => ({
  type: 'number',
  minimum: 0,
  maximum: 1,
  nullable: true,
  description,
});

/** What every message about a session carries (sessionPayload). */
const SESSION: Record<string, SchemaObject> = {
  sessionId: uuid(),
  seriesId: uuid(),
  seriesTitle: { type: 'string' },
  scheduledAt: dateTime('When it starts'),
  endsAt: dateTime('When it ends'),
  timeZone: { type: 'string', description: "The series' IANA time zone", example: 'Europe/Amsterdam' },
  location: { type: 'string', nullable: true },
  meetingUrl: { type: 'string', format: 'uri', nullable: true },
  icalSequence: count(
    "The SEQUENCE of the session's calendar event; a reminder carries the session's as it is when it goes",
  ),
};

const AGENDA: SchemaObject = {
  type: 'object',
  description:
    'The agenda as it is when the delivery goes (also on a retry), as everyone invited reads it: a ' +
    'confidential incident, and a lesson or action drawn from one, shows a placeholder title and no referenceId',
  required: ['totalMinutes', 'learningMinutes', 'protectedMinutes', 'items'],
  properties: {
    totalMinutes: count('The timeboxes added up'),
    learningMinutes: count('The timeboxes of the learning items (themes, lessons, best practices)'),
    protectedMinutes: count("The minutes the series' protected share keeps for learning"),
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['position', 'kind', 'referenceId', 'title', 'timeboxMinutes', 'learning'],
        properties: {
          position: { type: 'integer', minimum: 1 },
          kind: { type: 'string', enum: Object.values(AgendaItemKind) },
          referenceId: nullableUuid(
            'What it is about; null for a custom item, the review of all overdue actions, and a masked subject',
          ),
          title: { type: 'string', description: 'Compiled and masked titles are in Dutch' },
          timeboxMinutes: { type: 'integer', minimum: 1 },
          learning: { type: 'boolean' },
        },
      },
    },
  },
};

const REPORT_SUMMARY: SchemaObject = {
  type: 'object',
  required: [
    'year',
    'quarter',
    'incidents',
    'previousIncidents',
    'learningRate',
    'lessonsValidated',
    'actionsOverdue',
    'protectedTimeRatio',
    'previousProtectedTimeRatio',
    'escalations',
  ],
  properties: {
    year: { type: 'integer' },
    quarter: { type: 'integer', minimum: 1, maximum: 4 },
    incidents: count('Incidents registered in the quarter'),
    previousIncidents: count('The same in the quarter before'),
    learningRate: ratio('Share of those incidents with a lesson; null without incidents'),
    lessonsValidated: count('Lessons validated in the quarter'),
    actionsOverdue: count('Actions overdue at the end of the quarter'),
    protectedTimeRatio: ratio('Sessions held / planned; null when none was planned'),
    previousProtectedTimeRatio: ratio('The same in the quarter before'),
    escalations: count('Reflection escalations in the quarter'),
  },
};

/** Each event's data: its properties, and those that may be left out (all others are always there). */
const DATA: Record<
  WebhookEventType,
  { description: string; properties: Record<string, SchemaObject>; optional?: string[] }
> = {
  [WebhookEventType.AgendaPublished]: {
    description:
      "A session's agenda went out (at the series' lead time, or sent by a lead), or went out again: " +
      'changed and sent again, with a new title, place or meeting link of its series, or with the ' +
      'session postponed (then about the session that replaces it)',
    properties: { ...SESSION, agenda: AGENDA },
  },
  [WebhookEventType.SessionReminder]: {
    description: "A reminder of a session, at each of its series' reminder offsets before the start",
    properties: {
      ...SESSION,
      offset: { type: 'string', description: 'The reminder offset (ISO 8601 duration)', example: 'P1D' },
    },
  },
  [WebhookEventType.SessionCancelled]: {
    description: 'A session was cancelled, by a lead or because its series stopped',
    properties: {
      ...SESSION,
      reason: { type: 'string', description: 'Why, as the lead wrote it (in Dutch when the series stopped)' },
      cause: {
        type: 'string',
        enum: [SERIES_STOPPED.cause],
        description: 'Only when the system cancelled it: its series stopped',
      },
    },
    optional: ['cause'],
  },
  [WebhookEventType.SessionPostponed]: {
    description:
      'A session was postponed: sessionId, scheduledAt, endsAt and icalSequence are of the session that ' +
      'replaces it, the previous… properties of the postponed one',
    properties: {
      ...SESSION,
      previousSessionId: uuid('The postponed session'),
      previousScheduledAt: dateTime('When the postponed session was to start'),
      previousIcalSequence: count("The postponed session's SEQUENCE"),
      reason: { type: 'string', description: 'Why, as the lead wrote it' },
    },
  },
  [WebhookEventType.ReflectionEscalated]: {
    description:
      'Two or more sessions of a series in a row were not held (once per further session in the run)',
    properties: {
      seriesId: uuid(),
      seriesTitle: { type: 'string' },
      chainId: nullableUuid("The series' chain"),
      sessionId: uuid('The newest session of the run that was not escalated yet'),
      missedSessions: {
        type: 'array',
        description: 'The whole run of sessions not held, oldest first',
        items: {
          type: 'object',
          required: ['id', 'scheduledAt', 'status'],
          properties: {
            id: uuid(),
            scheduledAt: dateTime('When it was to start'),
            status: {
              type: 'string',
              enum: Object.values(SessionStatus).filter((status) => status !== SessionStatus.Held),
              description: 'planned or agenda-sent: it went by without an outcome recorded',
            },
          },
        },
      },
    },
  },
  [WebhookEventType.ActionOverdue]: {
    description:
      'An open action became overdue: 09:00 Dutch time the day after its due date, or at once when it ' +
      'is entered or given a due date already past that; once per due date',
    properties: {
      actionId: uuid(),
      dueDate: { type: 'string', format: 'date' },
      assigneeId: uuid(),
      chainId: nullableUuid("The action's chain"),
    },
  },
  [WebhookEventType.ReportPublished]: {
    description: "A quarter closed: the organisation's quarterly report was frozen as a snapshot",
    properties: {
      snapshotId: uuid(),
      organisationId: uuid(),
      chainId: nullableUuid('The chain the report is about; null for the whole organisation'),
      year: { type: 'integer' },
      quarter: { type: 'integer', minimum: 1, maximum: 4 },
      reason: { type: 'string', enum: [SnapshotReason.QuarterClose] },
      href: {
        type: 'string',
        format: 'uri-reference',
        description: 'The snapshot in this API',
        example: '/v1/reports/quarterly-snapshots/0b7ae5d4-3c1f-4e59-9a51-2f5d7c0e8a13',
      },
      summary: REPORT_SUMMARY,
    },
  },
};

/** The component name of an event's body: agenda.published → AgendaPublishedWebhook. */
function schemaName(event: WebhookEventType): string {
  return `${event.replace(/(^|\.)(\w)/g, (_, __, letter: string) => letter.toUpperCase())}Webhook`;
}

/**
 * The JSON body of every webhook delivery, one schema per event (NotificationDelivery builds the
 * envelope, the planners the data). test/webhook-payloads.e2e-spec.ts holds the real deliveries
 * to them, so what is documented and what is sent stay the same.
 */
export const WEBHOOK_PAYLOAD_SCHEMAS: Record<WebhookEventType, { name: string; schema: SchemaObject }> =
  Object.fromEntries(
    Object.values(WebhookEventType).map((event) => {
      const { description, properties, optional = [] } = DATA[event];
      const schema: SchemaObject = {
        type: 'object',
        description: `${description}. Sent with the headers Leerlus-Event: ${event} and Leerlus-Signature.`,
        required: ['id', 'event', 'occurredAt', 'data'],
        properties: {
          id: uuid(
            'The delivery: its entry in GET /v1/notifications, the same on every attempt (a retry may ' +
              'come after the delivery arrived: deduplicate on it)',
          ),
          event: { type: 'string', enum: [event] },
          occurredAt: dateTime("When the event was due (the delivery's dueAt), also on a later attempt"),
          data: {
            type: 'object',
            required: Object.keys(properties).filter((name) => !optional.includes(name)),
            properties,
          },
        },
      };
      return [event, { name: schemaName(event), schema }];
    }),
  ) as Record<WebhookEventType, { name: string; schema: SchemaObject }>;
